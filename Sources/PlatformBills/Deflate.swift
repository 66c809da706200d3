import CZlib

/// zlib's deflate for the two containers the platforms use: raw deflate inside ZIP entries
/// (Alipay's bill) and gzip (WeChat Pay's `tar_type=GZIP`). The window bits choose the framing:
/// -15 raw, 31 gzip (zlib manual, deflateInit2/inflateInit2).
enum Deflate {
    static let raw: Int32 = -15
    static let gzip: Int32 = 31

    static func compress(_ input: [UInt8], windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var input = input
        let produced = input.withUnsafeMutableBufferPointer { inBuf -> Int in
            output.withUnsafeMutableBufferPointer { outBuf -> Int in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let status = deflate(&stream, Z_FINISH)
                return status == Z_STREAM_END ? Int(stream.total_out) : -1
            }
        }
        return produced < 0 ? [] : Array(output[..<produced])
    }

    /// nil unless the input is one complete stream in that framing (a truncated one is refused).
    static func decompress(_ input: [UInt8], windowBits: Int32, limit: Int = 1 << 30) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = input
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let ok = input.withUnsafeMutableBufferPointer { inBuf -> Bool in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                let (status, got) = chunk.withUnsafeMutableBufferPointer { outBuf -> (Int32, Int) in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, outBuf.count - Int(stream.avail_out))
                }
                output += chunk[..<got]
                if status == Z_STREAM_END { return stream.avail_in == 0 }
                if status != Z_OK || output.count > limit { return false }
                if got == 0 && stream.avail_in == 0 { return false }
            }
        }
        return ok ? output : nil
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}

/// gzip, as WeChat Pay sends a bill asked for with `tar_type=GZIP`.
public enum Gzip {
    public static func compress(_ bytes: [UInt8]) -> [UInt8] { Deflate.compress(bytes, windowBits: Deflate.gzip) }
    public static func decompress(_ bytes: [UInt8]) -> [UInt8]? { Deflate.decompress(bytes, windowBits: Deflate.gzip) }
}
