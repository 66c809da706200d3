import CashierCore
@testable import CashierReceipts
import Foundation
import Testing

/// Receipts in Chinese and in both languages, byte for byte with Golden/<case>-<width>.<language>.txt
/// (the English ones are GoldenTests'). `CASHIER_REGOLD=1` rewrites them; read the diff.
@Suite struct LanguageGoldenTests {
    static let languages: [ReceiptLanguage] = [.zh, .both]
    static let cases: [(String, Receipt, Int, ReceiptLanguage)] = Fixtures.all.flatMap { name, r in
        ReceiptLayout.widths.flatMap { w in languages.map { (name, r, w, $0) } }
    }

    @Test(arguments: cases.indices)
    func matchesGolden(_ i: Int) throws {
        let (name, receipt, width, language) = Self.cases[i]
        try GoldenTests.compare(ReceiptLayout.text(receipt, width: width, language: language), with: "\(name)-\(width).\(language.rawValue).txt")
    }

    @Test func everyLineFitsItsWidthInEveryLanguage() {
        for (name, receipt, width, language) in Self.cases {
            for line in ReceiptLayout.lines(receipt, width: width, language: language) {
                #expect(Columns.of(line.text) <= width, "\(name)-\(width).\(language): \(line.text)")
            }
        }
    }

    @Test func theLabelsAreTheDesksWords() {
        let zh = ReceiptLayout.text(Fixtures.mixed, width: 42, language: .zh)
        for word in ["销售", "合计", "找零", "实收现金", "优惠券 WELCOME10", "现金", "支付宝 2800****0001", "收银员"] {
            #expect(zh.contains(word), "\(word)")
        }
        #expect(!zh.contains("TOTAL") && !zh.contains("Change"))
        let both = ReceiptLayout.text(Fixtures.mixed, width: 48, language: .both)
        #expect(both.contains("合计 TOTAL") && both.contains("找零 Change"))
        var reprint = Fixtures.mixed
        reprint.copy = 2
        #expect(ReceiptLayout.text(reprint, width: 32, language: .zh).contains("*** 重打 第 2 次 ***"))
    }

    @Test func aChineseReceiptGoesToThePrinterInGB18030() {
        let lines = ReceiptLayout.lines(Fixtures.mixed, width: 32, language: .zh)
        let bytes = ESCPOS.bytes(lines, encoding: .gb18030)
        // 合计 in GB18030 is BA CF BC C6.
        let total: [UInt8] = [0xBA, 0xCF, 0xBC, 0xC6]
        #expect(bytes.indices.contains { bytes[$0...].starts(with: total) })
    }
}
