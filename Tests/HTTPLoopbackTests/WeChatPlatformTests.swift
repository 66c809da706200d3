import CashierCore
import Foundation
import HTTPPlatform
import Hummingbird
import PaymentPlatform
import SandboxServer
import Testing
import WeChatPayProtocol
import WeChatPlatform

extension LoopbackSandbox {
    /// A WeChat adapter for this server's merchant. A generous deadline: a busy machine must not
    /// turn an answer into "unknown".
    func wechatClient(timeoutSeconds: Double = 120, apiKey: String? = nil, signType: WeChatSignType = .md5,
                      recallAttempts: Int = 5, notifyURL: String? = nil) -> WeChatPlatform {
        WeChatPlatform(configuration: .init(baseURL: base, appID: merchant.appID, mchID: merchant.mchID,
                                            apiKey: apiKey ?? merchant.apiKey, notifyURL: notifyURL, timeoutSeconds: timeoutSeconds,
                                            signType: signType, recallDelaySeconds: 0.01, recallAttempts: recallAttempts),
                       logger: quietLogger)
    }
}

/// The WeChat Pay adapter against the real sandbox gateway on 127.0.0.1.
@Suite(.serialized) struct WeChatPlatformTests {
    let money = Money(minor: 4_560, currency: .cny)

    func pay(_ c: WeChatPlatform, _ tradeNo: String, _ digit: Int, serial: Int) async -> PayOutcome {
        await c.pay(PayRequest(tradeNo: tradeNo, amount: money, subject: "Order", mode: .code(try! PaymentCode(wechatCode(digit, serial: serial)))))
    }

    @Test func paymentsByDigit() async throws {
        let s = try await LoopbackSandbox()
        for type in WeChatSignType.allCases {
            let c = s.wechatClient(signType: type)
            let no = "CSHP0" + type.rawValue
            guard case .succeeded(let platformNo) = await pay(c, no, 0, serial: type == .md5 ? 1 : 2) else { Issue.record("pay \(type)"); return }
            #expect(platformNo == (try s.sandbox.trade(tradeNo: no))?.platformTradeNo)
            // Resubmitted: ORDERPAID, confirmed by a query — the same payment, never a failure.
            #expect(await pay(c, no, 0, serial: type == .md5 ? 1 : 2) == .succeeded(platformTradeNo: platformNo))
        }
        let c = s.wechatClient()
        #expect(await pay(c, "CSHP1", 1, serial: 3) == .waitingForCustomer)
        let paid = await eventually { () -> Bool? in
            if case .trade(let t) = await c.query(tradeNo: "CSHP1"), t.status == .succeeded { return true }
            return nil
        }
        #expect(paid == true)
        guard case .declined(let reason) = await pay(c, "CSHP2", 2, serial: 4) else { Issue.record("declined"); return }
        #expect(reason.contains(WeChatErrCode.notEnough))
        guard case .unknown = await pay(c, "CSHP3", 3, serial: 5) else { Issue.record("SYSTEMERROR is unknown"); return }
        guard case .trade(let lost) = await c.query(tradeNo: "CSHP3") else { Issue.record("query"); return }
        #expect(lost.status == .succeeded && lost.amount == money)
        guard case .unknown = await pay(c, "CSHP5", 5, serial: 6) else { Issue.record("BANKERROR is unknown"); return }
        guard case .trade(let failed) = await c.query(tradeNo: "CSHP5") else { Issue.record("query"); return }
        #expect(failed.status == .failed)
        guard case .trade(let none) = await c.query(tradeNo: "CSHP-NONE") else { Issue.record("query"); return }
        #expect(none.status == .notFound)
        await s.stop()
    }

