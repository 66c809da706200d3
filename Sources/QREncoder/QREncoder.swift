/// QR Code symbols (ISO/IEC 18004, model 2) for byte-mode text: versions 1–40, levels L/M/Q/H,
/// the eight data masks. Pure computation: no I/O, no dependencies.
public enum QREncoder {
    /// Encodes the text's UTF-8 bytes in byte mode.
    public static func encode(_ text: String, level: QRErrorCorrection, minimumVersion: Int = 1,
                              mask: Int? = nil) throws(QREncodingError) -> QRSymbol {
        try encode(bytes: Array(text.utf8), level: level, minimumVersion: minimumVersion, mask: mask)
    }

    /// Encodes the bytes as given, in one byte-mode segment, in the smallest version at or above
    /// `minimumVersion` that holds them. With `mask` nil the mask with the lowest penalty is chosen.
    public static func encode(bytes: [UInt8], level: QRErrorCorrection, minimumVersion: Int = 1,
                              mask: Int? = nil) throws(QREncodingError) -> QRSymbol {
        guard (1...40).contains(minimumVersion) else { throw .versionOutOfRange(minimumVersion) }
        if let mask, !(0...7).contains(mask) { throw .maskOutOfRange(mask) }
        guard let version = (minimumVersion...40).first(where: { bytes.count <= byteCapacity(version: $0, level: level) }) else {
            throw .tooLong(byteCount: bytes.count, level: level, maximum: byteCapacity(version: 40, level: level))
        }
        let codewords = ReedSolomon.interleave(dataCodewords(bytes, version: version, level: level),
                                               blocks: SymbolTables.blocks(version: version, level: level))
        var grid = ModuleGrid(version: version)
        grid.place(codewords)
        let chosen = mask ?? Masking.best(for: grid)
        grid.applyMask(chosen)
        grid.drawFormatInformation(level: level, mask: chosen)
        grid.drawVersionInformation()
        return QRSymbol(version: version, level: level, mask: chosen, modules: grid.rows())
    }

    /// How many bytes one byte-mode segment can carry in this version and level.
    public static func byteCapacity(version: Int, level: QRErrorCorrection) -> Int {
        let bits = SymbolTables.dataCodewords(version: version, level: level) * 8 - 4 - countBits(version)
        return bits / 8
    }

    /// Mode indicator, character count, data, terminator, bit padding, then the pad codewords
    /// 0xEC 0x11 alternately up to the data capacity (7.4.2–7.4.10).
    static func dataCodewords(_ bytes: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let capacity = SymbolTables.dataCodewords(version: version, level: level)
        var bits = BitWriter()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var words = bits.bytes
        var pad: UInt8 = 0xEC
        while words.count < capacity {
            words.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return words
    }

    /// Length of the byte-mode character count indicator.
    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }
}

/// The four error-correction levels; the raw value is the level's two bits in the format information.
public enum QRErrorCorrection: Int, Sendable, CaseIterable, CustomStringConvertible {
    case low = 0b01, medium = 0b00, quartile = 0b11, high = 0b10

    public var description: String {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }
}

/// An encoded symbol: `modules[row][column]`, `true` = dark, without the quiet zone.
public struct QRSymbol: Sendable, Equatable {
    public let version: Int
    public let level: QRErrorCorrection
    public let mask: Int
    public let modules: [[Bool]]

    /// Modules per side: 17 + 4 × version.
    public var size: Int { modules.count }
}

public enum QREncodingError: Error, Equatable, CustomStringConvertible {
    case tooLong(byteCount: Int, level: QRErrorCorrection, maximum: Int)
    case versionOutOfRange(Int)
    case maskOutOfRange(Int)

    public var description: String {
        switch self {
        case let .tooLong(count, level, maximum):
            "The text is \(count) bytes; a QR code at level \(level) holds at most \(maximum) bytes (version 40)."
        case .versionOutOfRange(let v): "QR versions run from 1 to 40, not \(v)."
        case .maskOutOfRange(let m): "QR masks run from 0 to 7, not \(m)."
        }
    }
}

/// Big-endian bit accumulator for the data bit stream.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count n: Int) {
        for i in stride(from: n - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> i) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
