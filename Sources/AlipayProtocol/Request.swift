import CashierCore
import Foundation

/// Builds signed requests: the common parameters, `biz_content` and `sign`.
public struct AlipayRequestBuilder: Sendable {
    public var appID: String
    public var signer: AlipaySigner
    public var notifyURL: String?

    public init(appID: String, signer: AlipaySigner, notifyURL: String?) {
        self.appID = appID
        self.signer = signer
        self.notifyURL = notifyURL
    }

    /// Every parameter of the call, `sign` included, ready to be form-encoded.
    public func parameters(method: String, biz: some Encodable, now: Millis) -> [String: String] {
        var p: [String: String] = [
            "app_id": appID, "method": method, "format": "JSON", "charset": "utf-8",
            "sign_type": "RSA2", "timestamp": AlipayTime.string(now), "version": "1.0",
            "biz_content": AlipayJSON.string(biz),
        ]
        if let notifyURL, !notifyURL.isEmpty, method == AlipayMethod.pay || method == AlipayMethod.precreate {
            p["notify_url"] = notifyURL
        }
        p["sign"] = signer.sign(AlipayCanonical.string(p))
        return p
    }
}

/// Why the gateway refuses a request before looking at its business content.
public enum AlipayRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(String)
    case signature(AlipaySignatureError)
    case badBizContent(String)

    public var description: String {
        switch self {
        case .missing(let name): return "The request has no \(name): add it."
        case .signature(let e): return e.description
        case .badBizContent(let why): return "biz_content is not valid for this method (\(why)): fix the JSON."
        }
    }

    /// Alipay's sub_code for the refusal.
    public var subCode: String {
        switch self {
        case .missing(let name): return "isv.missing-" + name.replacingOccurrences(of: "_", with: "-")
        case .signature: return "isv.invalid-signature"
        case .badBizContent: return "isv.invalid-biz-content"
        }
    }
}

/// A request the gateway received, its signature checked against the merchant's public key.
public struct AlipayIncomingRequest: Sendable {
    public var parameters: [String: String]
    public var method: String { parameters["method"] ?? "" }
    public var appID: String { parameters["app_id"] ?? "" }
    public var notifyURL: String? { parameters["notify_url"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Checks the common parameters and the signature (over everything but `sign`).
    public static func verified(_ parameters: [String: String], verifier: AlipayVerifier) throws(AlipayRequestError) -> AlipayIncomingRequest {
        for name in ["app_id", "method", "sign", "biz_content"] where (parameters[name] ?? "").isEmpty {
            throw .missing(name)
        }
        if let type = parameters["sign_type"], type != "RSA2" { throw .signature(.unsupportedSignType(type)) }
        do throws(AlipaySignatureError) {
            try verifier.verify(AlipayCanonical.string(parameters), signature: parameters["sign"])
        } catch {
            throw .signature(error)
        }
        return AlipayIncomingRequest(parameters: parameters)
    }

    public func biz<T: Decodable>(_ type: T.Type) throws(AlipayRequestError) -> T {
        do { return try AlipayJSON.decoder.decode(T.self, from: Data((parameters["biz_content"] ?? "").utf8)) } catch {
            throw .badBizContent(AlipayJSON.describe(error))
        }
    }
}

/// One JSON style everywhere: snake_case keys, sorted, slashes unescaped.
public enum AlipayJSON {
    public static func string(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Our own plain structs of strings always encode.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        default: return "not JSON"
        }
    }
}
