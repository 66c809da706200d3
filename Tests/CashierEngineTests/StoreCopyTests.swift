import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import Localization
import PostgresTestSupport
import SQLSeam
import Testing

/// `cashier store copy`: an SQLite store with a day's history, copied into PostgreSQL row for row.
/// The source is the World's store, so this runs with the suites on SQLite (the target is PostgreSQL either way).
@Suite(.sqliteOnly) struct StoreCopyTests {
    /// A store that has seen payments of every kind, refunds, a closed shift and receipts.
    func busyStore() async throws -> World {
        let w = try World()
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, tendered: 20_000, operatorName: "cashier"))
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002"), try w.id("M003")], online: 33_233, onlineMode: .code(World.alipay(0)),
                                               operatorName: "cashier"))
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("D004")], coupon: 5_000, couponCode: "GIFT50", online: 45_000,
                                               onlineMode: .code(World.wechat(0)), operatorName: "alice"))
        await w.settle()
        let request = try w.store.requestRefund(orderId: try w.id("S002"), amount: 1_000, reason: "scratched", by: "cashier", channel: .counter)
        _ = try w.store.approveRefund(requestId: request.id, supervisor: "supervisor")
        await w.drain()
        await w.engine.flushReceipts()
        return w
    }

    @Test(.postgres) func everyRowArrivesAndTheAuditChainStillVerifies() async throws {
        let w = try await busyStore()
        defer { w.close() }
        let l = try PostgresTestServer.shared().database()
        let target = try Store(path: PostgresTestServer.url(l), mode: .createIfMissing)
        defer { target.close() }
        let outcome = try w.store.copy(into: target)
        #expect(outcome.rows > 40)
        // Parents before children: every table after the tables its foreign keys name.
        let order = outcome.tables.map(\.name)
        #expect(order.firstIndex(of: "orders")! < order.firstIndex(of: "checkout_orders")!)
        #expect(order.firstIndex(of: "shifts")! < order.firstIndex(of: "cash_movements")!)
        for (table, rows) in outcome.tables {
            let here = try w.store.read { x in try x.value(Int64.self, SQLStatement("SELECT COUNT(*) FROM \(table)")) }
            let there = try target.read { x in try x.value(Int64.self, SQLStatement("SELECT COUNT(*) FROM \(table)")) }
            #expect(here == Int64(rows) && there == Int64(rows), "\(table): \(String(describing: here)) here, \(String(describing: there)) there")
        }
        // The same money on both sides, and the chain unbroken.
        let sums = "SELECT SUM(amount), SUM(paid), SUM(refunded) FROM orders"
        #expect(try w.store.read { try $0.rows(SQLStatement(sums)) } .map(\.values) == target.read { try $0.rows(SQLStatement(sums)) }.map(\.values))
        #expect(try target.read { try AuditLog.verify($0) } == [])
        // New rows continue after the copied ids.
        let next = try target.write { x in
            try x.execute("INSERT INTO order_types (name) VALUES ('goods') ON CONFLICT DO NOTHING")
            return try x.value(Int64.self, """
                INSERT INTO orders (number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
                VALUES ('NEW1', 'goods', 'x', 'x', 1, 'CNY', 'unpaid', 1, 1) RETURNING id
                """)
        }
        let highest = try w.store.read { x in try x.value(Int64.self, "SELECT MAX(id) FROM orders") }
        #expect(next! > highest!)
    }

    @Test(.postgres) func aTargetHoldingDataIsRefusedAndKeepsWhatItHad() async throws {
        let w = try await busyStore()
        defer { w.close() }
        let l = try PostgresTestServer.shared().database()
        let target = try Store(path: PostgresTestServer.url(l), mode: .createIfMissing)
        defer { target.close() }
        let first = try w.store.copy(into: target).tables.first { $0.name != "meta" && $0.rows > 0 }!.name
        let before = try target.read { x in try x.value(Int64.self, "SELECT COUNT(*) FROM audit_log") }
        #expect(Refused.of { try w.store.copy(into: target) }
                == .conflict("\(target.path) already holds data (table \(first)): copy into an empty database, made with `cashier store init`."))
        #expect(try target.read { x in try x.value(Int64.self, "SELECT COUNT(*) FROM audit_log") } == before)
    }
}
