import Crypto
import CryptoExtras
import Foundation

/// AES-256 in ECB mode with PKCS#7 padding, over swift-crypto's single-block AES permutation
/// (`AES.permute`): what WeChat Pay uses for the refund notify's `req_info`. ECB is weak, but
/// it is the platform's choice; nothing else here uses it.
public enum AES256ECB {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case badKey
        case badLength
        case badPadding

        public var description: String {
            switch self {
            case .badKey: return "The AES key is not 32 bytes."
            case .badLength: return "The ciphertext is not a whole number of 16-byte blocks."
            case .badPadding: return "The ciphertext does not decrypt under this key (bad padding)."
            }
        }
    }

    public static func encrypt(_ plaintext: [UInt8], key: [UInt8], pad: Bool = true) throws(Error) -> [UInt8] {
        var data = plaintext
        if pad {
            let n = 16 - data.count % 16
            data += [UInt8](repeating: UInt8(n), count: n)
        }
        return try blocks(data, key: key, forward: true)
    }

    public static func decrypt(_ ciphertext: [UInt8], key: [UInt8], pad: Bool = true) throws(Error) -> [UInt8] {
        let data = try blocks(ciphertext, key: key, forward: false)
        guard pad else { return data }
        guard let n = data.last, (1...16).contains(n), data.count >= Int(n),
              data.suffix(Int(n)).allSatisfy({ $0 == n }) else { throw .badPadding }
        return Array(data.dropLast(Int(n)))
    }

    static func blocks(_ input: [UInt8], key: [UInt8], forward: Bool) throws(Error) -> [UInt8] {
        guard key.count == 32 else { throw .badKey }
        guard input.count % 16 == 0 else { throw .badLength }
        let symmetric = SymmetricKey(data: key)
        var out = input
        do {
            for start in stride(from: 0, to: out.count, by: 16) {
                if forward { try AES.permute(&out[start..<start + 16], key: symmetric) } else {
                    try AES.inversePermute(&out[start..<start + 16], key: symmetric)
                }
            }
        } catch {
            throw .badKey
        }
        return out
    }
}

/// The refund notify's `req_info`: base64 of AES-256-ECB (PKCS#7) under the lowercase hex MD5
/// of the API key, holding a `<root>` of refund fields.
public enum RefundInfo {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case notBase64
        case cipher(AES256ECB.Error)
        case xml(WeChatXML.Error)

        public var description: String {
            switch self {
            case .notBase64: return "req_info is not base64: the refund notify is refused."
            case .cipher(let e): return "req_info does not decrypt with the API key (\(e.description)): the refund notify is refused."
            case .xml(let e): return "req_info is not readable: \(e.description)"
            }
        }
    }

    /// 32 ASCII bytes: the lowercase hex MD5 of the API key, used as the AES-256 key.
    public static func aesKey(apiKey: String) -> [UInt8] {
        Array(WeChatKey.hex(Insecure.MD5.hash(data: Data(apiKey.utf8))).lowercased().utf8)
    }

    public static func encrypt(_ fields: [String: String], apiKey: String) -> String {
        // The key is 32 bytes by construction: encryption cannot fail.
        let sealed = (try? AES256ECB.encrypt(Array(WeChatXML.document(fields, root: "root").utf8), key: aesKey(apiKey: apiKey))) ?? []
        return Data(sealed).base64EncodedString()
    }

    public static func decrypt(_ reqInfo: String, apiKey: String) throws(Error) -> [String: String] {
        guard let raw = Data(base64Encoded: reqInfo) else { throw .notBase64 }
        let plain: [UInt8]
        do throws(AES256ECB.Error) { plain = try AES256ECB.decrypt(Array(raw), key: aesKey(apiKey: apiKey)) } catch { throw .cipher(error) }
        do throws(WeChatXML.Error) { return try WeChatXML.parse(String(decoding: plain, as: UTF8.self)).fields } catch { throw .xml(error) }
    }
}
