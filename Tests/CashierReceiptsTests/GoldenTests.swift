import CashierCore
import CashierReceipts
import Foundation
import Testing

/// Receipts compared byte for byte with the files in Golden/ (one per case and width).
/// To rewrite them after an intended layout change: `CASHIER_REGOLD=1 swift test --filter GoldenTests`,
/// then read the diff before committing.
@Suite struct GoldenTests {
    static let cases: [(String, Receipt, Int)] = Fixtures.all.flatMap { name, r in ReceiptLayout.widths.map { (name, r, $0) } }

    static var sourceFolder: String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path }

    @Test(arguments: cases.indices)
    func matchesGolden(_ i: Int) throws {
        let (name, receipt, width) = Self.cases[i]
        try Self.compare(ReceiptLayout.text(receipt, width: width), with: "\(name)-\(width).txt")
    }

    /// `text` byte for byte against Golden/`file` (written instead under CASHIER_REGOLD=1).
    static func compare(_ text: String, with file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["CASHIER_REGOLD"] == "1" {
            try Data(text.utf8).write(to: URL(fileURLWithPath: sourceFolder + "/" + file))
            return
        }
        let url = try #require(Bundle.module.url(forResource: "Golden/" + file, withExtension: nil)
                               ?? Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Golden"),
                               "missing golden \(file): run with CASHIER_REGOLD=1 once and review it", sourceLocation: sourceLocation)
        let golden = try Data(contentsOf: url)
        #expect(Data(text.utf8) == golden, "\(file) differs:\n\(text)", sourceLocation: sourceLocation)
    }

    @Test func everyGoldenLineFitsItsWidth() {
        for (name, receipt, width) in Self.cases {
            for line in ReceiptLayout.lines(receipt, width: width) {
                #expect(Columns.of(line.text) <= width, "\(name)-\(width): \(line.text)")
            }
        }
    }

    @Test func amountsAreRightAligned() {
        for width in ReceiptLayout.widths {
            let lines = ReceiptLayout.lines(Fixtures.mixed, width: width).map(\.text)
            #expect(lines.contains { $0.hasPrefix("TOTAL") && $0.hasSuffix("CNY 150.00") && Columns.of($0) == width })
            #expect(lines.contains { $0.hasPrefix("Change") && $0.hasSuffix("40.00") && Columns.of($0) == width })
            #expect(lines.contains { $0.hasPrefix("Coupon WELCOME10") && $0.hasSuffix("10.00") })
        }
    }

    @Test func reprintsAreMarkedAndOriginalsAreNot() {
        #expect(ReceiptLayout.text(Fixtures.combined, width: 42).contains("*** REPRINT 2 ***"))
        #expect(!ReceiptLayout.text(Fixtures.mixed, width: 42).contains("REPRINT"))
        var first = Fixtures.mixed
        first.copy = 1
        #expect(ReceiptLayout.text(first, width: 32).contains("*** REPRINT ***"))
    }

    @Test func timeIsPrintedInTheGivenOffset() {
        #expect(ReceiptTime.format(Fixtures.time, utcOffsetSeconds: 0) == "2026-11-24 21:38:05")
        #expect(ReceiptTime.format(Fixtures.time, utcOffsetSeconds: 8 * 3600) == "2026-11-25 05:38:05")
        #expect(ReceiptTime.format(0, utcOffsetSeconds: 0) == "1970-01-01 00:00:00")
        #expect(ReceiptTime.format(951_782_400_000, utcOffsetSeconds: 0) == "2000-02-29 00:00:00")
        #expect(ReceiptTime.format(-1_000, utcOffsetSeconds: 0) == "1969-12-31 23:59:59")
    }
}
