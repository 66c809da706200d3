import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import PaymentPlatform
import PlatformBills
import SQLSeam
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
        await #expect(throws: CashierError.self) { try await w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "0000", note: "x") }
        await #expect(throws: CashierError.self) { try await w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "cashier", pin: "1111", note: "x") }
        await #expect(throws: CashierError.self) { try await w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "9999", note: "  ") }
        let resolved = try await w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "9999", note: "platform confirmed 100.01; 0.01 collected")
        #expect(resolved.state == "resolved")
        await #expect(throws: CashierError.self) { try await w.engine.resolveReconciliationItem(id: mismatch.id, supervisor: "supervisor", pin: "9999", note: "again") }
        #expect(try await run(w, .alipay, date).items.first { $0.id == mismatch.id }?.state == "resolved")
        let audit = try w.sqlValues(String.self, "SELECT action FROM audit_log WHERE action LIKE 'reconcile%' ORDER BY id")
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

    /// Audit actions of the reconciliation and the late-success path, oldest first.
    func audit(_ w: World) throws -> [String] {
        try w.sqlValues(String.self, "SELECT action FROM audit_log WHERE action LIKE 'reconcile%' OR action = 'payment.late_success' ORDER BY id")
    }

    @Test func aChargeForAPaymentStillWaitingIsAppliedAsALateCallbackWouldBe() async throws {
        let w = try World()
        // A QR payment the customer paid whose answer never reached the store (the sandbox's `charged` fault).
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("D004")], online: 50_000, onlineMode: .qr(.wechat), operatorName: "cashier"))
        let tradeNo = s.paymentOrder!.tradeNo
        try w.sandbox.faultCharged(tradeNo: tradeNo, amount: nil, platform: .wechat)
        let date = BillDate.of(w.clock.now())
        let report = try await run(w, .wechat, date)
        #expect(report.items.map(\.kind) == ["missing_here"])
        let item = report.items[0]
        #expect(item.tradeNo == tradeNo && item.billAmount == 50_000 && Language.en.reconAction(item.action).contains("apply it"))
        #expect(try w.engine.reconciliationFollowUps(item) == [.apply])

        // Refunding is refused for a payment still waiting: nothing written, the item stays open.
        #expect(await Refused.ofAsync {
            try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999", note: "x", then: .refund)
        } == Refused.conflict("Payment \(tradeNo) is still waiting here: apply it instead of refunding it."))
        #expect(try w.store.reconItem(id: item.id)?.state == "open")
        #expect(try w.order("D004").status == .paying)

        let resolved = try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999",
                                                                   note: "customer showed the receipt", then: .apply)
        #expect(resolved.state == "resolved" && resolved.resolvedBy == "supervisor")
        #expect(resolved.resolution?.hasPrefix("customer showed the receipt — applied") == true)
        #expect(try w.order("D004").status == .paid)
        #expect(try w.store.paymentOrder(tradeNo: tradeNo)?.state == .succeeded)
        // The day again: the store and the bill now agree, the resolved item stays as history.
        let again = try await run(w, .wechat, date)
        #expect(again.outcome == .storeChanged && again.items.map(\.state) == ["resolved"] && again.tradesMatched == 1)
        #expect(try w.store.reconDays(date: date).first { $0.platform == "wechat" }.map { ($0.tradesMatched, $0.openItems) } ?? (0, 9) == (1, 0))
        #expect(try await run(w, .wechat, date).outcome == .unchanged)
        #expect(try audit(w) == ["reconcile", "reconcile_resolve", "reconcile"])
        #expect(try w.violations() == [])
    }

    @Test func aChargeForAPaymentFailedHereIsRefundedAtThePlatform() async throws {
        let w = try World()
        // Behaviour 2: the platform declines the code; then it charges the customer anyway.
        let id = try w.id("G001")
        let s = try await w.engine.pay(PaymentPlan(orderIds: [id], online: 10_000, onlineMode: .code(World.alipay(2, 9)), operatorName: "cashier"))
        #expect(s.checkout.state == .failed)
        let tradeNo = s.paymentOrder!.tradeNo
        try w.sandbox.faultCharged(tradeNo: tradeNo, amount: nil, platform: .alipay)
        // The customer paid again in cash: the order is paid here, the platform's money is owed back.
        let cash = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, tendered: 10_000, operatorName: "cashier"))
        #expect(cash.checkout.state == .succeeded)
        let date = BillDate.of(w.clock.now())
        let item = try await run(w, .alipay, date).items[0]
        #expect(item.kind == "missing_here" && item.tradeNo == tradeNo && Language.en.reconAction(item.action).contains("refund it at the platform"))
        #expect(try w.engine.reconciliationFollowUps(item) == [.refund])

        await #expect(throws: CashierError.self) {
            try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999", note: "x", then: .apply)
        }
        await #expect(throws: CashierError.self) {
            try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "1234", note: "x", then: .refund)
        }
        #expect(try w.store.reconItem(id: item.id)?.state == "open")
        guard case .trade(let before) = await w.sandbox.query(tradeNo: tradeNo) else { Issue.record("no trade"); return }
        #expect(before.status == .succeeded)

        let resolved = try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999",
                                                                   note: "paid twice", then: .refund)
        #expect(resolved.resolution == "paid twice — refunded at the platform: reversed at the platform")
        guard case .trade(let after) = await w.sandbox.query(tradeNo: tradeNo) else { Issue.record("no trade"); return }
        #expect(after.status != .succeeded)
        // The store's payment stays failed, the late success is reviewed and closed, the order stays paid in cash.
        #expect(try w.store.paymentOrder(tradeNo: tradeNo)?.state == .failed)
        #expect(try w.store.openReviewItems().isEmpty)
        #expect(try w.order("G001").status == .paid)
        // The next bill shows the reversal: nothing open for the day.
        let again = try await run(w, .alipay, date)
        #expect(again.outcome == .billChanged && again.items.filter { $0.state == "open" }.isEmpty)
        #expect(try audit(w) == ["reconcile", "payment.late_success", "reconcile_resolve", "reconcile"])
        // Resolved once: a second follow-up is refused.
        await #expect(throws: CashierError.self) {
            try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999", note: "again", then: .refund)
        }
        #expect(try w.violations() == [])
    }

    @Test func aChargeTheStoreNeverMadeCanOnlyBeResolvedWithANote() async throws {
        let w = try World()
        try w.sandbox.faultCharged(tradeNo: "GHOST9", amount: Money(minor: 555, currency: .cny), platform: .alipay)
        let item = try await run(w, .alipay, BillDate.of(w.clock.now())).items[0]
        #expect(try w.engine.reconciliationFollowUps(item).isEmpty)
        #expect(await Refused.ofAsync {
            try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999", note: "x", then: .refund)
        } == Refused.conflict("The store never made payment GHOST9: refund it in the platform's merchant portal, then resolve item \(item.id) with a note."))
        let resolved = try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999", note: "refunded in the portal")
        #expect(resolved.resolution == "refunded in the portal")
    }

    @Test func theDaysReportsSayWhetherItIsReconciledAndHowManyItemsAreOpen() async throws {
        let w = try World(openShifts: false)
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(0, 1)),
                                                   operatorName: "cashier", channel: .web))
        #expect(s.checkout.state == .succeeded)
        let date = BillDate.of(w.clock.now())
        #expect(try w.engine.businessDate() == date)   // the store's business day is the bill's Beijing day here

        let before = try w.engine.reportX(by: "supervisor")
        #expect(before.reconciliation == [ReportReconciliation(platform: "alipay", reconciled: false, openItems: 0)])
        #expect(before.reconciliationLine == "Reconciliation: NOT reconciled yet (alipay), 0 items open")
        #expect(before.sections.last { $0.title == "Reconciliation" }?.rows == [["alipay not reconciled", "0"]])
        // A shift's X report is about the shift, not the day.
        #expect(try World().engine.reportX(shiftId: 1, by: "supervisor").reconciliation == nil)

        try w.sandbox.faultCharged(tradeNo: "GHOST2", amount: Money(minor: 250, currency: .cny), platform: .alipay)
        let item = try await run(w, .alipay, date).items[0]
        guard case .produced(let z) = try w.engine.reportZ(supervisor: "supervisor", pin: "9999") else { Issue.record("no Z"); return }
        #expect(z.figures.reconciliation == [ReportReconciliation(platform: "alipay", reconciled: true, openItems: 1)])
        #expect(z.figures.heading.last == "Reconciliation: the day is reconciled, 1 item open")
        // The stored Z keeps its figures as made; reading it again tells the reconciliation as it stands now.
        let stored = try w.sqlValue(String.self, "SELECT figures FROM z_reports WHERE number = 1") ?? ""
        #expect(!stored.isEmpty && !stored.contains("reconciliation"))
        _ = try await w.engine.resolveReconciliationItem(id: item.id, supervisor: "supervisor", pin: "9999", note: "refunded in the portal")
        let reread = try #require(try w.engine.storedZ(date: z.businessDate, by: "supervisor"))
        #expect(reread.figures.reconciliationLine == "Reconciliation: the day is reconciled, 0 items open")
        #expect(reread.figures.byMethod == z.figures.byMethod)
    }
}
