import CashierCore
import Testing

/// A currency with three minor digits (like KWD), to test more than the built-in ones.
let threeDigits = Currency(code: "KWD", exponent: 3)

@Suite struct MoneyParseTests {
    @Test(arguments: [
        ("12.34", Int64(1234)),
        ("0.5", 50),
        ("7", 700),
        ("0", 0),
        ("12.30", 1230),
        ("0.05", 5),
        ("0.00", 0),
        ("  12.34  ", 1234),
        ("999999999999999", 99_999_999_999_999_900),
        ("999999999999999.99", 99_999_999_999_999_999),
    ])
    func acceptsCNY(text: String, minor: Int64) throws {
        #expect(try Money.parse(text, currency: .cny) == Money(minor: minor, currency: .cny))
    }

    @Test(arguments: [
        ("12.345", MoneyParseError.tooPrecise("12.345", digits: 2)),
        ("0.001", .tooPrecise("0.001", digits: 2)),
        ("-1", .negative("-1")),
        ("-12.34", .negative("-12.34")),
        (" -1", .negative(" -1")),
        ("+1", .malformed("+1")),
        ("1e3", .malformed("1e3")),
        ("1E3", .malformed("1E3")),
        ("1,000", .malformed("1,000")),
        ("1 000", .malformed("1 000")),
        ("", .empty),
        (" ", .empty),
        ("   ", .empty),
        (".5", .malformed(".5")),
        ("5.", .malformed("5.")),
        (".", .malformed(".")),
        ("1.2.3", .malformed("1.2.3")),
        ("１２", .malformed("１２")),
        ("１２.３４", .malformed("１２.３４")),
        ("12.34abc", .malformed("12.34abc")),
        ("abc", .malformed("abc")),
        ("12.3a", .malformed("12.3a")),
        ("0x10", .malformed("0x10")),
        ("١٢", .malformed("١٢")),
        ("1000000000000000", .tooLarge("1000000000000000")),
        ("9999999999999999.99", .tooLarge("9999999999999999.99")),
        ("99999999999999999999999", .tooLarge("99999999999999999999999")),
    ])
    func rejectsCNY(text: String, error: MoneyParseError) {
        #expect(throws: error) { try Money.parse(text, currency: .cny) }
    }

    @Test func yenHasNoMinorDigits() throws {
        #expect(try Money.parse("1500", currency: .jpy) == Money(minor: 1500, currency: .jpy))
        #expect(try Money.parse("0", currency: .jpy) == Money(minor: 0, currency: .jpy))
        #expect(throws: MoneyParseError.tooPrecise("1.5", digits: 0)) { try Money.parse("1.5", currency: .jpy) }
        #expect(throws: MoneyParseError.tooPrecise("1.0", digits: 0)) { try Money.parse("1.0", currency: .jpy) }
        #expect(throws: MoneyParseError.malformed("1.")) { try Money.parse("1.", currency: .jpy) }
        #expect(try Money.parse("999999999999999", currency: .jpy).minor == 999_999_999_999_999)
        #expect(throws: MoneyParseError.tooLarge("1000000000000000")) { try Money.parse("1000000000000000", currency: .jpy) }
    }

    @Test func threeMinorDigits() throws {
        #expect(try Money.parse("1.234", currency: threeDigits).minor == 1234)
        #expect(try Money.parse("1.2", currency: threeDigits).minor == 1200)
        #expect(try Money.parse("1", currency: threeDigits).minor == 1000)
        #expect(throws: MoneyParseError.tooPrecise("1.2345", digits: 3)) { try Money.parse("1.2345", currency: threeDigits) }
    }

    @Test func parsedMoneyKeepsItsCurrency() throws {
        #expect(try Money.parse("12", currency: .usd).currency == .usd)
        #expect(try Money.parse("12", currency: .jpy) != Money.parse("12", currency: .cny))
    }
}

