import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import HTTPPlatform
import PaymentPlatform
import SandboxServer
import Testing

/// The engine end to end over HTTP: a store, its engine and poller, HTTPPlatform, and the
/// sandbox server on loopback, all in this process.
@Suite(.serialized) struct ClientEngineTests {
    final class Shop: @unchecked Sendable {
        let sandbox: LoopbackSandbox
        let store: Store
        let engine: Engine

        /// Scale 0.1: a 6 s payment window, 1 s of "user paying", a 1 s grace for unknown trades.
        init(timeScale: Double = 0.1) async throws {
            sandbox = try await LoopbackSandbox(timeScale: timeScale)
            store = try Store(path: sandbox.dir + "/store.sqlite", mode: .createIfMissing)
            engine = Engine(store: store, platform: try sandbox.client(),
                            config: EngineConfig(timeScale: TimeScale(timeScale)), session: "http-test")
            try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: 1_000)
            try store.addUser(name: "supervisor", role: .supervisor, pin: "9999", rounds: 1_000)
            // Counter payments need the cashier's shift open.
            _ = try store.openShift(terminal: engine.config.terminal, operatorName: "cashier", float: 50_000)
            try store.insertOrders(["G1", "G2", "G3", "G4"].map {
                NewOrder(number: $0, type: "goods", customer: "王小明", currency: .cny,
                         lines: [(name: "item", quantity: 1, unitPrice: 10_000)], createdAt: store.clock.now())
            })
        }

        func id(_ n: String) throws -> Int64 { try store.order(number: n)!.id }

        func pay(_ order: String, digit: Int, serial: Int = 0) async throws -> PaymentSnapshot {
            try await engine.pay(PaymentPlan(orderIds: [try id(order)], online: 10_000,
                                             onlineMode: .code(alipayCode(digit, serial: serial).digits), operatorName: "cashier"))
        }

        /// Runs poller cycles until the payment is final (or a minute passes).
        func settle(_ checkoutId: Int64) async throws -> PaymentOrderRecord? {
            try await eventually {
                _ = await engine.pollOnce()
                let po = try store.paymentOrder(checkoutId: checkoutId)
                return po?.state.isFinal == true ? po : nil
            }
        }
    }

    @Test func aCodePaymentSucceedsThroughTheGateway() async throws {
        let shop = try await Shop()
        let s = try await shop.pay("G1", digit: 0)
        #expect(s.checkout.state == .succeeded && s.paymentOrder?.state == .succeeded)
        #expect(try shop.store.order(number: "G1")?.status == .paid)
        #expect(try shop.sandbox.sandbox.trade(tradeNo: s.paymentOrder!.tradeNo)?.status == .succeeded)
        #expect(try shop.store.checkInvariants().isEmpty)
        await shop.sandbox.stop()
    }

    @Test func waitingAndUnknownPaymentsAreSettledByThePollerOverHTTP() async throws {
        let shop = try await Shop()
        let waiting = try await shop.pay("G1", digit: 1)
        #expect(waiting.paymentOrder?.state == .pending)
        let unknownPaid = try await shop.pay("G2", digit: 3)
        #expect(unknownPaid.paymentOrder?.state == .pending, "an unknown answer is never a failure")
        let unknownFailed = try await shop.pay("G3", digit: 5)
        #expect(unknownFailed.paymentOrder?.state == .pending)
        #expect(try await shop.settle(waiting.checkout.id)?.state == .succeeded)
        #expect(try await shop.settle(unknownPaid.checkout.id)?.state == .succeeded)
        #expect(try await shop.settle(unknownFailed.checkout.id)?.state == .failed)
        #expect(try shop.store.order(number: "G3")?.status == .unpaid)
        #expect(try shop.store.checkInvariants().isEmpty)
        await shop.sandbox.stop()
    }

    /// Scale 0.2: the customer types for 2 s, the payment window is 12 s, so the outage
    /// below comes and goes well inside it even on a busy machine.
    @Test func thePlatformDownDuringAPaymentKeepsItPendingUntilItIsBack() async throws {
        let shop = try await Shop(timeScale: 0.2)
        let s = try await shop.pay("G1", digit: 1)  // the customer is typing the password
        #expect(s.paymentOrder?.state == .pending)
        #expect(try await shop.sandbox.admin("/sandbox/outage?seconds=30").0 == 200)
        for _ in 0..<3 {
            try shop.store.paymentReschedule(id: s.paymentOrder!.id, nextQueryAt: 0, message: nil)
            _ = await shop.engine.pollOnce()
        }
        let during = try shop.store.paymentOrder(checkoutId: s.checkout.id)
        #expect(during?.state == .pending)
        #expect(during?.message?.contains("503") == true)
        #expect(try await shop.sandbox.admin("/sandbox/outage?seconds=0").0 == 200)
        #expect(try await shop.settle(s.checkout.id)?.state == .succeeded)
        #expect(try shop.store.checkInvariants().isEmpty)
        await shop.sandbox.stop()
    }

    @Test func downBeforeThePayCallArrivedNothingIsTakenAndThePaymentCloses() async throws {
        let shop = try await Shop(timeScale: 0.1)
        #expect(try await shop.sandbox.admin("/sandbox/outage?seconds=30").0 == 200)
        let lost = try await shop.pay("G2", digit: 0)
        #expect(lost.paymentOrder?.state == .pending)
        #expect(try await shop.sandbox.admin("/sandbox/outage?seconds=0").0 == 200)
        let closed = try await shop.settle(lost.checkout.id)
        #expect(closed?.state == .closed)
        #expect(try shop.store.order(number: "G2")?.status == .unpaid)
        #expect(try shop.sandbox.sandbox.trade(tradeNo: lost.paymentOrder!.tradeNo) == nil)
        #expect(try shop.store.checkInvariants().isEmpty)
        await shop.sandbox.stop()
    }

    @Test func aRefundGoesBackThroughTheGateway() async throws {
        let shop = try await Shop()
        let s = try await shop.pay("G4", digit: 0)
        let request = try shop.engine.requestRefund(orderId: try shop.id("G4"), amount: 2_500, reason: "damaged", by: "cashier")
        _ = try await shop.engine.approve(requestId: request.id, supervisor: "supervisor", pin: "9999")
        let refunded = try await eventually { () -> Money? in
            _ = await shop.engine.pollOnce()
            let t = try shop.sandbox.sandbox.trade(tradeNo: s.paymentOrder!.tradeNo)
            return t?.refunded.minor == 2_500 ? t?.refunded : nil
        }
        #expect(refunded == Money(minor: 2_500, currency: .cny))
        #expect(try shop.store.checkInvariants().isEmpty)
        await shop.sandbox.stop()
    }
}
