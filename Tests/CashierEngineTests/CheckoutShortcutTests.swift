import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import Testing

/// What a checkout no longer reads back or writes (issue 9) it still gets right: the view it
/// returns is the stored one, leases end as before, and audit hashes are the same bytes.
@Suite struct CheckoutShortcutTests {
    /// A payment returns the checkout as its transaction made it, not read back: equal to a fresh read.
    @Test func theReturnedViewIsTheStoredOne() async throws {
        let w = try World()
        let plans = [
            PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, tendered: 20_000, operatorName: "cashier"),
            PaymentPlan(orderIds: [try w.id("S002"), try w.id("M003")], coupon: 5_000, couponCode: "GIFT50", cash: 28_233,
                        operatorName: "alice"),
            PaymentPlan(orderIds: [try w.id("D004")], cash: 20_000, online: 30_000, onlineMode: .code(World.alipay(0)),
                        operatorName: "cashier"),
            PaymentPlan(orderIds: [try w.id("G006")], online: 99_999, onlineMode: .qr(.alipay), operatorName: "cashier"),
        ]
        for plan in plans {
            let paid = try await w.engine.pay(plan)
            #expect(paid == (try w.engine.snapshot(checkoutId: paid.checkout.id)), "\(plan.orderIds)")
        }
        #expect(try w.violations() == [])
    }

    /// A cash checkout takes no lease of its own, yet leaves none behind: neither the session's
    /// own (taken on the tender screen) nor another session's lapsed one.
    @Test func aCashCheckoutLeavesNoLease() async throws {
        let w = try World()
        let mine = try w.id("G001"), lapsed = try w.id("S002"), untouched = try w.id("M003")
        try w.engine.lockOrders([mine], for: "cashier")
        let web = try w.otherProcess(session: "web-1")
        _ = try web.store.lock(orderIds: [lapsed, untouched], holder: web.holder("alice", .web), ttl: 60_000)
        w.clock.advance(seconds: 61)
        _ = try await w.engine.pay(PaymentPlan(orderIds: [mine], cash: 10_000, operatorName: "cashier"))
        _ = try await w.engine.pay(PaymentPlan(orderIds: [lapsed], cash: 3_333, operatorName: "cashier"))
        #expect(try w.store.lockHolder(orderId: mine) == nil)
        #expect(try w.store.lockHolder(orderId: lapsed) == nil)
        #expect(try w.store.lockHolder(orderId: untouched)?.session == "web-1")
        #expect(try w.violations() == [])
    }

    /// A live lease of another session refuses a cash checkout of several orders, naming the holder,
    /// and nothing is written.
    @Test func aLiveLeaseElsewhereRefusesACashCheckoutWholly() async throws {
        let w = try World()
        let free = try w.id("G001"), held = try w.id("S002")
        let web = try w.otherProcess(session: "web-1")
        _ = try web.store.lock(orderIds: [held], holder: web.holder("alice", .web), ttl: 60_000)
        let audit = try w.store.auditCount()
        do {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [free, held], cash: 13_333, operatorName: "cashier"))
            Issue.record("paid an order another session holds")
        } catch {
            #expect(Language.en.words(error).hasPrefix("Order S002 is held by web (alice) since"))
        }
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.store.auditCount() == audit)
        #expect(try w.store.lockHolder(orderId: held)?.session == "web-1")
    }

    /// The audit chain's canonical bytes: "count:field" joined by "|", SHA-256 in lowercase hex.
    /// The expected hash was computed apart from this code (Python's hashlib over the same text).
    @Test func auditHashesAreTheCanonicalBytes() {
        let event = AuditEvent(actor: "王小明", channel: "counter", action: "payment.succeeded", subject: "checkout 7",
                               amount: 12_345, currency: "CNY", detail: "note | with: bars")
        #expect(AuditLog.hash(prev: AuditLog.genesis, at: 1_700_000_000_000, event: event)
            == "910fb4f35deb8c61a1857fb01b83542532be9cf2389a8107b51df22f9279d397")
    }
}
