import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import PaymentPlatform
import PlatformBills
import Testing

/// The engine's reconciliation over a real store and the embedded sandbox: recorded per platform
/// and day, idempotent, a changed bill noticed, items resolved by a supervisor with a PIN, audited.
@Suite struct ReconcileTests {
    func payOnline(_ w: World, _ number: String, _ code: String) async throws {
        let id = try w.id(number)
        let amount = try w.order(number).amount.minor
        let s = try await w.engine.pay(PaymentPlan(orderIds: [id], online: amount, onlineMode: .code(code), operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
    }

    func run(_ w: World, _ platform: BillPlatform, _ date: String) async throws -> ReconcileReport {
        let sandbox = w.sandbox
        return try await w.engine.reconcile(try w.sandbox.bill(platform, date: date), later: [], holdDays: 0, actor: "supervisor",
                                            query: { await sandbox.query(tradeNo: $0) })
    }

    @Test func aDayIsRecordedOnceAndAChangedBillIsNoticed() async throws {
        let w = try World()
        try await payOnline(w, "G001", World.alipay(0, 1))
        try await payOnline(w, "S002", World.wechat(0, 2))
        let date = BillDate.of(w.clock.now())
        let alipayTrade = try w.sandbox.bill(.alipay, date: date).trades[0].merchantTradeNo

        try w.sandbox.faultCharged(tradeNo: "GHOST1", amount: Money(minor: 777, currency: .cny), platform: .alipay)
        let first = try await run(w, .alipay, date)
        #expect(first.outcome == .recorded)
        #expect(first.tradesMatched == 1 && first.tradesMatchedMinor == 10_000)
        #expect(first.items.map(\.kind) == ["missing_here"])
        #expect(first.items[0].tradeNo == "GHOST1" && first.items[0].billAmount == 777 && first.items[0].note.contains("confirmed"))
        #expect(try await run(w, .wechat, date).items.isEmpty)

        // Again: nothing doubled.
        let again = try await run(w, .alipay, date)
        #expect(again.outcome == .unchanged)
        #expect(again.items == first.items)
        #expect(try w.store.reconDays(date: date).first { $0.platform == "alipay" }?.runs == 2)

        // The platform's bill changes: reported, the figures and open items redone.
        try w.sandbox.faultBillAmount(tradeNo: alipayTrade, amount: Money(minor: 10_001, currency: .cny))
        let changed = try await run(w, .alipay, date)
        #expect(changed.outcome == .billChanged)
        #expect(Set(changed.items.map(\.kind)) == ["missing_here", "amount_mismatch"])
        #expect(changed.tradesMatched == 0)
        let mismatch = changed.items.first { $0.kind == "amount_mismatch" }!
        #expect(mismatch.billAmount == 10_001 && mismatch.storeAmount == 10_000)

        // Resolution needs a supervisor's PIN and a note; it is audited and survives re-runs.
        #expect(throws: CashierError.self) { try w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "0000", note: "x") }
        #expect(throws: CashierError.self) { try w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "cashier", pin: "1111", note: "x") }
        #expect(throws: CashierError.self) { try w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "9999", note: "  ") }
        let resolved = try w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "9999", note: "platform confirmed 100.01; 0.01 collected")
        #expect(resolved.state == "resolved")
        #expect(throws: CashierError.self) { try w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "9999", note: "again") }
        #expect(try await run(w, .alipay, date).items.first { $0.id == mismatch.id }?.state == "resolved")
        let audit = try w.store.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit_log WHERE action LIKE 'reconcile%' ORDER BY id") }
        #expect(audit == ["reconcile", "reconcile", "reconcile", "reconcile_resolve"])
        #expect(try w.violations() == [])
    }

    @Test func aRefundTheStoreThinksFailedIsARefundMismatch() async throws {
        let w = try World()
        try await payOnline(w, "G001", World.alipay(7, 3))        // behaviour 7: a refund's first attempt is declined
        let id = try w.id("G001")
        let r = try w.engine.requestRefund(orderId: id, amount: 1_000, reason: "returned", by: "cashier")
        let orders = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        #expect(orders.map(\.state) == [.failed])
        let date = BillDate.of(w.clock.now())
        try w.sandbox.faultRefundSucceeded(tradeNo: orders[0].tradeNo!, refundNo: orders[0].refundNo)
        let report = try await run(w, .alipay, date)
        #expect(report.items.map(\.kind) == ["refund_mismatch"])
        #expect(report.items[0].refundNo == orders[0].refundNo && report.items[0].billAmount == 1_000)
    }
}
