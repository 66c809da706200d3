import CashierCore
import Foundation
import GB18030Text
import PlatformBills
import Testing

/// What reconciliation reads of a row (WeChat's bill has no creation time, so that is left out).
func essentials(_ e: BillEntry) -> String {
    "\(e.kind) \(e.merchantTradeNo) \(e.merchantRefundNo ?? "-") \(e.platformTradeNo) \(e.amountMinor) \(e.feeMinor) \(e.status) \(e.subject) \(e.finishedAt)"
}

@Suite struct AlipayBillTests {
    let exported = Fixtures.dayStart + 86_400_000 + 9 * 3_600_000

    @Test func roundTripsThroughTheZipWithAwkwardSubjects() throws {
        let bill = Bill(platform: .alipay, date: Fixtures.date, entries: Fixtures.awkward)
        let zip = AlipayBill.zip(bill, account: "2088000000000001", exportedAt: exported)
        let parsed = try AlipayBill.parse(zip, date: Fixtures.date)
        // Alipay's bill has no platform refund number column; everything else comes back.
        var expected = bill
        for i in expected.entries.indices { expected.entries[i].platformRefundNo = nil }
        #expect(parsed == expected)
        let names = try ZipArchive.read(zip).map(\.name)
        #expect(names == ["2088000000000001_20261130_业务明细.csv", "2088000000000001_20261130_业务明细(汇总).csv"])
    }

    @Test func detailFileIsGBKWithAlipaysLayout() throws {
        let bill = Bill(platform: .alipay, date: Fixtures.date, entries: Fixtures.awkward)
        let entries = try ZipArchive.read(AlipayBill.zip(bill, account: "2088000000000001", exportedAt: exported))
        // GBK, not UTF-8: 支 is D6 A7 in GBK.
        #expect(entries[0].bytes.starts(with: GB18030.encode("#支付宝业务明细查询")))
        #expect(String(validating: entries[0].bytes, as: UTF8.self) == nil)
        let text = GB18030.decode(entries[0].bytes)!
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[1] == "#账号：[2088000000000001]")
        #expect(lines[2] == "#起始日期：[2026年11月30日 00:00:00]   终止日期：[2026年12月01日 00:00:00]")
        #expect(lines[3] == "#-----------------------------------------业务明细列表----------------------------------------")
        #expect(lines[4].hasPrefix("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,"))
        #expect(lines[5].hasPrefix("SBXT1\t,T1\t,交易\t,\"拿铁, 大杯\"\t,2026-11-30 00:59:58\t,2026-11-30 01:00:00\t,"))
        #expect(lines[6].contains(",\"He said \"\"hi\"\"\"\t,"))
        #expect(lines[8].hasPrefix("SBXT1\t,T1\t,退款\t,"))
        #expect(lines[8].contains(",-2.30\t,-2.30\t,") && lines[8].contains(",T1-R1\t,0.01\t,"))
        #expect(lines[9] == "#-----------------------------------------业务明细列表结束------------------------------------")
        #expect(lines[10] == "#交易合计：3笔，商家实收共1013.29元，商家优惠共0.00元")
        #expect(lines[11] == "#退款合计：1笔，商家实收退款共-2.30元，商家优惠退款共0.00元")
        #expect(lines[12] == "#导出时间：[2026年12月01日 09:00:00]")
        let summary = GB18030.decode(entries[1].bytes)!.components(separatedBy: "\r\n")
        #expect(summary[0] == "#支付宝业务汇总查询")
        #expect(summary[5] == "合计,,3,1,1010.99,1010.99,0.00,0.00,0.00,-6.07,0.00,1004.92")
    }

    @Test func anEmptyDayIsABillWithNoRows() throws {
        let bill = Bill(platform: .alipay, date: Fixtures.date, entries: [])
        let parsed = try AlipayBill.parse(AlipayBill.zip(bill, account: "2088000000000001", exportedAt: exported), date: Fixtures.date)
        #expect(parsed.entries.isEmpty)
    }

    @Test func truncatedDownloadsAreRefused() {
        let bill = Bill(platform: .alipay, date: Fixtures.date, entries: Fixtures.awkward)
        let zip = AlipayBill.zip(bill, account: "2088000000000001", exportedAt: exported)
        for cut in [zip.count - 1, zip.count / 2, 30] {
            #expect(throws: BillError.self) { try AlipayBill.parse(Array(zip.prefix(cut)), date: Fixtures.date) }
        }
        // The detail file cut inside its rows: the end marker is missing, named with the last line.
        let detail = GB18030.encode(AlipayBill.detail(bill, account: "2088000000000001", exportedAt: exported))
        let text = GB18030.decode(detail)!
        let cutText = String(text[..<text.range(of: "SBXT3")!.lowerBound])
        #expect(throws: BillError(file: "the detail file", line: 7, "the 业务明细列表结束 marker is missing: the file is cut short")) {
            try AlipayBill.parse(GB18030.encode(cutText), date: Fixtures.date)
        }
    }

    @Test func malformedRowsAreRefusedWithTheirLine() {
        let bill = Bill(platform: .alipay, date: Fixtures.date, entries: Fixtures.awkward)
        let text = AlipayBill.detail(bill, account: "2088000000000001", exportedAt: exported)
        let cases: [(String, String, Int)] = [
            (",12.30\t", ",1x.30\t", 6),            // 订单金额 and 商家实收 both changed; 商家实收 is read
            ("交易\t,\"拿铁", "转账\t,\"拿铁", 6),
            ("2026-11-30 01:00:00\t", "2026-11-31 01:00:00\t", 6),
            ("#交易合计：3笔", "#交易合计：4笔", 11),
            ("\"He said \"\"hi\"\"\"", "\"He said \"\"hi\"\"", 7),   // the quote never closes
        ]
        for (from, to, line) in cases {
            let bad = text.replacingOccurrences(of: from, with: to)
            #expect(bad != text)
            do {
                _ = try AlipayBill.parse(GB18030.encode(bad), date: Fixtures.date)
                Issue.record("accepted a bill with \(to)")
            } catch { #expect(error.line == line, "\(to): \(error)") }
        }
    }

    @Test func aWrongHeaderIsNotAnAlipayBill() {
        let text = "#支付宝业务明细查询\r\n#-----------------------------------------业务明细列表----------------------------------------\r\n支付宝交易号,商户订单号\r\n"
        #expect(throws: BillError(file: "the detail file", line: 3, "the column header is not Alipay's trade bill header")) {
            try AlipayBill.parse(GB18030.encode(text), date: Fixtures.date)
        }
    }
}
