import CashierCore

/// Money on the wire: yuan with two decimals ("12.30"), converted exactly from and to minor units.
public enum Yuan {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case notTwoDecimals(Currency)
        case malformed(String)

        public var description: String {
            switch self {
            case .notTwoDecimals(let c):
                return "Amounts go on the wire in yuan with two decimals, but \(c.code) has \(c.exponent): use a store in CNY."
            case .malformed(let t):
                return "The amount \"\(t)\" is not yuan with at most two decimals (such as 12.30): the message is refused."
            }
        }
    }

    /// "12.30" for 1230 fen. Always two decimals, as Alipay writes them.
    public static func string(_ money: Money) throws(Error) -> String {
        guard money.currency.exponent == 2 else { throw .notTwoDecimals(money.currency) }
        return Money.format(minor: money.minor, currency: money.currency)
    }

    /// Parses strictly: digits without leading zeros or sign, then optionally a point and one
    /// or two digits. "1.234", "-1", "1e3", " 1", "01.00" and "1." are refused.
    public static func parse(_ text: String, currency: Currency = .cny) throws(Error) -> Money {
        guard currency.exponent == 2 else { throw .notTwoDecimals(currency) }
        let bytes = Array(text.utf8)
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        guard !whole.isEmpty, whole.count <= 13, whole.allSatisfy(isDigit),
              whole.count == 1 || whole.first != UInt8(ascii: "0"),
              point == nil || (1...2).contains(fraction.count), fraction.allSatisfy(isDigit) else {
            throw .malformed(text)
        }
        var minor: Int64 = 0
        for b in whole { minor = minor * 10 + Int64(b - UInt8(ascii: "0")) }
        var cents: Int64 = 0
        for b in fraction { cents = cents * 10 + Int64(b - UInt8(ascii: "0")) }
        if fraction.count == 1 { cents *= 10 }
        return Money(minor: minor * 100 + cents, currency: currency)
    }
}
