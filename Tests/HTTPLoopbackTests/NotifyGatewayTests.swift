import AlipayProtocol
import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import PaymentPlatform
import SandboxServer
import Testing

/// The whole loop on loopback: the counter pays through the HTTP platform, the sandbox server
/// POSTs its signed notifies to `cashier serve`, and the store settles.
@Suite struct NotifyGatewayTests {
    func world(_ mode: NotifyMode, runPoller: Bool) async throws -> (ServeWorld, LoopbackSandbox, Engine) {
        let gateway = try await LoopbackSandbox(mode: mode, delaySeconds: 5)
        let w = try await ServeWorld(runPoller: runPoller, notify: NotifyKit.shared.settings, gateway: gateway)
        let counter = try w.counter(platform: try gateway.client(notifyURL: w.notifyURL))
        return (w, gateway, counter)
    }

    func pay(_ w: ServeWorld, _ counter: Engine, _ number: String, code digit: Int) async throws -> String {
        let o = try w.order(number)
        let snap = try await counter.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: .code(ServeWorld.code(digit)),
                                                     operatorName: "cashier", channel: .counter))
        return try #require(snap.paymentOrder?.tradeNo)
    }

    @Test func aCodePaymentIsConfirmedByTheSandboxServersCallback() async throws {
        // No poller anywhere: only the notify can settle it.
        let (w, gateway, counter) = try await world(.normal, runPoller: false)
        // Code ending 3: the gateway's answer is "unknown", but the trade succeeded.
        let tradeNo = try await pay(w, counter, "G001", code: 3)
        #expect(try w.paymentOrder(tradeNo).state == .pending)
        try await w.eventually("the callback settles \(tradeNo)") { try w.paymentOrder(tradeNo).state == .succeeded }
        #expect(try w.order("G001").status == .paid)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo)["applied"] == 1)
        let delivered = await eventually { try? gateway.sandbox.notices(tradeNo: tradeNo).first { $0.state == .delivered } }
        #expect(delivered != nil, "the sandbox saw `success`")
        await w.stop()
        await gateway.stop()
    }

    @Test func duplicatedCallbacksSettleOnce() async throws {
        let (w, gateway, counter) = try await world(.duplicate, runPoller: false)
        let tradeNo = try await pay(w, counter, "S002", code: 3)
        try await w.eventually("settled") { try w.paymentOrder(tradeNo).state == .succeeded }
        try await w.eventually("both copies answered") { try w.store.notifyCounts(tradeNo: tradeNo).values.reduce(0, +) >= 1 }
        #expect(try w.store.notifyCounts(tradeNo: tradeNo)["applied"] == 1)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo)["refused"] == nil)
        #expect(try w.auditActions("payment.succeeded") == 1)
        await w.stop()
        await gateway.stop()
    }

    @Test func reorderedCallbacksLeaveThePaymentSettled() async throws {
        // Reorder mode: WAIT_BUYER_PAY is announced too, and the notifications arrive newest first.
        let (w, gateway, counter) = try await world(.reorder, runPoller: false)
        let tradeNo = try await pay(w, counter, "G005", code: 1)
        try await w.eventually("settled") { try w.paymentOrder(tradeNo).state == .succeeded }
        let delivered = await eventually(seconds: 90) { () -> [SandboxNotice]? in
            let all = (try? gateway.sandbox.notices(tradeNo: tradeNo)) ?? []
            // Two when the gateway saw the customer still paying (WAIT_BUYER_PAY); a slow machine may see only the success.
            return !all.isEmpty && all.allSatisfy { $0.state == .delivered } ? all : nil
        }
        #expect(delivered != nil, "every notification was answered success: \((try? gateway.sandbox.notices(tradeNo: tradeNo)) ?? [])")
        #expect(try w.paymentOrder(tradeNo).state == .succeeded)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo)["applied"] == 1)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo)["refused"] == nil)
        await w.stop()
        await gateway.stop()
    }

    @Test func whenCallbacksAreLostThePollerOfTheServerSettles() async throws {
        let (w, gateway, counter) = try await world(.lost, runPoller: true)
        let tradeNo = try await pay(w, counter, "M003", code: 3)
        try await w.eventually("the poller settles \(tradeNo)") { try w.paymentOrder(tradeNo).state == .succeeded }
        #expect(try w.store.notifyCounts(tradeNo: tradeNo).isEmpty)
        #expect(try w.violations() == [])
        await w.stop()
        await gateway.stop()
    }

    @Test func theChannelAPIPaysThroughTheGatewayToo() async throws {
        let (w, gateway, _) = try await world(.normal, runPoller: true)
        let (tradeNo, reply) = try await w.startPayment(key: try w.key(), orders: ["D004"], code: ServeWorld.code(0))
        #expect(reply.json["outcome"] as? String == "paid", "\(reply.text)")
        #expect(try w.paymentOrder(tradeNo).platformTradeNo != nil)
        let ready = try await w.call("GET", "/ready")
        #expect(ready.status == 200, "\(ready.text)")
        await gateway.stop()
        // The platform is gone: not ready, and it says why.
        let down = try await w.call("GET", "/ready")
        #expect(down.status == 503 && (down.json["platform"] as? String)?.hasPrefix("unreachable") == true, "\(down.text)")
        await w.stop()
    }
}
