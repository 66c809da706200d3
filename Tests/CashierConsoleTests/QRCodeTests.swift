import Testing
@testable import CashierConsole

@Suite struct QRCodeTests {
    @Test func matrixIsSquareWithAVersionSize() throws {
        for text in ["A", "https://pay.example/c/7F3K9Q", String(repeating: "支付", count: 60)] {
            let matrix = try #require(QRCode.matrix(for: text))
            let width = matrix.count
            #expect(matrix.allSatisfy { $0.count == width })
            // Version v is 17 + 4v modules wide: 21, 25, … 177.
            #expect(width >= 21 && width <= 177 && (width - 21) % 4 == 0)
        }
        #expect(QRCode.matrix(for: "A")?.count == 21)
    }

    @Test func finderPatternsAreWhereTheyBelong() throws {
        let matrix = try #require(QRCode.matrix(for: "https://pay.example/c/7F3K9Q"))
        let n = matrix.count
        for (ox, oy) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            // Dark 7×7 ring, light ring inside it, dark 3×3 core.
            #expect(matrix[oy][ox] && matrix[oy + 6][ox + 6])
            #expect(!matrix[oy + 1][ox + 1] && !matrix[oy + 5][ox + 5])
            #expect(matrix[oy + 3][ox + 3])
        }
        #expect(!matrix[7][7])
    }

    @Test func longerTextNeedsABiggerVersion() throws {
        let small = try #require(QRCode.matrix(for: "short"))
        let big = try #require(QRCode.matrix(for: String(repeating: "x", count: 300)))
        #expect(big.count > small.count)
    }

    @Test func emptyOrHugeTextHasNoCode() {
        #expect(QRCode.matrix(for: "") == nil)
        #expect(QRCode.matrix(for: String(repeating: "x", count: 5000)) == nil)
        #expect(QRCode.halfBlockLines(for: "") == nil)
    }

    @Test func halfBlockLinesHaveTheExpectedSize() throws {
        let text = "https://pay.example/c/7F3K9Q"
        let width = try #require(QRCode.matrix(for: text)).count
        for quiet in [0, 1, 2, 4] {
            let lines = try #require(QRCode.halfBlockLines(for: text, quietZone: quiet))
            let side = width + 2 * quiet
            #expect(lines.count == (side + 1) / 2)
            #expect(lines.allSatisfy { $0.count == side && DisplayWidth.of($0) == side })
        }
    }

    @Test func modulePairsMapToHalfBlocks() {
        // Columns: light/light, light/dark, dark/light, dark/dark; then an odd last row.
        let modules = [
            [false, false, true, true],
            [false, true, false, true],
            [true, false, true, false],
        ]
        let lines = QRCode.halfBlockLines(modules: modules, quietZone: 0)
        #expect(lines == ["█▀▄ ", "▄█▄█"])
    }

    @Test func quietZoneIsLight() {
        let lines = QRCode.halfBlockLines(modules: [[true]], quietZone: 1)
        #expect(lines == ["█▀█", "███"])
    }

    @Test func halfBlocksRoundTripTheMatrix() throws {
        let matrix = try #require(QRCode.matrix(for: "round trip"))
        let lines = try #require(QRCode.halfBlockLines(for: "round trip", quietZone: 2))
        let rows = lines.map(Array.init)
        for y in 0..<matrix.count {
            for x in 0..<matrix.count {
                let glyph = rows[(y + 2) / 2][x + 2]
                let dark = (y + 2) % 2 == 0 ? (glyph == "▄" || glyph == " ") : (glyph == "▀" || glyph == " ")
                #expect(dark == matrix[y][x], "module \(x),\(y)")
            }
        }
    }
}