    @Test func aUserPayingCodeEndsInAReverseAfterRecallTwice() async throws {
        // Real time: the platform's own revoke (45 s) must not come first on a busy machine.
        let s = try await LoopbackSandbox(timeScale: 1)
        #expect(await pay(s.wechatClient(), "CSHP4", 4, serial: 7) == .waitingForCustomer)
        // Allowed only two calls, the adapter is still told to call again: unknown.
        guard case .unknown(let reason) = await s.wechatClient(recallAttempts: 2).cancel(tradeNo: "CSHP4") else {
            Issue.record("two recalls"); return
        }
        #expect(reason.contains("recall=Y"))
        #expect(try s.sandbox.trade(tradeNo: "CSHP4")?.status == .waiting)
        // The third reverse closes it.
        #expect(await s.wechatClient().cancel(tradeNo: "CSHP4") == .closed(reversed: false))
        guard case .trade(let t) = await s.wechatClient().query(tradeNo: "CSHP4") else { Issue.record("query"); return }
        #expect(t.status == .closed)
        // A paid one reversed gives the money back, and says so.
        #expect(await s.wechatClient().cancel(tradeNo: "CSHP4") == .closed(reversed: false))
        guard case .succeeded = await pay(s.wechatClient(), "CSHP6", 0, serial: 8) else { Issue.record("pay"); return }
        #expect(await s.wechatClient().cancel(tradeNo: "CSHP6") == .closed(reversed: true))
        #expect(try s.sandbox.trade(tradeNo: "CSHP6")?.reversed == true)
        await s.stop()
    }

    @Test func nativeQRPaidByScanThenRefundedInParts() async throws {
        let s = try await LoopbackSandbox()
        let c = s.wechatClient()
        let request = PayRequest(tradeNo: "CSHPQ", amount: money, subject: "Order", mode: .qr(.wechat))
        #expect(await c.precreate(request) == .created(qrContent: "weixin://wxpay/bizpayurl?pr=CSHPQ"))
        guard case .trade(let waiting) = await c.query(tradeNo: "CSHPQ") else { Issue.record("query"); return }
        #expect(waiting.status == .waiting)
        // What `cashier sandbox scan CSHPQ` does for a store paying WeChat over HTTP.
        #expect(try await c.sandboxScan(tradeNo: "CSHPQ", outcome: "success").contains("CSHPQ"))
        await #expect(throws: SandboxAdminError.self) { try await c.sandboxScan(tradeNo: "CSHPQ", outcome: "success") }
        guard case .trade(let paid) = await c.query(tradeNo: "CSHPQ") else { Issue.record("query"); return }
        #expect(paid.status == .succeeded && paid.platformTradeNo != nil)
        guard case .refused = await c.close(tradeNo: "CSHPQ") else { Issue.record("close of a paid order"); return }
        #expect(await c.refund(RefundRequest(tradeNo: "CSHPQ", refundNo: "R1", amount: Money(minor: 1_000, currency: .cny), reason: "one")) == .succeeded)
        #expect(await c.refund(RefundRequest(tradeNo: "CSHPQ", refundNo: "R1", amount: Money(minor: 1_000, currency: .cny), reason: "one")) == .succeeded)
        #expect(await c.refundQuery(tradeNo: "CSHPQ", refundNo: "R1") == .succeeded)
        #expect(await c.refundQuery(tradeNo: "CSHPQ", refundNo: "R9") == .notFound)
        guard case .failed = await c.refund(RefundRequest(tradeNo: "CSHPQ", refundNo: "R2", amount: money, reason: "")) else {
            Issue.record("more than was paid"); return
        }
        #expect(try s.sandbox.trade(tradeNo: "CSHPQ")?.refunded.minor == 1_000)
        // An unpaid QR order closes.
        guard case .created = await c.precreate(PayRequest(tradeNo: "CSHPQ2", amount: money, subject: "Order", mode: .qr(.wechat))) else {
            Issue.record("precreate"); return
        }
        #expect(await c.close(tradeNo: "CSHPQ2") == .closed(reversed: false))
        await s.stop()
    }

