/// The eight data masks (Table 10) and the penalty that picks one (7.8.3, Table 11).
///
/// Masks are scored before the format and version information are written (those modules count as
/// light), and the finder-like rule N3 counts each 11-module run 1011101 0000 or 0000 1011101 that
/// lies wholly inside the symbol — the reading of python-qrcode, the reference the tests compare
/// with. Ties go to the lower mask number.
enum Masking {
    static func inverts(_ mask: Int, row i: Int, col j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// The mask with the lowest penalty for the unmasked grid.
    static func best(for grid: ModuleGrid) -> Int {
        var best = (mask: 0, score: Int.max)
        for mask in 0..<8 {
            var candidate = grid
            candidate.applyMask(mask)
            let score = penalty(candidate.dark, size: candidate.size).total
            if score < best.score { best = (mask, score) }
        }
        return best.mask
    }

    struct Penalty: Equatable {
        var n1 = 0, n2 = 0, n3 = 0, n4 = 0
        var total: Int { n1 + n2 + n3 + n4 }
    }

    /// The four scores of a square of modules (row-major, `true` = dark).
    static func penalty(_ m: [Bool], size n: Int) -> Penalty {
        var p = Penalty()
        var row = [Bool](repeating: false, count: n), column = row
        for line in 0..<n {
            for k in 0..<n {
                row[k] = m[line * n + k]
                column[k] = m[k * n + line]
            }
            p.n1 += runPenalty(row) + runPenalty(column)
            p.n3 += finderLikePenalty(row) + finderLikePenalty(column)
        }
        // N2: every 2×2 block of one colour (a larger m×n block is (m−1)(n−1) such blocks).
        for r in 0..<(n - 1) {
            for c in 0..<(n - 1) {
                let v = m[r * n + c]
                if m[r * n + c + 1] == v && m[(r + 1) * n + c] == v && m[(r + 1) * n + c + 1] == v { p.n2 += 3 }
            }
        }
        // N4: 10 points for each full 5 % step the dark share is away from 50 %: |20·dark − 10·total| / total.
        let total = n * n
        p.n4 = 10 * (abs(20 * m.count { $0 } - 10 * total) / total)
        return p
    }

    /// N1: a run of 5 + i modules of one colour scores 3 + i.
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for i in 1...line.count {
            if i < line.count && line[i] == line[i - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        return score
    }

    private static let finderThenLight: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
    private static let lightThenFinder: [Bool] = finderThenLight.reversed()

    /// N3: 40 for each window matching dark:light:dark:light:dark 1:1:3:1:1 with four light modules
    /// after it, and 40 for each with four light modules before it.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        guard line.count >= 11 else { return 0 }
        var score = 0
        for start in 0...(line.count - 11) {
            if matches(line, at: start, finderThenLight) { score += 40 }
            if matches(line, at: start, lightThenFinder) { score += 40 }
        }
        return score
    }

    private static func matches(_ line: [Bool], at start: Int, _ pattern: [Bool]) -> Bool {
        for k in 0..<pattern.count where line[start + k] != pattern[k] { return false }
        return true
    }
}
