import CashierCore

/// WeChat Pay's amounts (`total_fee`, `refund_fee`, …): whole fen as decimal digits, exactly
/// the minor units of a CNY amount.
public enum Fen {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case notTwoDecimals(Currency)
        case malformed(String)

        public var description: String {
            switch self {
            case .notTwoDecimals(let c):
                return "Amounts go to WeChat Pay in fen, but \(c.code) has \(c.exponent) decimals: use a store in CNY."
            case .malformed(let t):
                return "The amount \"\(t)\" is not a whole number of fen (such as 1230 for 12.30): the message is refused."
            }
        }
    }

    /// "1230" for 12.30 yuan.
    public static func string(_ money: Money) throws(Error) -> String {
        guard money.currency.exponent == 2 else { throw .notTwoDecimals(money.currency) }
        guard money.minor >= 0 else { throw .malformed(String(money.minor)) }
        return String(money.minor)
    }

    /// Digits only, no sign, no leading zero (but "0" itself), at most 15 of them.
    public static func parse(_ text: String, currency: Currency = .cny) throws(Error) -> Money {
        guard currency.exponent == 2 else { throw .notTwoDecimals(currency) }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 15, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              bytes.count == 1 || bytes[0] != UInt8(ascii: "0") else { throw .malformed(text) }
        var minor: Int64 = 0
        for b in bytes { minor = minor * 10 + Int64(b - UInt8(ascii: "0")) }
        return Money(minor: minor, currency: currency)
    }
}
