import Testing
@testable import QREncoder

@Suite struct EdgeCaseTests {
    @Test func emptyTextIsAVersionOneSymbol() throws {
        let symbol = try QREncoder.encode("", level: .high)
        #expect(symbol.version == 1 && symbol.size == 21)
    }

    @Test func textTooLongForVersion40IsAnErrorNamingTheLimit() throws {
        for (level, maximum) in [(QRErrorCorrection.low, 2953), (.medium, 2331), (.quartile, 1663), (.high, 1273)] {
            #expect(try QREncoder.encode(bytes: ReferenceFixtures.filler(maximum), level: level).version == 40)
            #expect(throws: QREncodingError.tooLong(byteCount: maximum + 1, level: level, maximum: maximum)) {
                try QREncoder.encode(bytes: ReferenceFixtures.filler(maximum + 1), level: level)
            }
        }
        let error = QREncodingError.tooLong(byteCount: 2332, level: .medium, maximum: 2331)
        #expect(error.description == "The text is 2332 bytes; a QR code at level M holds at most 2331 bytes (version 40).")
    }

    @Test func versionAndMaskOutsideTheStandardAreErrors() {
        #expect(throws: QREncodingError.versionOutOfRange(0)) { try QREncoder.encode("a", level: .low, minimumVersion: 0) }
        #expect(throws: QREncodingError.versionOutOfRange(41)) { try QREncoder.encode("a", level: .low, minimumVersion: 41) }
        #expect(throws: QREncodingError.maskOutOfRange(8)) { try QREncoder.encode("a", level: .low, mask: 8) }
        #expect(throws: QREncodingError.maskOutOfRange(-1)) { try QREncoder.encode("a", level: .low, mask: -1) }
    }

    /// The longest text of each version stays in it; one byte more moves to the next version.
    @Test(arguments: QRErrorCorrection.allCases)
    func versionBoundaries(_ level: QRErrorCorrection) throws {
        for version in 1...39 {
            let capacity = QREncoder.byteCapacity(version: version, level: level)
            #expect(try QREncoder.encode(bytes: ReferenceFixtures.filler(capacity), level: level, mask: 0).version == version)
            #expect(try QREncoder.encode(bytes: ReferenceFixtures.filler(capacity + 1), level: level, mask: 0).version == version + 1)
        }
    }

    @Test func minimumVersionIsHonoured() throws {
        let symbol = try QREncoder.encode("weixin://wxpay/bizpayurl?pr=AbCdEf1", level: .medium, minimumVersion: 12)
        #expect(symbol.version == 12 && symbol.size == 65)
    }

    /// Table 7's byte-mode capacities at the extremes (the fixtures check all 160).
    @Test func capacitiesFromTheStandard() {
        let expected: [QRErrorCorrection: (Int, Int)] = [.low: (17, 2953), .medium: (14, 2331), .quartile: (11, 1663), .high: (7, 1273)]
        for (level, (v1, v40)) in expected {
            #expect(QREncoder.byteCapacity(version: 1, level: level) == v1)
            #expect(QREncoder.byteCapacity(version: 40, level: level) == v40)
        }
    }

    @Test(arguments: 0..<8)
    func aForcedMaskIsUsedAndWrittenInTheFormatInformation(_ mask: Int) throws {
        for level in QRErrorCorrection.allCases {
            let symbol = try QREncoder.encode("https://qr.alipay.com/bax0123456789abcdef", level: level, mask: mask)
            #expect(symbol.mask == mask)
            #expect(Self.formatBits(symbol.modules) == ModuleGrid.formatBits(level: level, mask: mask))
        }
    }

    /// Annex C, Table C.1: the 32 format information sequences after the 0x5412 mask, masks 0–7.
    @Test func formatInformationEqualsTheStandardsTable() {
        let table: [QRErrorCorrection: [Int]] = [
            .low: [0x77C4, 0x72F3, 0x7DAA, 0x789D, 0x662F, 0x6318, 0x6C41, 0x6976],
            .medium: [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0],
            .quartile: [0x355F, 0x3068, 0x3F31, 0x3A06, 0x24B4, 0x2183, 0x2EDA, 0x2BED],
            .high: [0x1689, 0x13BE, 0x1CE7, 0x19D0, 0x0762, 0x0255, 0x0D0C, 0x083B],
        ]
        for (level, values) in table {
            for mask in 0..<8 { #expect(ModuleGrid.formatBits(level: level, mask: mask) == values[mask], "\(level) mask \(mask)") }
        }
    }

    /// Annex D, Table D.1: version information for versions 7–40 (7 is 0x07C94).
    @Test func versionInformationEqualsTheStandardsTable() throws {
        let table = [0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78,
                     0x1145D, 0x12A17, 0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB,
                     0x1B08E, 0x1CC1A, 0x1D33F, 0x1ED75, 0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B,
                     0x2542E, 0x26A64, 0x27541, 0x28C69]
        for (i, value) in table.enumerated() { #expect(ModuleGrid.versionBits(7 + i) == value, "version \(7 + i)") }
        // And where they are drawn: both 6×3 blocks, bit 0 nearest the corner finder.
        let m = try QREncoder.encode("a", level: .low, minimumVersion: 7, mask: 0).modules
        let n = m.count
        for i in 0..<18 {
            let bit = (0x07C94 >> i) & 1 == 1
            #expect(m[n - 11 + i % 3][i / 3] == bit && m[i / 3][n - 11 + i % 3] == bit, "version bit \(i)")
        }
    }

    /// The GF(256) generator for 7 error-correction codewords, as listed in Annex A (exponents of α).
    @Test func reedSolomonGeneratorForSevenCodewords() {
        let exponents = [0, 87, 229, 146, 149, 238, 102, 21]
        #expect(ReedSolomon.generator(degree: 7) == exponents.map { ReedSolomon.exp[$0] })
    }

    /// Reads the first copy of the format information (around the top-left finder) and checks the second.
    static func formatBits(_ m: [[Bool]]) -> Int {
        let n = m.count
        typealias Cell = (row: Int, col: Int)
        let first: [Cell] = (0..<6).map { ($0, 8) } + [(7, 8), (8, 8), (8, 7)] + (9..<15).map { (8, 14 - $0) }
        let second: [Cell] = (0..<8).map { (8, n - 1 - $0) } + (8..<15).map { (n - 15 + $0, 8) }
        var a = 0, b = 0
        for i in 0..<15 {
            if m[first[i].row][first[i].col] { a |= 1 << i }
            if m[second[i].row][second[i].col] { b |= 1 << i }
        }
        #expect(a == b, "both copies of the format information agree")
        #expect(m[n - 8][8], "the dark module")
        return a
    }
}
