import CashierConsole
import Foundation
import Testing

/// Payment links drawn by the console's half-block renderer, turned back into a picture of the
/// terminal and read by a public decoder (zxing-cpp, through Fixtures/decode_qr.py).
/// Without the decoder the tests say they skipped; `pip install zxing-cpp` brings it.
/// To rewrite Fixtures/decoded.txt: `QR_REWRITE_DECODED=1 swift test --filter DecodeTests`.
@Suite struct DecodeTests {
    static let links: [String] = [
        "https://qr.alipay.com/bax0123456789abcdef",
        "weixin://wxpay/bizpayurl?pr=AbCdEf1",
        "https://qr.sandbox.cashier.invalid/pay/CSH0000000042",
        // The longest link the sandbox issues: the trade number of checkout Int64.max.
        "https://qr.sandbox.cashier.invalid/pay/CSH9223372036854775807",
        "https://qr.alipay.com/支付?memo=收银台 ¥12.50",
        // The largest symbol the console can draw: version 40 at level M.
        String(decoding: ReferenceFixtures.filler(2331), as: UTF8.self),
    ]

    static let decoder = ZXingDecoder()
    static let decoderPresent = decoder.isAvailable

    @Test(.enabled(if: decoderPresent, "no QR decoder here (python3 with zxing-cpp; pip install zxing-cpp)"),
          arguments: links)
    func halfBlockDrawingDecodesToTheLink(_ link: String) throws {
        let lines = try #require(QRCode.halfBlockLines(for: link))
        let decoded = try Self.decoder.decode(TerminalPicture(halfBlockLines: lines))
        #expect(decoded == [Array(link.utf8)])
    }

    /// The committed record of what the decoder read, so the claim stays visible without it.
    @Test(.enabled(if: decoderPresent, "no QR decoder here (python3 with zxing-cpp; pip install zxing-cpp)"))
    func decodedFixtureIsWhatTheDecoderReads() throws {
        var record = ""
        for link in Self.links {
            let decoded = try Self.decoder.decode(TerminalPicture(halfBlockLines: try #require(QRCode.halfBlockLines(for: link))))
            record += Self.entry(link: link, decoded: decoded.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " | "))
        }
        if ProcessInfo.processInfo.environment["QR_REWRITE_DECODED"] == "1" {
            try Data((Self.header + record).utf8).write(to: ReferenceFixtures.sourceFolder.appendingPathComponent("decoded.txt"))
            return
        }
        #expect(try ReferenceFixtures.lines("decoded.txt").joined(separator: "\n") == record)
    }

    /// Runs everywhere: the committed record lists every link, each decoded to itself.
    @Test func decodedFixtureListsEveryLinkDecodedToItself() throws {
        let record = try ReferenceFixtures.lines("decoded.txt").joined(separator: "\n")
        let expected = Self.links.map { Self.entry(link: $0, decoded: $0) }.joined()
        #expect(record == expected)
    }

    static let header = "# link, then what zxing-cpp read from the console's half-block drawing of it (DecodeTests)\n"

    static func entry(link: String, decoded: String) -> String { "link    \(link)\ndecoded \(decoded)\n\n" }
}

/// The terminal as a phone camera sees it: light blocks on a dark background, each module a square
/// of pixels (a terminal cell is one module wide and two tall), framed by the dark terminal.
struct TerminalPicture {
    static let pixelsPerModule = 4
    static let darkMargin = 4
    let width: Int
    let height: Int
    let pixels: [UInt8]

    init(halfBlockLines lines: [String]) {
        var modules: [[Bool]] = []  // true = light
        for line in lines {
            let cells = Array(line)
            modules.append(cells.map { $0 == "█" || $0 == "▀" })
            modules.append(cells.map { $0 == "█" || $0 == "▄" })
        }
        let side = (modules.first?.count ?? 0) + 2 * Self.darkMargin
        let rows = modules.count + 2 * Self.darkMargin
        let s = Self.pixelsPerModule
        width = side * s
        height = rows * s
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (y, row) in modules.enumerated() {
            for (x, light) in row.enumerated() where light {
                for py in 0..<s {
                    let start = ((y + Self.darkMargin) * s + py) * width + (x + Self.darkMargin) * s
                    for px in 0..<s { pixels[start + px] = 255 }
                }
            }
        }
        self.pixels = pixels
    }

    /// Binary PGM (P5), the simplest picture a decoder reads.
    var pgm: Data { Data("P5 \(width) \(height) 255\n".utf8) + Data(pixels) }
}

/// zxing-cpp from PyPI, run through Fixtures/decode_qr.py with `python3` (or $QR_DECODER_PYTHON).
struct ZXingDecoder: Sendable {
    let python = ProcessInfo.processInfo.environment["QR_DECODER_PYTHON"] ?? "python3"
    var script: URL { ReferenceFixtures.sourceFolder.appendingPathComponent("decode_qr.py") }

    var isAvailable: Bool { (try? run(["-c", "import zxingcpp"]).status) == 0 }

    /// The raw bytes of every QR code found in the picture.
    func decode(_ picture: TerminalPicture) throws -> [[UInt8]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        try picture.pgm.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try run([script.path, file.path])
        guard status == 0 else { throw DecoderFailed(status: status) }
        return output.split(separator: "\n").map { hex in
            let digits = Array(hex.utf8)
            return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
        }
    }

    struct DecoderFailed: Error { let status: Int32 }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
