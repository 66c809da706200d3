import AlipayProtocol
import CashierCore
import Foundation
import HTTPPlatform
import PaymentPlatform
import PlatformBills
import SandboxServer
import Testing
import WeChatPayProtocol
import WeChatPlatform

/// Both platforms' daily bills through the real gateway and adapters, with the sandbox told to
/// disagree on purpose through its admin endpoints.
@Suite(.serialized) struct BillDownloadTests {
    @Test func bothBillsDownloadParseAndCarryTheFaults() async throws {
        let s = try await LoopbackSandbox()
        defer { Task { await s.stop() } }
        let alipay = try s.client()
        let wechat = s.wechatClient()
        let today = BillDate.of(s.sandbox.now)
        guard case .succeeded = await alipay.pay(PayRequest(tradeNo: "A1", amount: Money(minor: 1230, currency: .cny), subject: "拿铁, 大杯",
                                                            mode: .code(alipayCode(0, serial: 1)))) else { Issue.record("Alipay pay"); return }
        _ = await wechat.pay(PayRequest(tradeNo: "W1", amount: Money(minor: 4560, currency: .cny), subject: "\"quoted\" 牛丼",
                                        mode: .code(try PaymentCode(wechatCode(0, serial: 2)))))
        _ = await wechat.refund(RefundRequest(tradeNo: "W1", refundNo: "W1-R1", amount: Money(minor: 560, currency: .cny), reason: "t"))
        #expect(try await s.admin("/sandbox/fee?rate=0.38").0 == 200)
        #expect(try await s.admin("/sandbox/fault?kind=amount&trade_no=A1&amount=12.31").0 == 200)
        #expect(try await s.admin("/sandbox/fault?kind=charged&trade_no=W9&amount=9.99&platform=wechat").0 == 200)
        #expect(try await s.admin("/sandbox/fault?kind=next-day&trade_no=NOPE").0 == 404)
        #expect(try await s.admin("/sandbox/fault?kind=sideways&trade_no=A1").0 == 400)

        let a = try await alipay.downloadBill(date: today)
        #expect(a.trades.map(\.merchantTradeNo) == ["A1"])
        #expect(a.trades[0].amountMinor == 1231 && a.trades[0].subject == "拿铁, 大杯" && a.trades[0].feeMinor == 5)
        let w = try await wechat.downloadBill(date: today)
        #expect(w.trades.map(\.merchantTradeNo) == ["W1", "W9"])
        #expect(w.trades[0].subject == "\"quoted\" 牛丼")
        #expect(w.refunds.map(\.merchantRefundNo) == ["W1-R1"] && w.refunds[0].amountMinor == 560)

        // An empty day: WeChat's real "No Bill Exist"; Alipay's file without rows.
        let earlier = BillDate.of(s.sandbox.now - 10 * 86_400_000)
        #expect(try await wechat.downloadBill(date: earlier).entries.isEmpty)
        #expect(try await alipay.downloadBill(date: earlier).entries.isEmpty)
        // The future has no bill.
        let later = BillDate.next(today)!
        await #expect(throws: BillUnavailable.self) { try await wechat.downloadBill(date: later) }
        await #expect(throws: BillUnavailable.self) { try await alipay.downloadBill(date: later) }
    }

    @Test func billLinksCannotBeAlteredAndTheTextBillIsWeChats() async throws {
        let s = try await LoopbackSandbox()
        defer { Task { await s.stop() } }
        let today = BillDate.of(s.sandbox.now)
        let (status, text) = try await loopbackGet(s.base + BillLinks.path + "?bill_type=trade&bill_date=\(today)&expires=9999999999999&token=00")
        #expect(status == 403 && text.contains("not valid"))
        // Raw WeChat request: the text comes back with backticks, uncompressed without tar_type.
        let wechat = s.wechatClient()
        _ = await wechat.pay(PayRequest(tradeNo: "W1", amount: Money(minor: 100, currency: .cny), subject: "s",
                                        mode: .code(try PaymentCode(wechatCode(0, serial: 3)))))
        var f = ["bill_date": today.filter { $0 != "-" }, "bill_type": "SUCCESS", "appid": s.merchant.appID,
                 "mch_id": s.merchant.mchID, "nonce_str": WeChatNonce.make()]
        let body = WeChatMessage.signedBody(f, key: s.merchant.key, type: .md5)
        let (code, bill) = try await loopbackPost(s.base + "/pay/downloadbill", body: body, contentType: "text/xml")
        #expect(code == 200)
        #expect(bill.hasPrefix("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注\r\n`"))
        #expect(bill.contains(",`W1,") && bill.contains("总交易单数"))
        // A forged signature gets WeChat's FAIL answer, never a bill.
        f["bill_type"] = "ALL"
        let forged = WeChatMessage.signedBody(f, key: WeChatKey(apiKey: String(repeating: "x", count: 32)), type: .md5)
        let (_, refused) = try await loopbackPost(s.base + "/pay/downloadbill", body: forged, contentType: "text/xml")
        #expect(xmlFields(refused)["return_code"] == "FAIL")
    }
}
