import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import SQLSeam
import Testing

@Suite struct RefundTests {
    /// G001 (100.00) paid 20.00 coupon + 30.00 cash + 50.00 online with the given behaviour digit.
    func paidMixed(_ w: World, behaviour: Int = 0) async throws -> Int64 {
        let id = try w.id("G001")
        let s = try await w.engine.pay(PaymentPlan(orderIds: [id], coupon: 2_000, couponCode: "GIFT50", cash: 3_000,
                                                   online: 5_000, onlineMode: .code(World.alipay(behaviour)), operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        return id
    }

    @Test func partialRefundsDrawOnlineThenCashThenCoupon() async throws {
        let w = try World()
        let id = try await paidMixed(w)
        let r1 = try w.engine.requestRefund(orderId: id, amount: 6_000, reason: "returned", by: "cashier")
        #expect(r1.state == .requested)
        let orders1 = try await w.engine.approve(requestId: r1.id, supervisor: "supervisor", pin: "9999")
        #expect(orders1.map(\.method) == [.online, .cash])
        #expect(orders1.map(\.amount.minor) == [5_000, 1_000])
        #expect(orders1.allSatisfy { $0.state == .succeeded })
        #expect(try w.order("G001").status == .partiallyRefunded)
        #expect(try w.sandbox.trade(tradeNo: orders1[0].tradeNo!)?.refunded.minor == 5_000)

        let r2 = try w.engine.requestRefund(orderId: id, amount: 4_000, reason: "the rest", by: "alice")
        let orders2 = try await w.engine.approve(requestId: r2.id, supervisor: "supervisor", pin: "9999")
        #expect(orders2.map(\.method) == [.cash, .coupon])
        #expect(orders2.map(\.amount.minor) == [2_000, 2_000])
        #expect(try w.order("G001").status == .refunded)
        #expect(try w.store.coupon(code: "GIFT50")?.balance.minor == 5_000)
        #expect(try w.store.paymentDetails(orderId: id).allSatisfy { $0.state == .refunded })
        #expect(try w.violations() == [])
    }

    @Test func refundsNeverExceedWhatWasPaid() async throws {
        let w = try World()
        let id = try await paidMixed(w)
        #expect(throws: CashierError.self) { try w.engine.requestRefund(orderId: id, amount: 10_001, reason: "too much", by: "cashier") }
        // Two requests that fit alone but not together: the second approval is refused.
        let a = try w.engine.requestRefund(orderId: id, amount: 7_000, reason: "a", by: "cashier")
        let b = try w.engine.requestRefund(orderId: id, amount: 7_000, reason: "b", by: "cashier")
        _ = try await w.engine.approve(requestId: a.id, supervisor: "supervisor", pin: "9999")
        await #expect(throws: CashierError.self) { _ = try await w.engine.approve(requestId: b.id, supervisor: "supervisor", pin: "9999") }
        #expect(try w.store.refundRequest(id: b.id)?.state == .requested)
        #expect(try w.order("G001").refundReserved == 7_000)
        #expect(try w.violations() == [])
    }

    @Test func onlyASupervisorWithTheRightPinDecides() async throws {
        let w = try World()
        let id = try await paidMixed(w)
        let r = try w.engine.requestRefund(orderId: id, amount: 1_000, reason: "x", by: "cashier")
        #expect(await Refused.ofAsync {
            _ = try await w.engine.approve(requestId: r.id, supervisor: "cashier", pin: "1111")
        } == Refused.forbidden("User cashier is a cashier: only a supervisor can approve refunds."))
        await #expect(throws: CashierError.self) { _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "0000") }
        #expect(throws: CashierError.self) { _ = try w.engine.reject(requestId: r.id, supervisor: "supervisor", pin: "9999", reason: " ") }
        let rejected = try w.engine.reject(requestId: r.id, supervisor: "supervisor", pin: "9999", reason: "no receipt")
        #expect(rejected.state == .rejected)
        await #expect(throws: CashierError.self) { _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999") }
        #expect(try w.order("G001").status == .paid)
    }

