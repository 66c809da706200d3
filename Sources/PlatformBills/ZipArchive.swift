import GB18030Text

/// The ZIP container (PKWARE APPNOTE 6.3.x, sections 4.3.7 local header, 4.3.12 central
/// directory, 4.3.16 end record) for Alipay's bill download: named entries, deflated, with
/// UTF-8 names (general purpose bit 11), no ZIP64, no encryption. The reader takes stored and
/// deflated entries and checks every CRC, so a cut or damaged download is refused.
public enum ZipArchive {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var bytes: [UInt8]
        public init(name: String, bytes: [UInt8]) { self.name = name; self.bytes = bytes }
    }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self { case .malformed(let why): return "The file is not a complete ZIP archive: \(why)." }
        }
    }

    /// `modified`: MS-DOS date and time of every entry (the bill's export time).
    public static func write(_ entries: [Entry], dosDate: UInt16 = 0x21, dosTime: UInt16 = 0) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let packed = Deflate.compress(entry.bytes, windowBits: Deflate.raw)
            let crc = Deflate.crc32(entry.bytes)
            let offset = UInt32(out.count)
            func common(_ b: inout [UInt8]) {
                b.le16(20); b.le16(0x0800); b.le16(8); b.le16(dosTime); b.le16(dosDate)
                b.le32(crc); b.le32(UInt32(packed.count)); b.le32(UInt32(entry.bytes.count))
                b.le16(UInt16(name.count)); b.le16(0)
            }
            out.le32(0x0403_4B50)
            common(&out)
            out += name
            out += packed
            central.le32(0x0201_4B50)
            central.le16(20)
            common(&central)
            central.le16(0); central.le16(0); central.le16(0); central.le32(0); central.le32(offset)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        out.le32(0x0605_4B50)
        out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(central.count)); out.le32(centralOffset)
        out.le16(0)
        return out
    }

    public static func read(_ bytes: [UInt8]) throws(Error) -> [Entry] {
        guard bytes.count >= 22 else { throw .malformed("it is too short") }
        // The end record sits in the last 22 + 65535 bytes (a comment may follow it).
        var end = -1
        var i = bytes.count - 22
        while i >= max(0, bytes.count - 22 - 65535) {
            if bytes.u32(i) == 0x0605_4B50 { end = i; break }
            i -= 1
        }
        guard end >= 0 else { throw .malformed("its end record is missing (a cut download?)") }
        let count = Int(bytes.u16(end + 10))
        var at = Int(bytes.u32(end + 16))
        var entries: [Entry] = []
        for _ in 0..<count {
            guard at + 46 <= bytes.count, bytes.u32(at) == 0x0201_4B50 else { throw .malformed("its central directory is damaged") }
            let method = bytes.u16(at + 10), crc = bytes.u32(at + 16)
            let packedSize = Int(bytes.u32(at + 20)), size = Int(bytes.u32(at + 24))
            let nameLength = Int(bytes.u16(at + 28)), extra = Int(bytes.u16(at + 30)), comment = Int(bytes.u16(at + 32))
            let local = Int(bytes.u32(at + 42))
            guard at + 46 + nameLength <= bytes.count else { throw .malformed("an entry name runs past the end") }
            let nameBytes = Array(bytes[(at + 46)..<(at + 46 + nameLength)])
            // Bit 11 says UTF-8; Alipay's own archives name their entries in GBK without it.
            let name = (bytes.u16(at + 8) & 0x0800) != 0 ? String(decoding: nameBytes, as: UTF8.self)
                : (GB18030.decode(nameBytes) ?? String(decoding: nameBytes, as: UTF8.self))
            guard local + 30 <= bytes.count, bytes.u32(local) == 0x0403_4B50 else { throw .malformed("the entry \(name) has no local header") }
            let dataStart = local + 30 + Int(bytes.u16(local + 26)) + Int(bytes.u16(local + 28))
            guard dataStart + packedSize <= bytes.count else { throw .malformed("the entry \(name) is cut short") }
            let packed = Array(bytes[dataStart..<(dataStart + packedSize)])
            let data: [UInt8]
            switch method {
            case 0: data = packed
            case 8:
                guard let d = Deflate.decompress(packed, windowBits: Deflate.raw, limit: size) else {
                    throw .malformed("the entry \(name) does not inflate")
                }
                data = d
            default: throw .malformed("the entry \(name) uses compression method \(method), which bills never use")
            }
            guard data.count == size, Deflate.crc32(data) == crc else { throw .malformed("the entry \(name) fails its CRC check") }
            entries.append(Entry(name: name, bytes: data))
            at += 46 + nameLength + extra + comment
        }
        return entries
    }
}

extension [UInt8] {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(s)) & 0xFF)) } }
    func u16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
}
