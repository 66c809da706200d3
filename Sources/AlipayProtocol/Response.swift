import Foundation

/// The fields of a trade method's answer (all methods share one shape; each fills its own).
/// `closeReason` and `refundFailReason` are the sandbox's own additions, which Alipay's SDKs
/// ignore: TRADE_CLOSED alone cannot tell a declined payment from an expired one.
public struct AlipayTradeResponse: Codable, Sendable, Equatable {
    public var code: String
    public var msg: String
    public var subCode: String?
    public var subMsg: String?
    public var tradeNo: String?
    public var outTradeNo: String?
    public var totalAmount: String?
    public var tradeStatus: String?
    public var sendPayDate: String?
    public var qrCode: String?
    public var retryFlag: String?
    public var action: String?
    public var refundFee: String?
    public var fundChange: String?
    public var outRequestNo: String?
    public var refundAmount: String?
    public var refundStatus: String?
    public var closeReason: String?
    public var refundFailReason: String?
    public var billDownloadUrl: String?

    public init(code: String, msg: String, subCode: String? = nil, subMsg: String? = nil) {
        self.code = code
        self.msg = msg
        self.subCode = subCode
        self.subMsg = subMsg
    }

    public static func success() -> AlipayTradeResponse { .init(code: AlipayCode.success, msg: "Success") }

    public static func failure(_ subCode: String, _ subMsg: String) -> AlipayTradeResponse {
        .init(code: AlipayCode.businessFailure, msg: "Business Failed", subCode: subCode, subMsg: subMsg)
    }
}

public enum AlipayResponseError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON
    case missingObject(String)
    case signature(AlipaySignatureError)
    case badObject(String)

    public var description: String {
        switch self {
        case .notJSON: return "The platform's answer is not a JSON object."
        case .missingObject(let key): return "The platform's answer has no \(key)."
        case .signature(let e): return "The platform's answer is not signed by the platform: \(e.description)"
        case .badObject(let why): return "The platform's answer could not be read (\(why))."
        }
    }
}

/// `{"alipay_trade_pay_response":{...},"sign":"..."}`: the signature covers the exact text of
/// the response object as it appears in the body, so the receiver must cut it out, never
/// re-serialise it.
public enum AlipayResponse {
    /// "alipay.trade.pay" → "alipay_trade_pay_response".
    public static func key(method: String) -> String { method.replacingOccurrences(of: ".", with: "_") + "_response" }

    /// A signed body. `key` defaults to the method's; the gateway uses "error_response" for
    /// requests it could not attribute to a method.
    public static func body(method: String, response: AlipayTradeResponse, signer: AlipaySigner, key: String? = nil) -> String {
        let object = AlipayJSON.string(response)
        let name = key ?? Self.key(method: method)
        return "{\"\(name)\":\(object),\"sign\":\"\(signer.sign(object))\"}"
    }

    /// Cuts out the response object, checks its signature, then decodes it. An `error_response`
    /// is accepted in place of the method's object (the gateway's refusals), signed the same way.
    public static func parse(body: String, method: String, verifier: AlipayVerifier) throws(AlipayResponseError) -> AlipayTradeResponse {
        guard let members = RawJSON.topLevelMembers(body) else { throw .notJSON }
        let name = key(method: method)
        guard let raw = members[name] ?? members["error_response"] else { throw .missingObject(name) }
        let sign = members["sign"].flatMap(RawJSON.stringValue)
        do throws(AlipaySignatureError) { try verifier.verify(String(raw), signature: sign) } catch { throw .signature(error) }
        do { return try AlipayJSON.decoder.decode(AlipayTradeResponse.self, from: Data(raw.utf8)) } catch {
            throw .badObject(AlipayJSON.describe(error))
        }
    }
}

/// Just enough JSON scanning to find the raw text of each top-level member.
enum RawJSON {
    /// The raw text of each member value of the top-level object, or nil for anything else.
    static func topLevelMembers(_ text: String) -> [String: Substring]? {
        let u = text.utf8
        var i = u.startIndex
        func skipSpace() { while i < u.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(u[i]) { i = u.index(after: i) } }
        func peek() -> UInt8? { i < u.endIndex ? u[i] : nil }
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { return nil }
        i = u.index(after: i)
        var members: [String: Substring] = [:]
        skipSpace()
        if peek() == UInt8(ascii: "}") { return members }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\""), let keyEnd = endOfString(u, from: i) else { return nil }
            guard let key = stringValue(Substring(text[i..<keyEnd])) else { return nil }
            i = keyEnd
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { return nil }
            i = u.index(after: i)
            skipSpace()
            guard let valueEnd = endOfValue(u, from: i) else { return nil }
            members[key] = text[i..<valueEnd]
            i = valueEnd
            skipSpace()
            guard let c = peek() else { return nil }
            i = u.index(after: i)
            if c == UInt8(ascii: "}") { return members }
            guard c == UInt8(ascii: ",") else { return nil }
        }
    }

    /// The decoded value of a raw JSON string literal.
    static func stringValue(_ raw: Substring) -> String? {
        try? JSONDecoder().decode([String].self, from: Data(("[" + raw + "]").utf8)).first
    }

    /// Index just past the string literal starting at `start` (a quote).
    static func endOfString(_ u: String.UTF8View, from start: String.Index) -> String.Index? {
        var i = u.index(after: start)
        while i < u.endIndex {
            switch u[i] {
            case UInt8(ascii: "\\"):
                i = u.index(after: i)
                guard i < u.endIndex else { return nil }
            case UInt8(ascii: "\""):
                return u.index(after: i)
            default: break
            }
            i = u.index(after: i)
        }
        return nil
    }

    /// Index just past the value starting at `start`: a string, a balanced object or array,
    /// or a literal running to the next `,` `}` `]` or space.
    static func endOfValue(_ u: String.UTF8View, from start: String.Index) -> String.Index? {
        guard start < u.endIndex else { return nil }
        let first = u[start]
        if first == UInt8(ascii: "\"") { return endOfString(u, from: start) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            var i = start
            while i < u.endIndex {
                switch u[i] {
                case UInt8(ascii: "\""):
                    guard let end = endOfString(u, from: i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return u.index(after: i) }
                default: break
                }
                i = u.index(after: i)
            }
            return nil
        }
        var i = start
        while i < u.endIndex, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(u[i]) {
            i = u.index(after: i)
        }
        return i == start ? nil : i
    }
}
