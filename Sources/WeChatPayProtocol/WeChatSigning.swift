import Crypto
import Foundation

/// The string WeChat Pay signs: non-empty fields but `sign`, sorted by name in byte order,
/// `k=v` joined by `&`, then `&key=API_KEY`.
public enum WeChatCanonical {
    public static func string(_ fields: [String: String]) -> String {
        fields
            .filter { !$0.value.isEmpty && $0.key != "sign" }
            .sorted { precedes($0.key, $1.key) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// ASCII order of the names, as WeChat's documentation asks ("参数名ASCII码从小到大排序").
    static func precedes(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
}

/// `sign_type`: MD5 when absent.
public enum WeChatSignType: String, Sendable, CaseIterable {
    case md5 = "MD5"
    case hmacSHA256 = "HMAC-SHA256"

    /// The sign type a message names, or nil for one this protocol does not know.
    public static func of(_ fields: [String: String]) -> WeChatSignType? {
        guard let text = fields["sign_type"], !text.isEmpty else { return .md5 }
        return WeChatSignType(rawValue: text)
    }
}

public enum WeChatSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing
    case unsupportedSignType(String)
    case mismatch

    public var description: String {
        switch self {
        case .missing: return "The message carries no signature (sign): it is refused."
        case .unsupportedSignType(let t): return "sign_type \(t) is not supported: use MD5 or HMAC-SHA256."
        case .mismatch: return "The signature does not match the message and the API key: the message is refused."
        }
    }
}

/// The merchant's API key (商户平台 → API安全 → API密钥): both sides sign with it.
public struct WeChatKey: Sendable, Equatable {
    public let apiKey: String

    public init(apiKey: String) { self.apiKey = apiKey }

    /// Uppercase hex of MD5 (or HMAC-SHA256 keyed by the API key) over the canonical string.
    public func sign(_ fields: [String: String], type: WeChatSignType) -> String {
        let text = Data((WeChatCanonical.string(fields) + "&key=" + apiKey).utf8)
        switch type {
        case .md5: return Self.hex(Insecure.MD5.hash(data: text))
        case .hmacSHA256:
            return Self.hex(HMAC<SHA256>.authenticationCode(for: text, using: SymmetricKey(data: Data(apiKey.utf8))))
        }
    }

    /// The fields with `sign` added. `sign_type` is the caller's (it is signed like any field).
    public func signed(_ fields: [String: String], type: WeChatSignType) -> [String: String] {
        var f = fields
        f["sign"] = sign(fields, type: type)
        return f
    }

    /// Throws unless `sign` is this key's signature of the other fields under `type`
    /// (by default the one the fields name).
    public func verify(_ fields: [String: String], type: WeChatSignType? = nil) throws(WeChatSignatureError) {
        guard let type = type ?? WeChatSignType.of(fields) else { throw .unsupportedSignType(fields["sign_type"] ?? "") }
        guard let given = fields["sign"], !given.isEmpty else { throw .missing }
        let expected = sign(fields, type: type)
        // Same length, every byte compared: no early exit that would time the difference.
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count, zip(a, b).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { throw .mismatch }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `nonce_str`: 32 letters and digits from the system's random generator.
public enum WeChatNonce {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    public static func make(length: Int = 32) -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }
}
