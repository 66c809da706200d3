import AlipayProtocol
import CashierCore
import Testing

@Suite struct YuanTests {
    @Test func minorUnitsGoOutWithTwoDecimals() throws {
        #expect(try Yuan.string(Money(minor: 1, currency: .cny)) == "0.01")
        #expect(try Yuan.string(Money(minor: 1230, currency: .cny)) == "12.30")
        #expect(try Yuan.string(Money(minor: 100_000_000_00, currency: .cny)) == "100000000.00")
        #expect(throws: Yuan.Error.notTwoDecimals(.jpy)) { try Yuan.string(Money(minor: 5, currency: .jpy)) }
    }

    @Test func parsingIsExactAndStrict() throws {
        #expect(try Yuan.parse("12.3").minor == 1230)
        #expect(try Yuan.parse("12.30").minor == 1230)
        #expect(try Yuan.parse("0.01").minor == 1)
        #expect(try Yuan.parse("7").minor == 700)
        for bad in ["1.234", "-1", "1e3", " 1", "1 ", "01.00", "1.", ".5", "", "1,000", "+1", "0x10", "１"] {
            #expect(throws: Yuan.Error.malformed(bad)) { try Yuan.parse(bad) }
        }
    }

    /// Every amount a seeded generator picks survives the trip out and back unchanged.
    @Test func roundTripsOverSeededAmounts() throws {
        var random = SeededRandom(seed: 20261124)
        for _ in 0..<2000 {
            let minor = Int64(random.next() % 10_000_000_000)
            let money = Money(minor: minor, currency: .cny)
            #expect(try Yuan.parse(Yuan.string(money)) == money)
        }
    }
}
