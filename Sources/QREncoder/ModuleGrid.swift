/// The symbol under construction: function patterns (6.3), codeword placement (7.7), masking (7.8),
/// format (7.9) and version (7.10) information. Coordinates are (row, column) from the top left.
struct ModuleGrid {
    let version: Int
    let size: Int
    private(set) var dark: [Bool]
    /// Function patterns and the reserved format/version areas: never masked, never data.
    private(set) var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        for (row, col) in [(0, 0), (0, size - 7), (size - 7, 0)] { drawFinder(row: row, col: col) }
        for i in 8..<(size - 8) {
            setFunction(6, i, dark: i % 2 == 0)
            setFunction(i, 6, dark: i % 2 == 0)
        }
        let centres = SymbolTables.alignmentCentres(version)
        for row in centres {
            for col in centres {
                // The three corners where a finder pattern already sits get no alignment pattern.
                let first = centres.first, last = centres.last
                if (row == first && col == first) || (row == first && col == last) || (row == last && col == first) { continue }
                drawAlignment(row: row, col: col)
            }
        }
        // Format areas stay light until the mask is chosen (the reference encoders score masks so).
        for i in 0...8 where i != 6 {  // (6, 8) and (8, 6) belong to the timing patterns
            setFunction(8, i, dark: false)
            setFunction(i, 8, dark: false)
        }
        for i in 0..<8 {
            setFunction(8, size - 1 - i, dark: false)
            setFunction(size - 1 - i, 8, dark: false)
        }
        if version >= 7 {
            for i in 0..<18 {
                setFunction(size - 11 + i % 3, i / 3, dark: false)
                setFunction(i / 3, size - 11 + i % 3, dark: false)
            }
        }
    }

    /// Modules left for codewords and remainder bits.
    var freeModuleCount: Int { isFunction.count { !$0 } }

    func rows() -> [[Bool]] { (0..<size).map { Array(dark[($0 * size)..<($0 * size + size)]) } }

    private mutating func setFunction(_ row: Int, _ col: Int, dark value: Bool) {
        dark[row * size + col] = value
        isFunction[row * size + col] = true
    }

    /// 7×7 finder with its light separator, clipped at the symbol's edge.
    private mutating func drawFinder(row: Int, col: Int) {
        for dy in -1...7 {
            for dx in -1...7 {
                let (r, c) = (row + dy, col + dx)
                guard (0..<size).contains(r), (0..<size).contains(c) else { continue }
                let ring = max(abs(dy - 3), abs(dx - 3))
                setFunction(r, c, dark: ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(row: Int, col: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(row + dy, col + dx, dark: max(abs(dy), abs(dx)) != 1) }
        }
    }

    /// Codeword bits, most significant first, in two-module columns from the bottom right,
    /// alternately upwards and downwards, skipping the vertical timing column; modules left
    /// over are remainder bits (0).
    mutating func place(_ codewords: [UInt8]) {
        var bit = 0
        let total = codewords.count * 8
        var upward = true
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for col in [right, right - 1] where !isFunction[row * size + col] {
                    if bit < total { dark[row * size + col] = (codewords[bit >> 3] >> (7 - UInt8(bit & 7))) & 1 == 1 }
                    bit += 1
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for col in 0..<size where !isFunction[row * size + col] && Masking.inverts(mask, row: row, col: col) {
                dark[row * size + col].toggle()
            }
        }
    }

    /// Both copies of the 15 format bits (bit 0 = least significant), and the dark module.
    mutating func drawFormatInformation(level: QRErrorCorrection, mask: Int) {
        let bits = Self.formatBits(level: level, mask: mask)
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0..<15 {
            // Around the top-left finder: down column 8 (skipping the timing row), then leftwards along row 8.
            let first = i < 6 ? (i, 8) : i < 8 ? (i + 1, 8) : i == 8 ? (8, 7) : (8, 14 - i)
            setFunction(first.0, first.1, dark: bit(i))
            // Split between the top-right (row 8) and bottom-left (column 8) finders.
            let second = i < 8 ? (8, size - 1 - i) : (size - 15 + i, 8)
            setFunction(second.0, second.1, dark: bit(i))
        }
        setFunction(size - 8, 8, dark: true)
    }

    /// Both 6×3 copies of the 18 version bits, from version 7 on.
    mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version)
        for i in 0..<18 {
            let value = (bits >> i) & 1 == 1
            setFunction(size - 11 + i % 3, i / 3, dark: value)
            setFunction(i / 3, size - 11 + i % 3, dark: value)
        }
    }

    /// Level and mask (5 bits), BCH(15,5) check bits with generator 0x537, XOR 0x5412 so that
    /// no combination is all light.
    static func formatBits(level: QRErrorCorrection, mask: Int) -> Int {
        let data = level.rawValue << 3 | mask
        return (data << 10 | bchRemainder(data, generator: 0x537, degree: 10)) ^ 0x5412
    }

    /// Version (6 bits) and its BCH(18,6) check bits with generator 0x1F25.
    static func versionBits(_ version: Int) -> Int {
        version << 12 | bchRemainder(version, generator: 0x1F25, degree: 12)
    }

    /// value·x^degree mod generator, polynomials over GF(2) as bit patterns.
    static func bchRemainder(_ value: Int, generator: Int, degree: Int) -> Int {
        var r = value << degree
        while r >> degree != 0 {
            let top = Int.bitWidth - 1 - r.leadingZeroBitCount
            r ^= generator << (top - degree)
        }
        return r
    }
}
