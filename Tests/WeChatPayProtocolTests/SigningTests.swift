import Testing
import WeChatPayProtocol

/// The example of WeChat Pay's own documentation, "安全规范 → 签名算法"
/// (https://pay.weixin.qq.com/wiki/doc/api/H5.php?chapter=4_3, the same text on every product's
/// chapter 4_3): fields, API key and both published signatures.
@Suite struct SigningTests {
    static let fields = ["appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000",
                         "body": "test", "nonce_str": "ibuaiVcKdpRxkhJA"]
    static let key = WeChatKey(apiKey: "192006250b4c09247ec02edce69f6a2d")

    @Test func theDocumentedCanonicalString() {
        #expect(WeChatCanonical.string(Self.fields) ==
                "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA")
    }

    @Test func theDocumentedMD5Signature() {
        #expect(Self.key.sign(Self.fields, type: .md5) == "9A0A8659F005D6984697E2CA0A9CF3B7")
    }

    @Test func theDocumentedHMACSHA256Signature() {
        #expect(Self.key.sign(Self.fields, type: .hmacSHA256) == "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6")
    }

    @Test func signAndEmptyValuesAreLeftOutOfTheCanonicalString() {
        var f = Self.fields
        f["sign"] = "9A0A8659F005D6984697E2CA0A9CF3B7"
        f["attach"] = ""
        #expect(WeChatCanonical.string(f) == WeChatCanonical.string(Self.fields))
        #expect(Self.key.sign(f, type: .md5) == "9A0A8659F005D6984697E2CA0A9CF3B7")
        // Names in byte (ASCII) order: upper case before lower case, "_" between them.
        #expect(WeChatCanonical.string(["b": "1", "B": "2", "a_b": "3", "ab": "4"]) == "B=2&a_b=3&ab=4&b=1")
    }

    @Test func verificationAcceptsTheDocumentedMessageAndRefusesAnyChange() throws {
        let signed = Self.key.signed(Self.fields, type: .md5)
        try Self.key.verify(signed)
        var tampered = signed
        tampered["body"] = "test2"
        #expect(throws: WeChatSignatureError.mismatch) { try Self.key.verify(tampered) }
        var lower = signed
        lower["sign"] = signed["sign"]!.lowercased()
        #expect(throws: WeChatSignatureError.mismatch) { try Self.key.verify(lower) }
        var unsigned = signed
        unsigned["sign"] = nil
        #expect(throws: WeChatSignatureError.missing) { try Self.key.verify(unsigned) }
        #expect(throws: WeChatSignatureError.mismatch) { try WeChatKey(apiKey: "another-key").verify(signed) }
        // The sign type a message names is the one checked.
        var hmac = Self.fields
        hmac["sign_type"] = "HMAC-SHA256"
        let hmacSigned = Self.key.signed(hmac, type: .hmacSHA256)
        try Self.key.verify(hmacSigned)
        #expect(throws: WeChatSignatureError.mismatch) { try Self.key.verify(hmacSigned, type: .md5) }
        var sha1 = signed
        sha1["sign_type"] = "SHA1"
        #expect(throws: WeChatSignatureError.unsupportedSignType("SHA1")) { try Self.key.verify(sha1) }
    }

    @Test func noncesAre32LettersAndDigitsAndDiffer() {
        let a = WeChatNonce.make(), b = WeChatNonce.make()
        #expect(a.count == 32 && a.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(a != b)
    }
}
