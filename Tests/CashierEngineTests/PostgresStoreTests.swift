import CashierCore
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// The store's files already on the seam, run on a PostgreSQL store made by `cashier store init`'s
/// migrations: the same statements (or their named second forms) and the same answers as on SQLite.
@Suite struct PostgresStoreTests {
    /// A fresh PostgreSQL store, its schema from `Store.initialize`.
    func store() throws -> PostgresDatabase {
        let l = try PostgresTestServer.shared().database()
        let url = "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)"
        #expect(try Store.initialize(at: url).kind == .created)
        return PostgresDatabase(l, connections: 2, changeCounter: PostgresSchema.changeCounter)
    }

    func addOrder(_ x: any SQLExecutor, _ number: String, customer: String, amount: Int64, status: String = "unpaid") throws -> Int64 {
        try x.execute("INSERT INTO order_types (name) VALUES ('goods') ON CONFLICT DO NOTHING")
        return try #require(try x.value(Int64.self, """
            INSERT INTO orders (number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
            VALUES (?, 'goods', ?, ?, ?, 'CNY', ?, 1000, 1000) RETURNING id
            """, number, customer, customer.lowercased(), amount, status))
    }

    @Test(.postgres) func theAuditChainAppendsAndVerifiesAndACutEntryIsFound() throws {
        let db = try store()
        defer { db.close() }
        try db.write(.serialized(key: Store.auditChain)) { x in
            var prev: String?
            for i in 1...3 {
                prev = try AuditLog.append(x, at: Int64(i), AuditEvent(actor: "ann", channel: "counter", action: "payment.cash",
                                                                      subject: "order \(i)", amount: 100 * Int64(i), currency: "CNY"), after: prev)
            }
            // Without `after`, the newest hash is read back: the chain goes on unbroken.
            try AuditLog.append(x, at: 4, AuditEvent(actor: "ann", channel: "counter", action: "refund.cash", subject: "order 1",
                                                     amount: 100, currency: "CNY"))
        }
        #expect(try db.read { try AuditLog.verify($0) } == [])
        try db.write { x in try x.execute("UPDATE audit_log SET amount = 1 WHERE id = 2") }
        #expect(try db.read { try AuditLog.verify($0) } == ["audit entry 2 was changed after it was written"])
        try db.write { x in try x.execute("DELETE FROM audit_log WHERE id = 3") }
        #expect(try db.read { try AuditLog.verify($0) }
                == ["audit entry 2 was changed after it was written", "audit entry 3 is missing (next is 4)",
                    "audit entry 4 does not follow the entry before it"])
    }

    @Test(.postgres) func ordersAreFoundByPrefixAndFilterNewestFirst() throws {
        let db = try store()
        defer { db.close() }
        let ids = try db.write { x in
            [try addOrder(x, "A-100", customer: "Zhang Wei", amount: 500),
             try addOrder(x, "A-101", customer: "Li Na", amount: 700, status: "cancelled"),
             try addOrder(x, "B-200", customer: "Zhao Lei", amount: 900),
             try addOrder(x, "a-300", customer: "Wang Fang", amount: 100)]
        }
        func numbers(_ f: OrderFilter) throws -> [String] { try db.read { x in try Store.orders(x, f).map(\.number) } }
        #expect(try numbers(OrderFilter()) == ["a-300", "B-200", "A-101", "A-100"])
        // Numbers match upper-cased, customers lower-cased: "a-" finds A-… by number, not a-300.
        #expect(try numbers(OrderFilter(search: "a-")) == ["A-101", "A-100"])
        #expect(try numbers(OrderFilter(search: "zh")) == ["B-200", "A-100"])
        #expect(try numbers(OrderFilter(search: "A-1", statuses: [.unpaid])) == ["A-100"])
        #expect(try numbers(OrderFilter(statuses: [.unpaid, .cancelled], beforeId: ids[2])) == ["A-101", "A-100"])
        let first = try #require(try db.read { x in try x.row("SELECT * FROM orders WHERE id = ?", ids[0]).map { try OrderRecord(row: $0) } })
        #expect(first.amount == Money(minor: 500, currency: .cny) && first.status == .unpaid && !first.cancelled && first.note == "")
    }

    @Test(.postgres) func orderStatusStepsAlongItsMachineAsACompareAndSet() throws {
        let db = try store()
        defer { db.close() }
        let id = try db.write { x in try addOrder(x, "C-1", customer: "Chen", amount: 300) }
        try db.write { x in try Store.moveOrderStatus(x, orderId: id, from: .unpaid, to: .cancelled, now: 5_000) }
        let o = try #require(try db.read { x in try x.row("SELECT * FROM orders WHERE id = ?", id).map { try OrderRecord(row: $0) } })
        #expect(o.status == .cancelled && o.updatedAt == 5_000)
        // A second writer that read `unpaid` finds the row moved: its compare-and-set changes nothing and it says so.
        #expect(throws: CashierError.self) {
            try db.write { x in try Store.moveOrderStatus(x, orderId: id, from: .unpaid, to: .cancelled, now: 6_000) }
        }
    }

    @Test(.postgres) func anEventGoesToTheOutboxWithADeliveryPerSubscriber() throws {
        let db = try store()
        defer { db.close() }
        let id = try db.write { x in
            try x.execute("INSERT INTO webhooks (url, events, secret_sealed, created_at) VALUES ('https://a.example/h', 'order.paid,order.refunded', ?, 1)", [UInt8](repeating: 7, count: 8))
            try x.execute("INSERT INTO webhooks (url, events, secret_sealed, created_at) VALUES ('https://b.example/h', 'order.cancelled', ?, 1)", [UInt8](repeating: 8, count: 8))
            return try addOrder(x, "D-1", customer: "Du", amount: 250)
        }
        try db.write { x in try Store.emit(x, .orderPaid, orderId: id, now: 9_000, extra: ["via": "test"]) }
        let (events, deliveries) = try db.read { x in
            (try x.rows("SELECT type, order_id, data FROM webhook_events"), try x.rows("SELECT webhook_id, state, next_attempt_at FROM webhook_deliveries"))
        }
        #expect(events.count == 1 && deliveries.count == 1)
        #expect(try events[0].get("type", as: String.self) == "order.paid" && events[0].get("order_id", as: Int64.self) == id)
        let data = try events[0].get("data", as: String.self)
        #expect(data.contains(#""number":"D-1""#) && data.contains(#""via":"test""#), "\(data)")
        #expect(try deliveries[0].get("webhook_id", as: Int64.self) == 1 && deliveries[0].get("state", as: String.self) == "pending")
        // Nobody subscribed to order.expired: nothing is written.
        try db.write { x in try Store.emit(x, .orderExpired, orderId: id, now: 9_500) }
        #expect(try db.read { x in try x.value(Int64.self, "SELECT COUNT(*) FROM webhook_events") } == 1)
    }

    @Test(.postgres) func oneSessionHoldsAnOrderAndALapsedLeaseIsTakenOverWithANewerToken() throws {
        let db = try store()
        defer { db.close() }
        let id = try db.write { x in try addOrder(x, "E-1", customer: "Eve", amount: 100) }
        let ann = Holder(owner: "ann", channel: .counter, session: "s1"), bob = Holder(owner: "bob", channel: .web, session: "s2")
        let first = try db.write { x in try Store.lock(x, orderIds: [id], holder: ann, now: 1_000, ttl: 60_000) }
        // A live lease of another session: refused, and the refusal rolls its token back.
        #expect(throws: CashierError.self) {
            try db.write { x in try Store.lock(x, orderIds: [id], holder: bob, now: 2_000, ttl: 60_000) }
        }
        let renewed = try db.write { x in try Store.lock(x, orderIds: [id], holder: ann, now: 3_000, ttl: 60_000) }
        let takenOver = try db.write { x in try Store.lock(x, orderIds: [id], holder: bob, now: 63_000, ttl: 60_000) }
        #expect(renewed == first + 1 && takenOver == first + 2)
        let held = try #require(try db.read { x in try x.row("SELECT * FROM order_locks WHERE order_id = ?", id).map { try LockRecord(row: $0) } })
        #expect(held.owner == "bob" && held.channel == "web" && held.session == "s2" && held.token == takenOver)
        #expect(held.acquiredAt == 63_000 && held.expiresAt == 123_000)
        try db.write { x in try Store.releaseLocks(x, orderIds: [id]) }
        #expect(try db.read { x in try x.value(Int64.self, "SELECT COUNT(*) FROM order_locks") } == 0)
    }

    @Test(.postgres) func theAuditViewerFiltersByActionFamilyAndTextIgnoringCaseAndPages() throws {
        let db = try store()
        defer { db.close() }
        try db.write(.serialized(key: Store.auditChain)) { x in
            for (i, (actor, action, subject)) in [("ann", "payment.cash", "G00002000"), ("bob", "refund.approved", "G00002000"),
                                                  ("bob", "refund.rejected", "G00003000"), ("ann", "refunds.note", "100% off_sale")].enumerated() {
                try AuditLog.append(x, at: Int64(i + 1), AuditEvent(actor: actor, channel: "counter", action: action, subject: subject,
                                                                   amount: 100, currency: "CNY"))
            }
        }
        func ids(_ f: AuditFilter, before: Int64? = nil, limit: Int = 10) throws -> ([Int64], Bool) {
            let page = try db.read { x in try Store.auditPage(x, f, beforeId: before, limit: limit) }
            return (page.entries.map(\.id), page.hasMore)
        }
        // "refund" is the family refund.*: not "refunds.note".
        #expect(try ids(AuditFilter(action: "refund")) == ([3, 2], false))
        #expect(try ids(AuditFilter(text: "g00002")) == ([2, 1], false))
        // % and _ are matched as themselves.
        #expect(try ids(AuditFilter(text: "0% OFF_")) == ([4], false))
        #expect(try ids(AuditFilter(text: "0%_")) == ([], false))
        #expect(try ids(AuditFilter(actor: "bob", since: 3)) == ([3], false))
        #expect(try ids(AuditFilter(), limit: 2) == ([4, 3], true))
        #expect(try ids(AuditFilter(), before: 3, limit: 2) == ([2, 1], false))
    }
}