@Suite struct MoneyFormatTests {
    @Test(arguments: [
        (Int64(0), Currency.cny, "0.00"),
        (1, .cny, "0.01"),
        (10, .cny, "0.10"),
        (1234, .cny, "12.34"),
        (100_000, .cny, "1000.00"),
        (-1, .cny, "-0.01"),
        (-50, .cny, "-0.50"),
        (-1234, .cny, "-12.34"),
        (-100_000, .cny, "-1000.00"),
        (5, .jpy, "5"),
        (-5, .jpy, "-5"),
        (0, .jpy, "0"),
        (1, threeDigits, "0.001"),
        (-1_234_567, threeDigits, "-1234.567"),
        (.max, .cny, "92233720368547758.07"),
        (.min, .cny, "-92233720368547758.08"),
        (.min, .jpy, "-9223372036854775808"),
    ])
    func format(minor: Int64, currency: Currency, expected: String) {
        #expect(Money.format(minor: minor, currency: currency) == expected)
        #expect(Money(minor: minor, currency: currency).decimal == expected)
        #expect(Money(minor: minor, currency: currency).description == "\(expected) \(currency.code)")
    }

    /// Every amount the parser can hold formats to text that parses back to it, and back again.
    @Test(arguments: [Currency.cny, .jpy, threeDigits])
    func formatRoundTripsParse(currency: Currency) throws {
        var random = SeededRandom(seed: 0xCA54 + UInt64(currency.exponent))
        let limit = 1_000_000_000_000_000 * currency.scale // 15 integer digits
        for _ in 0..<3000 {
            // Uniform over the number of digits, so small and large amounts are both common.
            let digits = Int.random(in: 1...(15 + currency.exponent), using: &random)
            var bound: Int64 = 1
            for _ in 0..<digits { bound *= 10 }
            let minor = Int64.random(in: 0..<min(bound, limit), using: &random)
            let text = Money.format(minor: minor, currency: currency)
            let parsed = try Money.parse(text, currency: currency)
            #expect(parsed == Money(minor: minor, currency: currency), "\(text)")
            #expect(parsed.decimal == text)
            if currency.exponent > 0 {
                #expect(text.split(separator: ".").last?.count == currency.exponent, "\(text)")
            } else {
                #expect(!text.contains("."))
            }
            // The negative of it formats with a sign that the parser refuses by name.
            if minor > 0 {
                let negative = Money.format(minor: -minor, currency: currency)
                #expect(negative == "-" + text)
                #expect(throws: MoneyParseError.negative(negative)) { try Money.parse(negative, currency: currency) }
            }
        }
    }
}

