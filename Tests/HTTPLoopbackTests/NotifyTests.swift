import AlipayProtocol
import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import Testing

@Suite struct NotifyTests {
    let kit = NotifyKit.shared

    @Test func aCodePaymentIsConfirmedByTheCallbackAlone() async throws {
        let w = try await ServeWorld(notify: kit.settings)
        let key = try w.key()
        // Code ending 3: the platform takes the money but the answer is lost; no poller runs here.
        let (tradeNo, reply) = try await w.startPayment(key: key, orders: ["G001"], code: ServeWorld.code(3))
        #expect(reply.json["outcome"] as? String == "waiting")
        #expect(try w.paymentOrder(tradeNo).state == .pending)
        w.platform.setDown(true)  // so nothing but the notify can tell the store
        let r = try await w.notify(try kit.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 10_000, currency: .cny), notifyId: "n-1"))
        #expect(r.status == 200)
        #expect(r.text == "success")
        #expect(try w.paymentOrder(tradeNo).state == .succeeded)
        #expect(try w.paymentOrder(tradeNo).platformTradeNo == "2026" + tradeNo.dropFirst(3))
        #expect(try w.order("G001").status == .paid)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo) == ["applied": 1])
        w.platform.setDown(false)
        #expect(try w.violations() == [])
        await w.stop()
    }

    @Test func duplicatedAndReorderedCallbacksChangeNothingMore() async throws {
        let w = try await ServeWorld(notify: kit.settings)
        let key = try w.key()
        let (tradeNo, _) = try await w.startPayment(key: key, orders: ["S002", "G005"], code: ServeWorld.code(3))
        let amount = Money(minor: 5_833, currency: .cny)
        let success = try kit.form(tradeNo, "TRADE_SUCCESS", amount: amount, notifyId: "n-ok")
        // The same notify five times at once: one applies, all are answered success.
        let replies = try await withThrowingTaskGroup(of: ServeWorld.Reply.self) { group in
            for _ in 0..<5 { group.addTask { try await w.notify(success) } }
            var all: [ServeWorld.Reply] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(replies.allSatisfy { $0.status == 200 && $0.text == "success" }, "\(replies.map(\.text))")
        // Delivered late and out of order: an older WAIT_BUYER_PAY, then a TRADE_CLOSED.
        let wait = try kit.form(tradeNo, "WAIT_BUYER_PAY", amount: amount, notifyId: "n-wait")
        let closed = try kit.form(tradeNo, "TRADE_CLOSED", amount: amount, notifyId: "n-closed")
        for form in [wait, closed, success, wait] {
            let r = try await w.notify(form)
            #expect(r.text == "success", "\(r.status) \(r.text)")
        }
        #expect(try w.paymentOrder(tradeNo).state == .succeeded)
        #expect(try w.order("S002").status == .paid && w.order("G005").status == .paid)
        #expect(try w.auditActions("payment.succeeded") == 1)
        let counts = try w.store.notifyCounts(tradeNo: tradeNo)
        #expect(counts["applied"] == 1)
        #expect(counts["refused"] == nil)
        #expect(try w.store.openReviewItems().isEmpty)
        #expect(try w.violations() == [])
        await w.stop()
    }

    @Test func forgedSignaturesAreRefusedAndChangeNothing() async throws {
        let w = try await ServeWorld(notify: kit.settings)
        let key = try w.key()
        let (tradeNo, _) = try await w.startPayment(key: key, orders: ["G001"], code: ServeWorld.code(3))
        let amount = Money(minor: 10_000, currency: .cny)
        let forged: [String] = [
            try kit.form(tradeNo, "TRADE_SUCCESS", amount: amount, notifyId: "f-1", signedBy: kit.stranger),
            try kit.form(tradeNo, "TRADE_SUCCESS", amount: amount, notifyId: "f-2") { $0["sign"] = nil },
            try kit.form(tradeNo, "TRADE_SUCCESS", amount: amount, notifyId: "f-3") { $0["sign"] = "bm90IGEgc2lnbmF0dXJl" },
            // Signed for WAIT_BUYER_PAY, then edited to success: the signature no longer fits.
            try kit.form(tradeNo, "WAIT_BUYER_PAY", amount: amount, notifyId: "f-4") { $0["trade_status"] = "TRADE_SUCCESS" },
        ]
        let auditBefore = try w.store.auditCount()
        for form in forged {
            let r = try await w.notify(form)
            #expect(r.status == 400)
            #expect(r.text == "failure")
        }
        #expect(try w.paymentOrder(tradeNo).state == .pending)
        #expect(try w.order("G001").status == .paying)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo) == ["refused": 4])
        #expect(try w.auditActions("notify.refused") == 4)
        #expect(try w.store.auditCount() == auditBefore + 4)
        #expect(try w.store.verifyAudit() == [])
        await w.stop()
    }

    @Test func aNotifyWhoseAmountAppIdOrTradeDoesNotMatchIsRefused() async throws {
        let w = try await ServeWorld(notify: kit.settings)
        let key = try w.key()
        let (tradeNo, _) = try await w.startPayment(key: key, orders: ["G001"], code: ServeWorld.code(3))
        let refused: [String] = [
            try kit.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 1, currency: .cny), notifyId: "m-1"),
            try kit.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 10_001, currency: .cny), notifyId: "m-2"),
            try kit.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 10_000, currency: .cny), notifyId: "m-3", appId: "2099000000000009"),
            try kit.form("CSH0000009999", "TRADE_SUCCESS", amount: Money(minor: 10_000, currency: .cny), notifyId: "m-4"),
        ]
        for form in refused {
            let r = try await w.notify(form)
            #expect(r.status == 400 && r.text == "failure", "\(r.status) \(r.text)")
        }
        #expect(try w.paymentOrder(tradeNo).state == .pending)
        #expect(try w.store.refusedNotifyCount() == 4)
        // The right notify still settles it afterwards.
        let ok = try await w.notify(try kit.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 10_000, currency: .cny), notifyId: "m-5"))
        #expect(ok.text == "success")
        #expect(try w.paymentOrder(tradeNo).state == .succeeded)
        await w.stop()
    }

    @Test func aReplayedNotifyIdWithOtherContentIsRefused() async throws {
        let w = try await ServeWorld(notify: kit.settings)
        let key = try w.key()
        let (a, _) = try await w.startPayment(key: key, orders: ["G001"], code: ServeWorld.code(3))
        let (b, _) = try await w.startPayment(key: key, orders: ["S002"], code: ServeWorld.code(3))
        #expect(try await w.notify(try kit.form(a, "TRADE_SUCCESS", amount: Money(minor: 10_000, currency: .cny), notifyId: "same")).text == "success")
        let replay = try await w.notify(try kit.form(b, "TRADE_SUCCESS", amount: Money(minor: 3_333, currency: .cny), notifyId: "same"))
        #expect(replay.status == 400 && replay.text == "failure")
        #expect(try w.paymentOrder(b).state == .pending)
        await w.stop()
    }

    @Test func aClosedNotifyClosesAnOpenPaymentAndALateSuccessBecomesAReviewItem() async throws {
        let w = try await ServeWorld(notify: kit.settings)
        let key = try w.key()
        let qr = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["M003"],"method":"qr"}"#)
        let tradeNo = try #require(qr.json["trade_no"] as? String)
        let amount = Money(minor: 29_900, currency: .cny)
        #expect(try await w.notify(try kit.form(tradeNo, "TRADE_CLOSED", amount: amount, notifyId: "c-1")).text == "success")
        #expect(try w.paymentOrder(tradeNo).state == .closed)
        #expect(try w.order("M003").status == .unpaid)
        // The platform later says it was paid after all: recorded for review, never applied.
        #expect(try await w.notify(try kit.form(tradeNo, "TRADE_SUCCESS", amount: amount, notifyId: "c-2")).text == "success")
        #expect(try w.paymentOrder(tradeNo).state == .closed)
        #expect(try w.order("M003").status == .unpaid)
        let items = try w.store.probe(Int.self, "SELECT COUNT(*) FROM review_items WHERE kind = 'late_success'")
        #expect(items == 1)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo) == ["applied": 1, "late_success": 1])
        await w.stop()
    }

    @Test func withoutAPlatformKeyEveryNotifyIsRefused() async throws {
        let w = try await ServeWorld(notify: nil)
        let key = try w.key()
        let (tradeNo, _) = try await w.startPayment(key: key, orders: ["G001"], code: ServeWorld.code(3))
        let r = try await w.notify(try kit.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 10_000, currency: .cny), notifyId: "x"))
        #expect(r.status == 400 && r.text == "failure")
        #expect(try w.paymentOrder(tradeNo).state == .pending)
        await w.stop()
    }
}

