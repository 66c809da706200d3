import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import Testing

/// A store that settled payments and refunds before receipts existed gets their numbers, in
/// settlement order, as "historic" receipts (rendered on request, never printed).
@Suite(.sqliteOnly) struct ReceiptMigrationTests {
    @Test func historyIsNumberedWhenReceiptsArrive() async throws {
        let w = try World()
        let id = try w.id("G001")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
        w.clock.advance(seconds: 1)
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], cash: 3_333, operatorName: "alice"))
        w.clock.advance(seconds: 1)
        let r = try w.engine.requestRefund(orderId: id, amount: 500, reason: "dent", by: "cashier")
        _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        await w.engine.flushReceipts()
        // Back to a store from before the receipts migration.
        let path = w.dir + "/store.sqlite"
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER receipts_never_deleted; DROP TRIGGER receipts_keep_numbers;
                DROP TRIGGER receipt_for_payment; DROP TRIGGER receipt_for_refund; DROP TABLE receipts;
                DELETE FROM grdb_migrations WHERE identifier = 'v2-receipts';
                """)
        }
        try queue.close()
        let reopened = try Store(path: path, mode: .existing, clock: w.clock)
        let all = try reopened.receipts(limit: 10).reversed().map { $0 }
        #expect(all.map(\.number) == [1, 2, 3])
        #expect(all.map(\.kind) == [.payment, .payment, .refund])
        #expect(all.allSatisfy { $0.state == .historic && $0.file == nil })
        #expect(try reopened.receiptViolations() == [])
        // Rendered on request; the worker has nothing to print.
        let engine = Engine(store: reopened, platform: w.sandbox, config: EngineConfig(timeScale: w.scale), session: "after")
        #expect(try engine.receipts(for: "G001").map(\.record.number) == [1, 3])
        #expect(await engine.printPendingReceipts() == ReceiptRun())
    }
}
