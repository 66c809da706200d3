import Testing
@testable import QREncoder

/// The mask penalty's four rules on hand-made grids, worked out by hand from Table 11.
@Suite struct PenaltyTests {
    @Test func runsOfFiveOrMoreScoreThreePlusTheExcess() {
        let line = Array(repeating: true, count: 7) + Array(repeating: false, count: 5) + [true, false, false, false, false]
        #expect(Masking.runPenalty(line) == 5 + 3)
        #expect(Masking.runPenalty([true, true, true, true, false, false, false, false]) == 0)
    }

    @Test func finderLikePatternNeedsFourLightModulesOnOneSide() {
        let core: [Bool] = [true, false, true, true, true, false, true]
        let light = [Bool](repeating: false, count: 4)
        #expect(Masking.finderLikePenalty(core + light) == 40)
        #expect(Masking.finderLikePenalty(light + core) == 40)
        #expect(Masking.finderLikePenalty(light + core + light) == 80, "light on both sides counts twice")
        #expect(Masking.finderLikePenalty(core + [false, false, false, true]) == 0)
        #expect(Masking.finderLikePenalty(core) == 0, "the symbol's edge is not light area")
    }

    @Test func allLightGridScoresEveryRule() {
        let p = Masking.penalty(Array(repeating: false, count: 21 * 21), size: 21)
        #expect(p == Masking.Penalty(n1: 2 * 21 * (21 - 2), n2: 3 * 20 * 20, n3: 0, n4: 100))
    }

    @Test func checkerboardScoresNothing() {
        let p = Masking.penalty((0..<(21 * 21)).map { ($0 / 21 + $0 % 21) % 2 == 0 }, size: 21)
        #expect(p == Masking.Penalty())
    }

    /// 243 of 441 modules dark is 55.1 %: one full 5 % step; 242 (54.9 %) is none.
    @Test func darkProportionStepsAtFivePercent() {
        func n4(dark: Int) -> Int { Masking.penalty((0..<441).map { $0 < dark }, size: 21).n4 }
        #expect(n4(dark: 243) == 10)
        #expect(n4(dark: 242) == 0)
        #expect(n4(dark: 441 - 243) == 10)
        #expect(n4(dark: 0) == 100)
    }
}