/// The platform's side of notifies in tests: its key pair (files in the world's folder) and
/// signed Alipay-shaped forms.
struct NotifyKit: Sendable {
    static let appId = "2021000000000001"
    let signer: AlipaySigner
    let stranger: AlipaySigner
    let verifier: AlipayVerifier

    /// The run's shared key pairs (HTTPLoopbackSupport): the platform's signs notifies; the
    /// merchant's stands in for a forger's key.
    static let shared = NotifyKit(keys: LoopbackKeys.shared)

    init(keys: AlipayKeyFiles) {
        signer = try! keys.platformSigner()
        verifier = try! keys.platformVerifier()
        stranger = try! keys.merchantSigner()
    }

    var settings: NotifySettings {
        let verifier = self.verifier
        return NotifySettings(appId: NotifyKit.appId) { form in (try? AlipayNotify.verified(form, verifier: verifier)) != nil }
    }

    func form(_ tradeNo: String, _ status: String, amount: Money, notifyId: String, appId: String = NotifyKit.appId,
              signedBy: AlipaySigner? = nil, tamper: ((inout [String: String]) -> Void)? = nil) throws -> String {
        let n = AlipayNotify(notifyID: notifyId, notifyTime: SystemClock().now(), appID: appId, tradeNo: "2026" + tradeNo.dropFirst(3),
                             outTradeNo: tradeNo, tradeStatus: status, totalAmount: amount,
                             gmtPayment: status == "TRADE_SUCCESS" ? SystemClock().now() : nil)
        var fields = try n.form(signer: signedBy ?? signer)
        tamper?(&fields)
        return FormEncoding.encode(fields)
    }
}

extension ServeWorld {
    /// Starts a payment through the channel API and returns its trade number.
    func startPayment(key: String, orders: [String], code: String) async throws -> (tradeNo: String, reply: Reply) {
        let list = orders.map { "\"\($0)\"" }.joined(separator: ",")
        let r = try await call("POST", "/v1/payments", key: key, json: #"{"orders":[\#(list)],"method":"code","code":"\#(code)"}"#)
        guard r.status == 201, let t = r.json["trade_no"] as? String else { throw TestFailure("payment not started: \(r.text)") }
        return (t, r)
    }

    func notify(_ form: String) async throws -> Reply { try await call("POST", "/notify/alipay", form: form) }

    func auditActions(_ action: String) throws -> Int {
        try store.probe(Int.self, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action) ?? 0
    }
}
