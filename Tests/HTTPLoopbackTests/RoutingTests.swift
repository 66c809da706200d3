import CashierCore
import Localization
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import HTTPPlatform
import PaymentPlatform
import SandboxServer
import Synchronization
import Testing
import WeChatPayProtocol
import WeChatPlatform

/// A platform that notes which trade numbers reached it, then passes every call on.
final class Recording: PaymentPlatform, Sendable {
    let inner: any PaymentPlatform
    private let seen = Mutex<[String]>([])
    /// What each cancel answered, as text.
    private let answers = Mutex<[String]>([])
    var outcomes: [String] { answers.withLock { $0 } }
    init(_ inner: any PaymentPlatform) { self.inner = inner }
    var trades: [String] { seen.withLock { $0 } }
    func note(_ t: String) { seen.withLock { $0.append(t) } }

    func pay(_ r: PayRequest) async -> PayOutcome { note(r.tradeNo); return await inner.pay(r) }
    func precreate(_ r: PayRequest) async -> PrecreateOutcome { note(r.tradeNo); return await inner.precreate(r) }
    func query(tradeNo: String) async -> QueryOutcome { note(tradeNo); return await inner.query(tradeNo: tradeNo) }
    func cancel(tradeNo: String) async -> CancelOutcome {
        note(tradeNo)
        let outcome = await inner.cancel(tradeNo: tradeNo)
        answers.withLock { $0.append("\(outcome)") }
        return outcome
    }
    func close(tradeNo: String) async -> CancelOutcome { note(tradeNo); return await inner.close(tradeNo: tradeNo) }
    func refund(_ r: RefundRequest) async -> RefundOutcome { note(r.tradeNo); return await inner.refund(r) }
    func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome {
        note(tradeNo); return await inner.refundQuery(tradeNo: tradeNo, refundNo: refundNo)
    }
}

/// Alipay and WeChat Pay side by side over real HTTP: every payment to the platform its code (or
/// the cashier's QR choice) belongs to, WeChat's notifies at `/notify/wechat`, and a kind with no
/// platform refused before anything is written.
@Suite struct RoutingTests {
    struct Day {
        let gateway: LoopbackSandbox
        let world: ServeWorld
        let alipay: Recording
        let wechat: Recording
        let counter: Engine
    }

    /// Both platforms over HTTP at one sandbox server; the counter's engine routes by kind.
    /// `scale`: the store's waits (a QR's window is 180 s × scale); `sandboxScale`: the sandbox's.
    func day(_ mode: NotifyMode = .normal, runPoller: Bool = false, recallAttempts: Int = 5, scale: Double = 0.01,
             sandboxScale: Double = 0.01) async throws -> Day {
        let gateway = try await LoopbackSandbox(timeScale: sandboxScale, mode: mode)
        let m = gateway.merchant
        let serverRoutes = PlatformRoutes([.alipay: try gateway.client(), .wechat: gateway.wechatClient(recallAttempts: recallAttempts)])
        let w = try await ServeWorld(scale: scale, runPoller: runPoller, notify: NotifyKit.shared.settings, gateway: gateway,
                                     wechatNotify: m,
                                     routes: serverRoutes)
        let alipay = Recording(try gateway.client(notifyURL: w.notifyURL))
        let wechat = Recording(gateway.wechatClient(recallAttempts: recallAttempts, notifyURL: w.wechatNotifyURL))
        return Day(gateway: gateway, world: w, alipay: alipay, wechat: wechat,
                   counter: try w.counter(routes: PlatformRoutes([.alipay: alipay, .wechat: wechat]), scale: scale))
    }