    @Test func slowAndOnceDeclinedRefunds() async throws {
        // Real time: the refund must still be processing when the adapter asks, right after.
        let s = try await LoopbackSandbox(timeScale: 1)
        let c = s.wechatClient()
        guard case .succeeded = await pay(c, "CSHP7", 6, serial: 9) else { Issue.record("pay"); return }
        #expect(await c.refund(RefundRequest(tradeNo: "CSHP7", refundNo: "S", amount: money, reason: "")) == .processing)
        let landed = await eventually { await c.refundQuery(tradeNo: "CSHP7", refundNo: "S") == .succeeded ? true : nil }
        #expect(landed == true)
        guard case .succeeded = await pay(c, "CSHP8", 7, serial: 10) else { Issue.record("pay"); return }
        guard case .failed = await c.refund(RefundRequest(tradeNo: "CSHP8", refundNo: "F", amount: money, reason: "")) else {
            Issue.record("first attempt declined"); return
        }
        guard case .failed = await c.refundQuery(tradeNo: "CSHP8", refundNo: "F") else { Issue.record("REFUNDCLOSE"); return }
        #expect(await c.refund(RefundRequest(tradeNo: "CSHP8", refundNo: "F", amount: money, reason: "")) == .succeeded)
        await s.stop()
    }

    @Test func whateverPreventsAVerifiedAnswerIsUnknown() async throws {
        let s = try await LoopbackSandbox()
        // Another API key: the gateway refuses the signature (return_code FAIL, unsigned).
        guard case .unknown = await pay(s.wechatClient(apiKey: String(repeating: "z", count: 32)), "CSHPU1", 0, serial: 11) else {
            Issue.record("refused signature"); return
        }
        #expect(try s.sandbox.trade(tradeNo: "CSHPU1") == nil)
        // An outage (503).
        _ = try await s.admin("/sandbox/outage?seconds=30")
        guard case .unknown(let reason) = await pay(s.wechatClient(), "CSHPU2", 0, serial: 12) else { Issue.record("outage"); return }
        #expect(reason.contains("503"))
        _ = try await s.admin("/sandbox/outage?seconds=0")
        let client = s.wechatClient()
        await s.stop()
        // Nobody listening.
        guard case .unknown = await client.query(tradeNo: "CSHPU2") else { Issue.record("refused connection"); return }
        guard case .unknown = await client.cancel(tradeNo: "CSHPU2") else { Issue.record("refused connection"); return }

        // A server that answers too late, and one whose answers are signed with another key.
        let router = Router()
        router.post("/pay/micropay") { _, _ -> String in
            try await Task.sleep(nanoseconds: 2_000_000_000)
            return "<xml/>"
        }
        let forger = WeChatKey(apiKey: String(repeating: "f", count: 32))
        let merchant = s.merchant
        router.post("/pay/orderquery") { _, _ -> String in
            WeChatMessage.signedBody(["return_code": "SUCCESS", "result_code": "SUCCESS", "appid": merchant.appID, "mch_id": merchant.mchID,
                                      "trade_state": "SUCCESS", "out_trade_no": "CSHPU3", "total_fee": "4560"], key: forger, type: .md5)
        }
        let responder = router.buildResponder()
        let fake = try await RunningServer.start { ready in
            try await Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { await ready($0.localAddress?.port ?? 0) }, logger: quietLogger).run()
        }
        let toFake = WeChatPlatform(configuration: .init(baseURL: "http://127.0.0.1:\(fake.port)", appID: merchant.appID, mchID: merchant.mchID,
                                                         apiKey: merchant.apiKey, timeoutSeconds: 0.3), logger: quietLogger)
        guard case .unknown(let late) = await toFake.pay(PayRequest(tradeNo: "CSHPU3", amount: money, subject: "x",
                                                                    mode: .code(try PaymentCode(wechatCode(0, serial: 13))))) else {
            Issue.record("timeout"); return
        }
        #expect(late.contains("timeout"))
        guard case .unknown(let forged) = await toFake.query(tradeNo: "CSHPU3") else { Issue.record("forged answer"); return }
        #expect(forged.contains("signature"))
        await fake.stop()
    }
}