    @Test func aSlowRefundIsFollowedToTheEnd() async throws {
        let w = try World()
        let id = try await paidMixed(w, behaviour: 6)
        let r = try w.engine.requestRefund(orderId: id, amount: 5_000, reason: "x", by: "cashier")
        let ros = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        #expect(ros.map(\.state) == [.processing])
        #expect(try w.order("G001").status == .paid)  // not refunded until the platform says so
        await w.drain()
        #expect(try w.store.refundOrders(requestId: r.id).map(\.state) == [.succeeded])
        #expect(try w.order("G001").status == .partiallyRefunded)
        #expect(try w.violations() == [])
    }

    @Test func aFailedRefundReleasesItsReservationAndRetriesWithTheSameNumber() async throws {
        let w = try World()
        let id = try await paidMixed(w, behaviour: 7)
        let r = try w.engine.requestRefund(orderId: id, amount: 5_000, reason: "x", by: "cashier")
        let ros = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        #expect(ros.map(\.state) == [.failed])
        #expect(try w.order("G001").refundReserved == 0)
        #expect(try w.violations() == [])
        let retried = try await w.engine.retryRefund(refundOrderId: ros[0].id, supervisor: "supervisor", pin: "9999")
        #expect(retried.refundNo == ros[0].refundNo)
        #expect(retried.state == .succeeded)
        #expect(try w.order("G001").refunded == 5_000)
        #expect(try w.violations() == [])
    }

    @Test func racingApprovalsFromTwoProcessesCannotOverRefund() async throws {
        for round in 0..<5 {
            let w = try World()
            let id = try await paidMixed(w)
            let a = try w.engine.requestRefund(orderId: id, amount: 6_000, reason: "a", by: "cashier")
            let b = try w.engine.requestRefund(orderId: id, amount: 6_000, reason: "b", by: "alice")
            let p1 = try w.otherProcess(session: "p1-\(round)")
            let p2 = try w.otherProcess(session: "p2-\(round)")
            async let r1: Bool = (try? await p1.approve(requestId: a.id, supervisor: "supervisor", pin: "9999")) != nil
            async let r2: Bool = (try? await p2.approve(requestId: b.id, supervisor: "supervisor", pin: "9999")) != nil
            let wins = [await r1, await r2].filter { $0 }.count
            #expect(wins == 1)
            let o = try w.order("G001")
            #expect(o.refundReserved == 6_000)
            #expect(o.refunded <= o.paid)
            #expect(try w.violations() == [])
        }
    }

    @Test func wrongPinsLockTheUser() async throws {
        let w = try World()
        for attempt in 1...5 {
            do {
                try w.engine.authenticate(user: "cashier", pin: "0000")
            } catch {
                #expect(Language.en.words(error).contains(attempt < 5 ? "attempt" : "locked"))
            }
        }
        #expect(throws: CashierError.self) { try w.engine.authenticate(user: "cashier", pin: "1111") }
        w.clock.advance(seconds: 301)
        #expect(try w.engine.authenticate(user: "cashier", pin: "1111").role == .cashier)
    }

    /// The store re-checks the deciding supervisor inside the decision's own write: one disabled (or
    /// never a supervisor) after the engine's PIN check cannot approve or reject.
    @Test func aSupervisorDisabledMeanwhileCannotDecide() async throws {
        let w = try World()
        let id = try await paidMixed(w)
        try w.store.addUser(name: "bob", role: .supervisor, pin: "4826", rounds: World.pinRounds)
        let r = try w.engine.requestRefund(orderId: id, amount: 1_000, reason: "x", by: "cashier")
        try w.sqlExecute("UPDATE users SET disabled = 1 WHERE name = 'bob'")
        #expect(Refused.of {
            _ = try w.store.approveRefund(requestId: r.id, supervisor: "bob")
        } == Refused.forbidden("User bob is disabled: ask a supervisor."))
        #expect(Refused.of {
            _ = try w.store.rejectRefund(requestId: r.id, supervisor: "cashier", note: "no")
        } == Refused.forbidden("User cashier is not a supervisor: ask a supervisor to decide."))
        #expect(try w.store.refundRequest(id: r.id)?.state == .requested)
        #expect(try w.order("G001").refundReserved == 0)
        #expect(try w.violations() == [])
    }
}
