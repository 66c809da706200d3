/// The online platforms a payment can go to.
public enum PlatformKind: String, CaseIterable, Codable, Sendable {
    case wechat, alipay, unionpay

    public var displayName: String {
        switch self {
        case .wechat: return "WeChat Pay"
        case .alipay: return "Alipay"
        case .unionpay: return "UnionPay"
        }
    }
}

/// A payment code shown by the customer's phone, validated and routed like real ones.
public struct PaymentCode: Hashable, Sendable, CustomStringConvertible {
    public let digits: String
    public let platform: PlatformKind

    public enum CodeError: Error, Equatable, Sendable, CustomStringConvertible {
        case notDigits
        case unknownFormat(length: Int)

        public var description: String {
            switch self {
            case .notDigits:
                return "The payment code must be digits only: scan the customer's code again."
            case .unknownFormat(let length):
                return "The payment code (\(length) digits) is not a WeChat (18 digits, 10–15…), Alipay (16–24 digits, 25–30…) or UnionPay (19 digits, 62…) code: scan it again."
            }
        }
    }

    public init(_ text: String) throws(CodeError) {
        let code = text.trimmingSpaces
        guard !code.isEmpty, code.allSatisfy(\.isASCIIDigit) else { throw .notDigits }
        let prefix = Int(code.prefix(2)) ?? -1
        switch (code.count, prefix) {
        case (18, 10...15): platform = .wechat
        case (16...24, 25...30): platform = .alipay
        case (19, 62): platform = .unionpay
        default: throw .unknownFormat(length: code.count)
        }
        digits = code
    }

    /// The last digit: the sandbox platform reads its behaviour from it.
    public var lastDigit: Int { Int(String(digits.last!))! }

    /// Shown on screens and receipts: never the whole code.
    public var masked: String { String(digits.prefix(4)) + "…" + String(digits.suffix(4)) }
    public var description: String { masked }
}
