/// Reed–Solomon error correction over GF(2⁸) with the QR field polynomial x⁸+x⁴+x³+x²+1 (0x11D),
/// and the split of the data into blocks and their interleaving (7.5–7.6).
enum ReedSolomon {
    /// exp[i] = αⁱ for i in 0..<255, repeated once so that a sum of two logs needs no modulo.
    static let exp: [UInt8] = {
        var powers: [UInt8] = []
        var x = 1
        for _ in 0..<255 {
            powers.append(UInt8(x))
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11D }
        }
        return powers + powers
    }()

    /// log[αⁱ] = i (log[0] is unused).
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = i }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
    }

    /// Coefficients of (x − α⁰)(x − α¹)…(x − αⁿ⁻¹), highest degree first, leading 1 included.
    static func generator(degree n: Int) -> [UInt8] {
        var poly: [UInt8] = [1]
        for i in 0..<n {
            // Multiply by (x + αⁱ); subtraction is addition (XOR) in GF(2⁸).
            var next = poly + [0]
            for (j, c) in poly.enumerated() { next[j + 1] ^= multiply(c, exp[i]) }
            poly = next
        }
        return poly
    }

    /// The remainder of data(x)·xⁿ divided by the generator: the n error-correction codewords.
    static func eccCodewords(_ data: [UInt8], count n: Int) -> [UInt8] {
        let g = generator(degree: n)
        var remainder = [UInt8](repeating: 0, count: n)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for j in 0..<n { remainder[j] ^= multiply(g[j + 1], factor) }
        }
        return remainder
    }

    /// Splits the data codewords into blocks (the shorter blocks first, as Table 9 lists them),
    /// appends each block's error correction, then reads the data column by column across the
    /// blocks, followed by the error correction the same way.
    static func interleave(_ data: [UInt8], blocks: SymbolTables.Blocks) -> [UInt8] {
        let longCount = blocks.totalCodewords % blocks.count
        let shortData = blocks.totalCodewords / blocks.count - blocks.eccPerBlock
        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = data.startIndex
        for i in 0..<blocks.count {
            let length = shortData + (i >= blocks.count - longCount ? 1 : 0)
            dataBlocks.append(data[start..<start + length])
            start += length
        }
        precondition(start == data.endIndex, "data codewords must fill the blocks exactly")
        let eccBlocks = dataBlocks.map { eccCodewords(Array($0), count: blocks.eccPerBlock) }
        var out: [UInt8] = []
        out.reserveCapacity(blocks.totalCodewords)
        for column in 0...shortData {
            for block in dataBlocks where column < block.count { out.append(block[block.startIndex + column]) }
        }
        for column in 0..<blocks.eccPerBlock {
            for block in eccBlocks { out.append(block[column]) }
        }
        return out
    }
}
