/// An ISO 4217 currency with the number of digits in its minor unit.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String
    public let exponent: Int

    public init(code: String, exponent: Int) {
        self.code = code
        self.exponent = exponent
    }

    public static let cny = Currency(code: "CNY", exponent: 2)
    public static let usd = Currency(code: "USD", exponent: 2)
    public static let eur = Currency(code: "EUR", exponent: 2)
    public static let jpy = Currency(code: "JPY", exponent: 0)

    static let known: [String: Currency] = ["CNY": .cny, "USD": .usd, "EUR": .eur, "JPY": .jpy]

    public static func named(_ code: String) -> Currency? { known[code.uppercased()] }

    public var description: String { code }

    /// 10^exponent: minor units in one major unit.
    public var scale: Int64 {
        var s: Int64 = 1
        for _ in 0..<exponent { s *= 10 }
        return s
    }
}

/// An amount of money in integer minor units. Never floating point.
public struct Money: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var minor: Int64
    public var currency: Currency

    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minor: 0, currency: currency) }

    public static func < (a: Money, b: Money) -> Bool {
        precondition(a.currency == b.currency, "comparing \(a.currency) with \(b.currency)")
        return a.minor < b.minor
    }

    public static func + (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "adding \(a.currency) to \(b.currency)")
        return Money(minor: a.minor + b.minor, currency: a.currency)
    }

    public static func - (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "subtracting \(b.currency) from \(a.currency)")
        return Money(minor: a.minor - b.minor, currency: a.currency)
    }

    /// "12.34" — the decimal form used on screen, in the CLI and in JSON.
    public var decimal: String { Money.format(minor: minor, currency: currency) }

    /// "12.34 CNY"
    public var description: String { "\(decimal) \(currency.code)" }

    public static func format(minor: Int64, currency: Currency) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        let scale = UInt64(currency.scale)
        var text = String(magnitude / scale)
        if currency.exponent > 0 {
            var fraction = String(magnitude % scale)
            while fraction.count < currency.exponent { fraction = "0" + fraction }
            text += "." + fraction
        }
        return negative ? "-" + text : text
    }

    /// Parses an amount typed by a person, strictly: digits, optionally a point and at most
    /// as many digits as the currency's minor unit. No sign, no exponent, no grouping.
    public static func parse(_ text: String, currency: Currency) throws(MoneyParseError) -> Money {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw .empty }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw .malformed(text) }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        if trimmed.hasPrefix("-") { throw .negative(text) }
        guard !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { throw .malformed(text) }
        if parts.count == 2 {
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { throw .malformed(text) }
            guard fraction.count <= currency.exponent else {
                throw .tooPrecise(text, digits: currency.exponent)
            }
        }
        guard whole.count <= 15 else { throw .tooLarge(text) }
        var minor = Int64(whole)! * currency.scale
        var padded = String(fraction)
        while padded.count < currency.exponent { padded += "0" }
        if !padded.isEmpty { minor += Int64(padded)! }
        return Money(minor: minor, currency: currency)
    }
}

public enum MoneyParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case negative(String)
    case malformed(String)
    case tooPrecise(String, digits: Int)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty:
            return "The amount is empty: type an amount such as 12.34."
        case .negative(let t):
            return "The amount \"\(t)\" is negative: type a positive amount such as 12.34."
        case .malformed(let t):
            return "The amount \"\(t)\" is not a number: type digits with an optional point, such as 12.34."
        case .tooPrecise(let t, let digits):
            if digits == 0 { return "The amount \"\(t)\" has decimal places but this currency has none: type a whole number such as 12." }
            return "The amount \"\(t)\" has more than \(digits) decimal places: round it to \(digits) places, such as \("12." + String("3456789".prefix(digits)))."
        case .tooLarge(let t):
            return "The amount \"\(t)\" is too large: type an amount below 1,000,000,000,000,000."
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Without leading and trailing spaces: what a person meant to type.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
