import CashierCore
import Foundation
import Testing

@Suite struct TimeScaleTests {
    static let environments: [([String: String], Double)] = [
        ([:], 1),
        (["CASHIER_TIME_SCALE": "0.05"], 0.05),
        (["CASHIER_TIME_SCALE": "2"], 2),
        (["CASHIER_TIME_SCALE": "abc"], 1),
        (["CASHIER_TIME_SCALE": "0"], 1),
        (["CASHIER_TIME_SCALE": "-1"], 1),
        (["CASHIER_TIME_SCALE": ""], 1),
        (["CASHIER_TIME_SCALE": "nan"], 1),
        (["cashier_time_scale": "0.05"], 1),
        (["OTHER": "0.05"], 1),
    ]

    @Test(arguments: environments)
    func fromEnvironment(env: [String: String], factor: Double) {
        #expect(TimeScale.fromEnvironment(env).factor == factor)
        #expect(TimeScale.fromEnvironment(env) == TimeScale(factor))
    }

    @Test func nonPositiveFactorsMeanRealTime() {
        #expect(TimeScale(0).factor == 1)
        #expect(TimeScale(-3).factor == 1)
        #expect(TimeScale(0.5).factor == 0.5)
    }

    @Test(arguments: [
        (1.0, 45.0, Millis(45_000)),
        (1, 60, 60_000),
        (0.05, 45, 2_250),
        (0.05, 60, 3_000),
        (0.05, 0.5, 25),
        (2, 1.5, 3_000),
        (1, 0.0016, 2), // 1.6 ms rounds to 2
        (1, 0.0014, 1), // 1.4 ms rounds to 1
        (0.01, 0.26, 3), // 2.6 ms
    ])
    func millis(factor: Double, seconds: Double, expected: Millis) {
        #expect(TimeScale(factor).millis(seconds) == expected)
    }

    /// Never a zero or negative delay, however small the scale.
    @Test(arguments: [
        (1.0, 0.0),
        (1, 0.0004),
        (0.05, 0.001),
        (0.001, 0.4),
        (1, -5),
        (0.05, -60),
    ])
    func millisHasAOneMillisecondFloor(factor: Double, seconds: Double) {
        #expect(TimeScale(factor).millis(seconds) == 1)
    }

    /// "inf" (or "1e400") parses as +∞ and used to become the factor, so `millis(_:)` trapped
    /// converting ∞ to Int64: it falls back to 1 like "abc", "0" and "-1" (fixed in e004bb5).
    @Test(arguments: ["inf", "infinity", "+inf", "1e400"])
    func nonFiniteScaleFallsBackToRealTime(text: String) {
        #expect(TimeScale.fromEnvironment(["CASHIER_TIME_SCALE": text]).factor == 1)
        #expect(TimeScale.fromEnvironment(["CASHIER_TIME_SCALE": text]).millis(45) == 45_000)
    }

    /// BUG (CashierCore/Clock.swift, `TimeScale.millis`): a finite but huge factor such as
    /// CASHIER_TIME_SCALE=1e300 once made `millis` trap (Double out of Int64 range); delays are
    /// now bounded to a day.
    @Test func hugeScaleDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let scale = TimeScale.fromEnvironment(["CASHIER_TIME_SCALE": "1e300"])
            precondition(scale.millis(45) == 86_400_000)
            precondition(scale.millis(-45) == 1)
        }
    }

    @Test func nonFiniteFactorMeansRealTime() {
        #expect(TimeScale(.infinity).factor == 1)
        #expect(TimeScale(-.infinity).factor == 1)
        #expect(TimeScale(.nan).factor == 1)
    }
}

@Suite struct ClockTests {
    @Test func manualClockMovesOnlyByHand() {
        let clock = ManualClock(1_000)
        #expect(clock.now() == 1_000)
        #expect(clock.now() == 1_000)
        clock.advance(seconds: 1.5)
        #expect(clock.now() == 2_500)
        clock.advance(millis: 7)
        #expect(clock.now() == 2_507)
        #expect(ManualClock().now() == 1_790_000_000_000)
    }

    @Test func manualClockIsSafeAcrossTasks() async {
        let clock = ManualClock(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { clock.advance(millis: 1) } }
        }
        #expect(clock.now() == 200)
    }

    @Test func systemClockIsWallTimeInMillis() {
        let before = Millis((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let now = SystemClock().now()
        let after = Millis((Date().timeIntervalSince1970 * 1000).rounded(.up))
        #expect(before <= now && now <= after)
    }
}

@Suite struct SeededRandomTests {
    /// SplitMix64's published outputs for seed 0.
    @Test func knownSequence() {
        var random = SeededRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
        var other = SeededRandom(seed: 42)
        #expect(other.next() == 0xBDD7_3226_2FEB_6E95)
    }

    @Test func sameSeedSameSequence() {
        var a = SeededRandom(seed: 123_456)
        var b = SeededRandom(seed: 123_456)
        var c = SeededRandom(seed: 123_457)
        let sa = (0..<100).map { _ in a.next() }
        let sb = (0..<100).map { _ in b.next() }
        let sc = (0..<100).map { _ in c.next() }
        #expect(sa == sb)
        #expect(sa != sc)
        #expect(Set(sa).count == 100)
        var d = SeededRandom(seed: 9)
        var e = SeededRandom(seed: 9)
        #expect((0..<50).map { _ in Int.random(in: 1...6, using: &d) } == (0..<50).map { _ in Int.random(in: 1...6, using: &e) })
    }
}
