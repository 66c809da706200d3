import CashierCore
import Foundation
import PlatformBills
import Testing

@Suite struct WeChatBillTests {
    let bill = Bill(platform: .wechat, date: Fixtures.date, entries: Fixtures.awkward)

    @Test func roundTripsEveryBillType() throws {
        let all = try WeChatBill.parse(Array(WeChatBill.text(bill, kind: .all, merchant: Fixtures.merchant).utf8), date: Fixtures.date)
        #expect(all.entries.map(essentials) == bill.entries.map(essentials))
        let success = try WeChatBill.parse(Array(WeChatBill.text(bill, kind: .success, merchant: Fixtures.merchant).utf8), date: Fixtures.date)
        #expect(success.entries.map(essentials) == bill.trades.map(essentials))
        let refund = try WeChatBill.parse(Array(WeChatBill.text(bill, kind: .refund, merchant: Fixtures.merchant).utf8), date: Fixtures.date)
        #expect(refund.entries.map(essentials) == bill.refunds.map(essentials))
        #expect(refund.entries[0].createdAt == bill.refunds[0].createdAt)
    }

    @Test func textHasWeChatsLayout() {
        let lines = WeChatBill.text(bill, kind: .all, merchant: Fixtures.merchant).components(separatedBy: "\r\n")
        #expect(lines[0] == "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
        #expect(lines[1] == "`2026-11-30 01:00:00,`wxsandbox0000001,`1900000109,`0,`,`SBXT1,`T1,`oSandboxSBXT1,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`12.30,`0.00,`0,`0,`0.00,`0.00,`,`,`拿铁, 大杯,`,`0.07,`0.60%,`12.30,`0.00,`")
        #expect(lines[4].contains(",`REFUND,") && lines[4].contains(",`RT1-R1,`T1-R1,`2.30,`0.00,`ORIGINAL,`SUCCESS,"))
        #expect(lines[5] == "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        #expect(lines[6] == "`4,`1013.29,`2.30,`0.00,`6.07,`1013.29,`2.30")
        #expect(lines.count == 8 && lines[7].isEmpty)
    }

    @Test func anEmptyDayAnswersNoBillExist() throws {
        let empty = Bill(platform: .wechat, date: Fixtures.date, entries: [])
        let text = WeChatBill.text(empty, kind: .all, merchant: Fixtures.merchant)
        #expect(text == "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[No Bill Exist]]></return_msg><error_code><![CDATA[20002]]></error_code></xml>")
        #expect(try WeChatBill.parse(Array(text.utf8), date: Fixtures.date).entries.isEmpty)
        // A day with only trades has no REFUND bill either.
        let tradesOnly = Bill(platform: .wechat, date: Fixtures.date, entries: [Fixtures.trade("T9", 100)])
        #expect(WeChatBill.text(tradesOnly, kind: .refund, merchant: Fixtures.merchant) == WeChatBill.noBillXML)
        // Any other XML is an error answer, not an empty day.
        let error = "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>"
        #expect(throws: BillError.self) { try WeChatBill.parse(Array(error.utf8), date: Fixtures.date) }
    }

    @Test func gzipBillsAreRead() throws {
        let text = WeChatBill.text(bill, kind: .all, merchant: Fixtures.merchant)
        let packed = Gzip.compress(Array(text.utf8))
        #expect(packed.starts(with: [0x1F, 0x8B]))
        #expect(try WeChatBill.parse(packed, date: Fixtures.date).entries.map(essentials) == bill.entries.map(essentials))
        #expect(throws: BillError.self) { try WeChatBill.parse(Array(packed.dropLast(9)), date: Fixtures.date) }
    }

    @Test func truncatedAndMalformedBillsAreRefusedWithTheirLine() {
        let text = WeChatBill.text(bill, kind: .all, merchant: Fixtures.merchant)
        let lines = text.components(separatedBy: "\r\n")
        // Cut after the rows: the totals are missing.
        let cut = lines[0..<4].joined(separator: "\r\n") + "\r\n"
        #expect(throws: BillError(file: "the bill", line: 4, "the totals header and line are missing: the bill is cut short")) {
            try WeChatBill.parse(Array(cut.utf8), date: Fixtures.date)
        }
        // Cut inside a row: too few fields.
        let mid = lines[0..<2].joined(separator: "\r\n") + "\r\n" + lines[2].prefix(40)
        do { _ = try WeChatBill.parse(Array(mid.utf8), date: Fixtures.date); Issue.record("accepted a cut row") }
        catch { #expect(error.line == 3) }
        let cases: [(String, String, Int)] = [
            ("`12.30,`0.00,`0,", "`12.3x,`0.00,`0,", 2),
            ("`SUCCESS,`OTHERS", "`PAID,`OTHERS", 2),
            ("`4,`1013.29", "`4,`1013.28", 7),
            ("`2026-11-30 01:00:00", "`2026/11/30 01:00:00", 2),
        ]
        for (from, to, line) in cases {
            let bad = text.replacingOccurrences(of: from, with: to)
            #expect(bad != text)
            do { _ = try WeChatBill.parse(Array(bad.utf8), date: Fixtures.date); Issue.record("accepted \(to)") }
            catch { #expect(error.line == line, "\(to): \(error)") }
        }
    }
}

@Suite struct ContainerTests {
    @Test func zipEntriesSurviveAndDamageIsCaught() throws {
        let entries = [ZipArchive.Entry(name: "a_业务明细.csv", bytes: Array(repeating: 0x41, count: 10_000)),
                       ZipArchive.Entry(name: "empty", bytes: [])]
        var zip = ZipArchive.write(entries)
        #expect(try ZipArchive.read(zip) == entries)
        // One flipped byte inside the first entry's data: the CRC (or inflate) catches it.
        zip[60] ^= 0xFF
        #expect(throws: ZipArchive.Error.self) { try ZipArchive.read(zip) }
    }

    @Test func serviceFeesRoundHalfUp() {
        #expect(ServiceFee.of(1230, rateBasisPoints: 60) == 7)      // 7.38 fen
        #expect(ServiceFee.of(250, rateBasisPoints: 60) == 2)       // 1.5 fen rounds up
        #expect(ServiceFee.of(249, rateBasisPoints: 60) == 1)       // 1.494
        #expect(ServiceFee.percent(60) == "0.60%")
        #expect(ServiceFee.percent(38) == "0.38%")
    }

    @Test func billDaysAreBeijingDays() throws {
        // 2026-11-30 00:00 UTC is 1_795_996_800_000; Beijing's midnight is 8 h earlier.
        let start: Millis = try #require(BillDate.start("2026-11-30"))
        #expect(start == Millis(1_795_996_800_000) - Millis(8 * 3_600_000))
        #expect(BillDate.of(BillDate.start("2026-11-30")! - 1) == "2026-11-29")
        #expect(BillDate.next("2026-12-31") == "2027-01-01")
        #expect(BillDate.start("2026-02-30") == nil)
        #expect(BillDate.start("20261130") == nil)
    }
}
