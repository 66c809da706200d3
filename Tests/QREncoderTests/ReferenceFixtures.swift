import Foundation
import Testing
@testable import QREncoder

/// The files in Fixtures/, written once by make_fixtures.py from python-qrcode 8.2 (see there).
enum ReferenceFixtures {
    struct Case: CustomTestStringConvertible {
        let name: String
        let level: QRErrorCorrection
        let minimumVersion: Int
        let requestedMask: Int?
        let version: Int
        let mask: Int
        let bytes: [UInt8]
        let rows: [String]

        var testDescription: String {
            "\(name) \(level) min \(minimumVersion) mask \(requestedMask.map(String.init) ?? "auto")"
        }
    }

    static let cases: [Case] = {
        // A missing file leaves the list empty, which the tests' count checks report.
        let blocks = ((try? lines("matrices.txt")) ?? []).split(separator: "", omittingEmptySubsequences: true)
        return blocks.map { block in
            let f = block.first!.dropFirst(2).split(separator: " ").map(String.init)
            return Case(name: f[0], level: level(f[1]), minimumVersion: Int(f[2])!, requestedMask: Int(f[3]),
                        version: Int(f[4])!, mask: Int(f[5])!, bytes: bytes(f[6]), rows: Array(block.dropFirst()))
        }
    }()

    /// (version, level, mask, FNV-1a 64 of the rows) for every version and level, data filling the symbol.
    static let digests: [(version: Int, level: QRErrorCorrection, mask: Int, digest: UInt64)] =
        ((try? lines("digests.txt")) ?? []).filter { !$0.isEmpty }.map { line in
            let f = line.split(separator: " ").map(String.init)
            return (Int(f[0])!, level(f[1]), Int(f[2])!, UInt64(f[3], radix: 16)!)
        }

    static let capacities: [(version: Int, level: QRErrorCorrection, bytes: Int)] =
        ((try? lines("capacity.txt")) ?? []).filter { !$0.isEmpty }.map { line in
            let f = line.split(separator: " ").map(String.init)
            return (Int(f[0])!, level(f[1]), Int(f[2])!)
        }

    /// A payment-link-like text of exactly n bytes (as make_fixtures.py's filler).
    static func filler(_ n: Int) -> [UInt8] {
        let base = Array("https://qr.alipay.com/".utf8), alnum = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        return Array((base + (0...(n / alnum.count)).flatMap { _ in alnum }).prefix(n))
    }

    static func text(_ modules: [[Bool]]) -> [String] {
        modules.map { String($0.map { $0 ? "1" : "0" }) }
    }

    static func fnv1a64(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    static var sourceFolder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures") }

    struct MissingFixture: Error, CustomStringConvertible {
        let file: String
        var description: String { "fixture \(file) is missing from the test bundle (run Fixtures/make_fixtures.py)" }
    }

    /// Lines of a fixture file, comments dropped.
    static func lines(_ file: String) throws -> [String] {
        let url = Bundle.module.url(forResource: "Fixtures/" + file, withExtension: nil)
            ?? Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Fixtures")
        guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else { throw MissingFixture(file: file) }
        return text.components(separatedBy: "\n").filter { !$0.hasPrefix("#") }
    }

    private static func level(_ s: String) -> QRErrorCorrection {
        QRErrorCorrection.allCases.first { $0.description == s }!
    }

    private static func bytes(_ s: String) -> [UInt8] {
        if s == "-" { return [] }
        if s.hasPrefix("filler:") { return filler(Int(s.dropFirst(7))!) }
        let hex = Array(s.utf8)
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }
}
