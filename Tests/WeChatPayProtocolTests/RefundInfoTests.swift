import Testing
import WeChatPayProtocol

@Suite struct RefundInfoTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
            chars = chars.dropFirst(2)
        }
        return out
    }

    /// NIST SP 800-38A, F.1.5 ECB-AES256.Encrypt (and F.1.6 Decrypt): four blocks, no padding.
    @Test func theNISTECBAES256Vector() throws {
        let key = Self.bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
        let plain = Self.bytes("6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
                               + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710")
        let cipher = Self.bytes("f3eed1bdb5d2a03c064b5a7e3db181f8" + "591ccb10d410ed26dc5ba74a31362870"
                                + "b6ed21b99ca6f4f9f153e7b1beafed1d" + "23304b7a39f9f3ff067d8d8f9e24ecc7")
        #expect(try AES256ECB.encrypt(plain, key: key, pad: false) == cipher)
        #expect(try AES256ECB.decrypt(cipher, key: key, pad: false) == plain)
    }

    @Test func paddingRoundTripsEveryLength() throws {
        let key = [UInt8](repeating: 7, count: 32)
        for n in 0...40 {
            let plain = (0..<n).map { UInt8($0) }
            let sealed = try AES256ECB.encrypt(plain, key: key)
            #expect(sealed.count == (n / 16 + 1) * 16)
            #expect(try AES256ECB.decrypt(sealed, key: key) == plain)
        }
        #expect(throws: AES256ECB.Error.badLength) { try AES256ECB.decrypt([1, 2, 3], key: key) }
        #expect(throws: AES256ECB.Error.badKey) { try AES256ECB.encrypt([1], key: [1, 2]) }
    }

    /// Computed independently with OpenSSL:
    /// `printf '%s' "$XML" | openssl enc -aes-256-ecb -K $(printf '%s' $(printf '%s' "$API_KEY" | md5sum | cut -d' ' -f1) | xxd -p -c 64) | base64 -w0`
    @Test func anOpenSSLEncryptedReqInfoDecrypts() throws {
        let apiKey = "abcdefghijklmnopqrstuvwxyz012345"
        #expect(String(decoding: RefundInfo.aesKey(apiKey: apiKey), as: UTF8.self) == "357e82db934fc45f4a25b4b83dc8bd19")
        let reqInfo = "gAlbSEltaPltziQrIgfDEEjQ9fOtlbFwTwSkiqs4hVmuVkyjRKDu5kmurc/AdV/Y409fg9rfNyNWFHC9GIZc9KbvaCa/UQUbYko/6pu+B2kJ5HS0DwaWa/I9p/UGsCCLsUDYjBvpqsd7gbFrOYf6nSRsSwicZTtN1ms0wXS7bh8x1VdKHlpMC3Bxuu/hO4iIvpqIHW059J4d1A1lZJKGjg=="
        let fields = try RefundInfo.decrypt(reqInfo, apiKey: apiKey)
        #expect(fields == ["out_refund_no": "R1", "refund_fee": "100", "refund_status": "SUCCESS"])
        // Our encryption of the same fields is byte for byte OpenSSL's.
        #expect(RefundInfo.encrypt(fields, apiKey: apiKey) == reqInfo)
    }

    @Test func aWrongKeyOrGarbageIsRefused() {
        let sealed = RefundInfo.encrypt(["refund_status": "SUCCESS", "out_refund_no": "R1"], apiKey: "k1")
        #expect(throws: RefundInfo.Error.self) { try RefundInfo.decrypt(sealed, apiKey: "k2") }
        #expect(throws: RefundInfo.Error.notBase64) { try RefundInfo.decrypt("not base64!", apiKey: "k1") }
    }
}