    func pay(_ d: Day, _ number: String, _ mode: Tender.Online) async throws -> PaymentSnapshot {
        let o = try d.world.order(number)
        return try await d.counter.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: mode,
                                                   operatorName: "cashier", channel: .counter))
    }

    func stop(_ d: Day) async {
        await d.world.stop()
        await d.gateway.stop()
    }

    @Test func oneCounterTakesAnAlipayCodeThenAWeChatCodeEachAtItsOwnPlatform() async throws {
        let d = try await day()
        let first = try await pay(d, "G001", .code(ServeWorld.code(0, 11)))
        let second = try await pay(d, "S002", .code(wechatCode(0, serial: 12)))
        let a = try #require(first.paymentOrder), b = try #require(second.paymentOrder)
        #expect(try d.world.paymentOrder(a.tradeNo).state == .succeeded && a.platform == .alipay)
        #expect(try d.world.paymentOrder(b.tradeNo).state == .succeeded && b.platform == .wechat)
        // Each went to its own adapter, and only there.
        #expect(d.alipay.trades == [a.tradeNo] && d.wechat.trades == [b.tradeNo])
        #expect(try d.gateway.sandbox.trade(tradeNo: b.tradeNo)?.platform == .wechat)
        await stop(d)
    }

    @Test func partialRefundsGoBackThroughBothPlatformsOnOneMixedDay() async throws {
        let d = try await day()
        let alipayPaid = try #require(try await pay(d, "G001", .code(ServeWorld.code(0, 21))).paymentOrder)
        let wechatPaid = try #require(try await pay(d, "M003", .code(wechatCode(0, serial: 22))).paymentOrder)
        for (number, amount, tradeNo) in [("G001", Int64(3_000), alipayPaid.tradeNo), ("M003", 9_900, wechatPaid.tradeNo),
                                          ("M003", 10_000, wechatPaid.tradeNo)] {
            let o = try d.world.order(number)
            let request = try d.counter.requestRefund(orderId: o.id, amount: amount, reason: "part back", by: "cashier")
            let refunds = try await d.counter.approve(requestId: request.id, supervisor: "supervisor", pin: "9999")
            #expect(refunds.map(\.state) == [.succeeded], "\(number) \(amount)")
            #expect(try d.gateway.sandbox.trade(tradeNo: tradeNo)?.refunds.contains { $0.refundNo == refunds[0].refundNo } == true)
        }
        #expect(try d.world.order("G001").refunded == 3_000 && d.world.order("M003").refunded == 19_900)
        #expect(try d.gateway.sandbox.trade(tradeNo: wechatPaid.tradeNo)?.refunded.minor == 19_900)
        #expect(try d.gateway.sandbox.trade(tradeNo: alipayPaid.tradeNo)?.refunded.minor == 3_000)
        // The WeChat refunds went to WeChat's adapter, the Alipay one to Alipay's.
        #expect(!d.alipay.trades.contains(wechatPaid.tradeNo) && !d.wechat.trades.contains(alipayPaid.tradeNo))
        await stop(d)
    }

    @Test func aUnionPayCodeIsRefusedNamingWhatToConfigureAndNothingIsWritten() async throws {
        let d = try await day()
        let unionpay = "62" + String(format: "%016d", 1) + "0"
        let o = try d.world.order("D004")
        #expect(await Refused.ofAsync {
            _ = try await d.counter.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: .code(unionpay),
                                                    operatorName: "cashier", channel: .counter))
        } == Refused(CashierError.noPlatform(.unionpay)))
        #expect(Language.en.sentence(CashierError.noPlatform(.unionpay)).contains("[platform.unionpay]"))
        // The channel API says it in its own words, naming the same table.
        let key = try d.world.key()
        let r = try await d.world.call("POST", "/v1/payments", key: key, json: #"{"orders":["D004"],"method":"code","code":"\#(unionpay)"}"#)
        #expect(r.status == 422 && r.errorMessage?.contains("[platform.unionpay]") == true, "\(r.text)")
        #expect(try d.world.store.probe(Int.self, "SELECT COUNT(*) FROM payment_orders") == 0)
        #expect(try d.world.order("D004").status == .unpaid)
        await stop(d)
    }

    @Test func aWeChatNativeQRPaidByScanIsConfirmedByTheNotifyAlone() async throws {
        // No poller anywhere: only `/notify/wechat` can settle it.
        let d = try await day(runPoller: false)
        let po = try #require(try await pay(d, "G005", .qr(.wechat)).paymentOrder)
        #expect(po.platform == .wechat && po.qrContent?.hasPrefix("weixin://") == true)
        #expect(try await d.gateway.admin("/sandbox/scan?trade_no=\(po.tradeNo)").0 == 200)
        try await d.world.eventually("the notify settles \(po.tradeNo)") { try d.world.paymentOrder(po.tradeNo).state == .succeeded }
        #expect(try d.world.store.notifyCounts(tradeNo: po.tradeNo)["applied"] == 1)
        let delivered = await eventually { try? d.gateway.sandbox.notices(tradeNo: po.tradeNo).first { $0.state == .delivered } }
        #expect(delivered?.protocol == .wechat, "the sandbox saw return_code SUCCESS")
        await stop(d)
    }

    @Test func aLostWeChatNotifyIsSettledByThePoller() async throws {
        // A QR window of 18 s: a loaded machine's slow scan still comes before it closes.
        let d = try await day(.lost, runPoller: true, scale: 0.1)
        let po = try #require(try await pay(d, "S002", .qr(.wechat)).paymentOrder)
        #expect(try await d.gateway.admin("/sandbox/scan?trade_no=\(po.tradeNo)").0 == 200)
        try await d.world.eventually("the poller settles \(po.tradeNo)") { try d.world.paymentOrder(po.tradeNo).state == .succeeded }
        #expect(try d.world.store.notifyCounts(tradeNo: po.tradeNo).isEmpty, "no notify ever came")
        await stop(d)
    }

    @Test func aUserPayingWeChatCodeEndsInAReverseCalledAgainWhileRecallIsY() async throws {
        // 4: the customer never finishes. The sandbox in real time (its own 45 s revoke stays far
        // off); the adapter calls reverse at most twice per cancel, so the sandbox's two recall=Y
        // answers leave the first cancel unknown, and the engine's next try revokes it.
        let d = try await day(recallAttempts: 2, sandboxScale: 1)
        let snap = try await pay(d, "M003", .code(wechatCode(4, serial: 41)))
        let po = try #require(snap.paymentOrder)
        #expect(try d.world.paymentOrder(po.tradeNo).state == .pending)
        let cancelled = try await d.counter.cancel(checkoutId: snap.checkout.id, by: "cashier")
        #expect(cancelled.paymentOrder?.state.isFinal == false, "recall=Y twice: not closed yet")
        #expect(d.wechat.outcomes.contains { $0.contains("recall=Y") }, "\(d.wechat.outcomes)")
        var tries = 0
        while try !d.world.paymentOrder(po.tradeNo).state.isFinal && tries < 500 {
            _ = await d.counter.pollOnce()
            try await Task.sleep(nanoseconds: 20_000_000)
            tries += 1
        }
        #expect(try d.world.paymentOrder(po.tradeNo).state == .closed)
        #expect(try d.gateway.sandbox.trade(tradeNo: po.tradeNo)?.status == .closed, "revoked at the platform")
        #expect(try d.world.order("M003").status == .unpaid)
        await stop(d)
    }

    @Test func forgedMismatchedOrReplayedWeChatNotifiesChangeNothing() async throws {
        let d = try await day(runPoller: false)
        let m = d.gateway.merchant
        let po = try #require(try await pay(d, "D004", .qr(.wechat)).paymentOrder)
        func notify(_ fields: [String: String], key: WeChatKey? = nil) async throws -> ServeWorld.Reply {
            var f = ["return_code": "SUCCESS", "result_code": "SUCCESS", "appid": m.appID, "mch_id": m.mchID,
                     "nonce_str": WeChatNonce.make(), "out_trade_no": po.tradeNo, "total_fee": "50000",
                     "transaction_id": "4200000001", "trade_type": "NATIVE"]
            for (k, v) in fields { f[k] = v }
            return try await d.world.call("POST", "/notify/wechat",
                                          headers: ["Content-Type": "text/xml"], xml: WeChatMessage.signedBody(f, key: key ?? m.key, type: .md5))
        }
        let stranger = WeChatKey(apiKey: String(repeating: "x", count: 32))
        for (fields, key, why) in [([String: String](), stranger, "forged"), (["total_fee": "1"], nil, "amount"),
                                   (["mch_id": "1900000000"], nil, "mch_id"), (["appid": "wx0000000000000000"], nil, "appid"),
                                   (["out_trade_no": "CSH999999"], nil, "unknown trade")] {
            let r = try await notify(fields, key: key)
            #expect(r.status == 400 && xmlFields(r.text)["return_code"] == "FAIL", "\(why): \(r.text)")
            #expect(try d.world.paymentOrder(po.tradeNo).state == .pending, "\(why)")
        }
        // The real one settles it; the same again is a duplicate; other content under the same trade is a replay.
        #expect(try await notify([:]).status == 200)
        #expect(try d.world.paymentOrder(po.tradeNo).state == .succeeded)
        let again = try await notify([:])
        #expect(again.status == 200 && xmlFields(again.text)["return_code"] == "SUCCESS")
        #expect(try await notify(["transaction_id": "4200000002"]).status == 400)
        #expect(try d.world.paymentOrder(po.tradeNo).platformTradeNo == "4200000001")
        #expect(try d.world.auditActions("payment.succeeded") == 1)
        #expect(try d.world.auditActions("notify.refused") == 6)
        await stop(d)
    }

    @Test func aWeChatRefundNotifyIsDecryptedAndApplied() async throws {
        // 6: refunds stay PROCESSING 8 s × 3 (the sandbox slower than real time, so the refund's
        // own answer finds it processing even on a loaded machine); only the refund notify can
        // finish it here.
        let d = try await day(runPoller: false, sandboxScale: 3)
        let po = try #require(try await pay(d, "G001", .code(wechatCode(6, serial: 61))).paymentOrder)
        #expect(try d.world.paymentOrder(po.tradeNo).state == .succeeded)
        let o = try d.world.order("G001")
        let request = try d.counter.requestRefund(orderId: o.id, amount: 2_500, reason: "part back", by: "cashier")
        let refunds = try await d.counter.approve(requestId: request.id, supervisor: "supervisor", pin: "9999")
        #expect(refunds.map(\.state) == [.processing])
        try await d.world.eventually("the refund notify lands") { try d.world.order("G001").refunded == 2_500 }
        #expect(try d.counter.refundOrders(requestId: request.id).map(\.state) == [.succeeded])
        await stop(d)
    }
}