@Suite struct MoneyErrorDescriptionTests {
    /// One sentence, capitalised, ending in a full stop, with the fix after the colon.
    static func expectOneSentenceSayingWhatToDo(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.first?.isUppercase == true, "\(text)", sourceLocation: sourceLocation)
        #expect(text.hasSuffix("."), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains(". ") && !text.contains("? ") && !text.contains("! ") && !text.contains("\n"),
                "more than one sentence: \(text)", sourceLocation: sourceLocation)
        let halves = text.split(separator: ": ", maxSplits: 1)
        #expect(halves.count == 2, "no instruction after a colon: \(text)", sourceLocation: sourceLocation)
        if halves.count == 2 {
            #expect(["type ", "round ", "scan "].contains { halves[1].hasPrefix($0) },
                    "the instruction is not an imperative: \(text)", sourceLocation: sourceLocation)
        }
    }

    /// The amount a description offers as an example ("such as 12.34").
    static func example(in text: String) -> String? {
        guard let range = text.range(of: "such as ") else { return nil }
        var example = String(text[range.upperBound...])
        if example.hasSuffix(".") { example.removeLast() }
        return example
    }

    @Test(arguments: ["", "12.345", "-1", "abc", "1,000", "1000000000000000"])
    func eachErrorIsOneSentenceSayingWhatToDo(input: String) {
        do throws(MoneyParseError) {
            _ = try Money.parse(input, currency: .cny)
            Issue.record("\"\(input)\" was accepted")
        } catch {
            Self.expectOneSentenceSayingWhatToDo(error.description)
            if case .empty = error {} else {
                #expect(error.description.contains("\"\(input)\""), "the description quotes what was typed")
            }
        }
    }

    @Test func everyCaseIsCovered() {
        let all: [MoneyParseError] = [.empty, .negative("-1"), .malformed("x"), .tooPrecise("1.234", digits: 2), .tooLarge("1")]
        for error in all { Self.expectOneSentenceSayingWhatToDo(error.description) }
        #expect(Set(all.map(\.description)).count == all.count)
    }

    /// The error for `input` and the example amount its description offers ("such as 12.34").
    static func suggestion(for input: String, in currency: Currency) -> (error: MoneyParseError, example: String?)? {
        do throws(MoneyParseError) {
            _ = try Money.parse(input, currency: currency)
            return nil
        } catch {
            return (error, example(in: error.description))
        }
    }

    /// An example that the same parser refuses would send the cashier round in circles.
    /// (The too-large error names its limit instead: see `tooLargeNamesTheRealLimit`.)
    @Test(arguments: [Currency.cny, .usd, threeDigits])
    func suggestedExamplesParse(currency: Currency) throws {
        for input in ["", "-1", "abc", "1.23456"] {
            let (error, example) = try #require(Self.suggestion(for: input, in: currency), "\"\(input)\" was accepted")
            let suggested = try #require(example, "\(error.description)")
            #expect(throws: Never.self, "\(error.description)") { try Money.parse(suggested, currency: currency) }
        }
    }

    /// BUG (CashierCore/Money.swift, `MoneyParseError.description`): `.empty`, `.negative` and
    /// `.malformed` carry no currency and always suggest "such as 12.34", which yen refuses
    /// ("has decimal places but this currency has none"). Typing "abc", "" or "-1" in JPY leads
    /// the cashier to an amount the next attempt rejects.
    @Test(arguments: ["", "-1", "abc"])
    func yenExamplesForOtherErrorsParse(input: String) throws {
        let (error, example) = try #require(Self.suggestion(for: input, in: .jpy), "\"\(input)\" was accepted")
        let suggested = try #require(example, "\(error.description)")
        withKnownIssue("empty/negative/malformed suggest 12.34 whatever the currency") {
            #expect(throws: Never.self, "\(error.description)") { try Money.parse(suggested, currency: .jpy) }
        }
    }

    /// For a currency without minor units the example must be a whole number: "12.34" would
    /// itself be refused in yen (fixed in e004bb5).
    @Test func yenTooPreciseSuggestsAWholeNumber() throws {
        let error = try #require(throws: MoneyParseError.self) { try Money.parse("1.5", currency: .jpy) }
        Self.expectOneSentenceSayingWhatToDo(error.description)
        #expect(error.description.contains("\"1.5\""))
        let example = try #require(Self.example(in: error.description))
        #expect(throws: Never.self, "\(error.description)") { try Money.parse(example, currency: .jpy) }
        #expect(!error.description.contains("0 decimal places"), "\(error.description)")
    }

    /// The limit the description names is exactly the parser's limit.
    @Test func tooLargeNamesTheRealLimit() throws {
        let error = try #require(throws: MoneyParseError.self) { try Money.parse("1234567890123456", currency: .cny) }
        let description = error.description
        let range = try #require(description.range(of: "below "))
        let limit = description[range.upperBound...].prefix { $0.isNumber || $0 == "," }.filter { $0 != "," }
        let value = try #require(Int64(limit))
        #expect(throws: MoneyParseError.tooLarge(String(value))) { try Money.parse(String(value), currency: .cny) }
        #expect(try Money.parse(String(value - 1), currency: .cny).minor == (value - 1) * 100)
    }
}

@Suite struct MoneyArithmeticTests {
    @Test func arithmeticAndOrder() {
        let a = Money(minor: 1234, currency: .cny)
        let b = Money(minor: 66, currency: .cny)
        #expect(a + b == Money(minor: 1300, currency: .cny))
        #expect(a - b == Money(minor: 1168, currency: .cny))
        #expect(b - a == Money(minor: -1168, currency: .cny))
        #expect(b < a && !(a < b) && !(a < a))
        #expect(Money.zero(.jpy) == Money(minor: 0, currency: .jpy))
        #expect([a, b, .zero(.cny)].sorted() == [.zero(.cny), b, a])
    }

    @Test func currencies() {
        #expect(Currency.named("CNY") == .cny)
        #expect(Currency.named("jpy") == .jpy)
        #expect(Currency.named("usd") == .usd && Currency.named("EUR") == .eur)
        #expect(Currency.named("XYZ") == nil && Currency.named("") == nil)
        #expect(Currency.cny.scale == 100 && Currency.jpy.scale == 1 && threeDigits.scale == 1000)
        #expect(Currency.cny.description == "CNY")
    }
}
