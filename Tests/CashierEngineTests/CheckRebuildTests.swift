@testable import CashierStore
import Foundation
import GRDB
import Testing

/// Migration "v4-checks-without-in" rebuilds seven tables: every row, column, foreign key, index
/// and trigger comes through unchanged, and their CHECKs no longer build temporary tables.
@Suite struct CheckRebuildTests {
    static let rebuilt = ["checkouts", "payment_details", "payment_orders", "refund_requests", "refund_orders",
                          "receipts", "cash_movements"]

    /// A store as v3-reconciliation left it, with a settled cash payment (and its receipt and
    /// drawer movements), a pending online payment and a settled refund.
    static func storeBeforeRebuild() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v3-reconciliation")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO users (name, role, pin_hash) VALUES ('cashier', 'cashier', 'x'), ('boss', 'supervisor', 'x');
                INSERT INTO order_types (name) VALUES ('retail');
                INSERT INTO orders (id, number, type, customer, customer_key, amount, currency, status, created_at)
                VALUES (1, 'A1', 'retail', 'Li', 'li', 1000, 'CNY', 'unpaid', 1), (2, 'A2', 'retail', 'Li', 'li', 500, 'CNY', 'unpaid', 1);
                INSERT INTO shifts (id, terminal, operator, currency, state, opening_float, opened_at)
                VALUES (1, 't1', 'cashier', 'CNY', 'open', 0, 1);
                INSERT INTO cash_movements (shift_id, kind, amount, currency, at, operator) VALUES (1, 'float', 0, 'CNY', 1, 'cashier');
                INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode,
                                       created_at, shift_id)
                VALUES (1, 'open', 'cashier', 'counter', 'CNY', 1000, 0, 1000, 1200, 0, 'none', 2, 1),
                       (2, 'open', 'cashier', 'counter', 'CNY', 500, 0, 0, 0, 500, 'code', 3, 1);
                INSERT INTO checkout_orders VALUES (1, 1, 0, 1000, 0), (2, 2, 0, 500, 1);
                INSERT INTO payment_details (checkout_id, order_id, method, amount, currency, state, reference)
                VALUES (1, 1, 'cash', 1000, 'CNY', 'succeeded', NULL), (2, 2, 'online', 500, 'CNY', 'pending', 'CSH0000000002');
                INSERT INTO payment_orders (checkout_id, trade_no, platform, mode, amount, currency, state, attempt, deadline,
                                            next_query_at, created_at, updated_at)
                VALUES (2, 'CSH0000000002', 'alipay', 'code', 500, 'CNY', 'pending', 1, 100, 50, 3, 3);
                UPDATE checkouts SET state = 'succeeded', finished_at = 4 WHERE id = 1;
                INSERT INTO cash_movements (shift_id, kind, amount, currency, checkout_id, at, operator)
                VALUES (1, 'sale', 1200, 'CNY', 1, 4, 'cashier'), (1, 'change', -200, 'CNY', 1, 4, 'cashier');
                UPDATE orders SET status = 'paid', paid = 1000 WHERE id = 1;
                UPDATE orders SET status = 'paying' WHERE id = 2;
                INSERT INTO refund_requests (id, order_id, amount, currency, reason, requested_by, channel, requested_at, state,
                                             decided_by, decided_at)
                VALUES (1, 1, 300, 'CNY', 'dent', 'cashier', 'counter', 5, 'approved', 'boss', 6);
                UPDATE orders SET refund_reserved = 300 WHERE id = 1;
                UPDATE payment_details SET refund_reserved = 300 WHERE id = 1;
                INSERT INTO refund_orders (id, request_id, detail_id, order_id, refund_no, method, amount, currency, state,
                                           next_query_at, created_at, updated_at)
                VALUES (1, 1, 1, 1, 'RF1', 'cash', 300, 'CNY', 'created', 6, 6, 6);
                UPDATE refund_orders SET state = 'succeeded', next_query_at = NULL, updated_at = 7 WHERE id = 1;
                INSERT INTO cash_movements (shift_id, kind, amount, currency, refund_order_id, at, operator)
                VALUES (1, 'refund', -300, 'CNY', 1, 7, 'cashier');
                UPDATE receipts SET state = 'done', file = 'r1.txt' WHERE number = 1;
                """)
        }
        return queue
    }

    struct Picture: Equatable {
        var rows: [String: [Row]] = [:]
        var columns: [String: [Row]] = [:]
        var foreignKeys: [String: [Row]] = [:]
        /// Every index and trigger of the store (not only the rebuilt tables'), by name.
        var indexesAndTriggers: [String: String] = [:]
    }

    static func picture(_ db: Database) throws -> Picture {
        try picture(db, tables: rebuilt.map { ($0, "rowid") })
    }

    /// The same of the given tables, each one's rows in the given order.
    static func picture(_ db: Database, tables: [(name: String, order: String)]) throws -> Picture {
        var p = Picture()
        for (t, order) in tables {
            p.rows[t] = try Row.fetchAll(db, sql: "SELECT * FROM \(t) ORDER BY \(order)")
            p.columns[t] = try Row.fetchAll(db, sql: "PRAGMA table_info(\(t))")
            p.foreignKeys[t] = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(t))")
        }
        for row in try Row.fetchAll(db, sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL") {
            p.indexesAndTriggers[row["name"]] = "\(row["tbl_name"] as String): \(row["sql"] as String)"
        }
        return p
    }

    @Test func everyRowIndexAndTriggerComesThrough() throws {
        let queue = try Self.storeBeforeRebuild()
        let before = try queue.read(Self.picture)
        #expect(before.rows["receipts"]?.count == 2)
        #expect(before.rows["cash_movements"]?.count == 4)
        // This migration alone: later ones (v5-orders) rebuild other tables and add indexes of their own.
        try Schema.migrator.migrate(queue, upTo: CheckSchema.v4.0)
        let after = try queue.read(Self.picture)
        #expect(after == before)
        let (integrity, foreignKeyProblems) = try queue.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"))
        }
        #expect(integrity == ["ok"])
        #expect(foreignKeyProblems.isEmpty)
        // The rebuilt triggers still number receipts and still guard them and the drawer.
        let number = try queue.write { db in
            try db.execute(sql: "UPDATE checkouts SET state = 'succeeded', finished_at = 8 WHERE id = 2")
            return try Int.fetchOne(db, sql: "SELECT number FROM receipts WHERE checkout_id = 2")
        }
        #expect(number == 3)
        for refused in ["DELETE FROM receipts WHERE number = 1", "UPDATE receipts SET number = 9 WHERE number = 1",
                        "UPDATE cash_movements SET amount = 1 WHERE kind = 'float'", "DELETE FROM cash_movements",
                        "INSERT INTO cash_movements (shift_id, kind, amount, currency, at, operator) VALUES (2, 'cash_in', 1, 'CNY', 9, 'x')"] {
            #expect(throws: DatabaseError.self, "\(refused)") { try queue.write { db in try db.execute(sql: refused) } }
        }
    }

    /// Each rebuilt CHECK refuses a value outside its list, as the IN list did.
    @Test func theChecksStayStrict() throws {
        let queue = try Self.storeBeforeRebuild()
        try Schema.migrator.migrate(queue)
        for refused in ["UPDATE checkouts SET state = 'paid' WHERE id = 2",
                        "UPDATE checkouts SET online_mode = 'card' WHERE id = 2",
                        "UPDATE payment_details SET state = 'open' WHERE id = 2",
                        "UPDATE payment_details SET method = 'card' WHERE id = 2",
                        "UPDATE payment_orders SET state = 'paid' WHERE id = 1",
                        "UPDATE payment_orders SET state = 'pending', next_query_at = NULL WHERE id = 1",
                        "UPDATE refund_requests SET state = 'open' WHERE id = 1",
                        "UPDATE refund_orders SET state = 'closed' WHERE id = 1",
                        "UPDATE receipts SET state = 'printed' WHERE number = 2",
                        "INSERT INTO cash_movements (shift_id, kind, amount, currency, at, operator) VALUES (1, 'tip', 1, 'CNY', 9, 'cashier')",
                        "UPDATE checkouts SET state = 'Open' WHERE id = 2"] {
            #expect(throws: DatabaseError.self, "\(refused)") { try queue.write { db in try db.execute(sql: refused) } }
        }
    }

    /// The point of the rebuild: writing these tables builds no temporary b-tree for a CHECK.
    @Test func writesBuildNoTemporaryTables() throws {
        let queue = try Self.storeBeforeRebuild()
        func ephemeral(_ db: Database, _ sql: String) throws -> Int {
            try Row.fetchAll(db, sql: "EXPLAIN " + sql).filter { ($0["opcode"] as String) == "OpenEphemeral" }.count
        }
        let statements = [
            """
            INSERT INTO checkouts (state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at)
            VALUES ('open', 'cashier', 'counter', 'CNY', 1, 0, 1, 1, 0, 'none', 9)
            """,
            "INSERT INTO payment_details (checkout_id, order_id, method, amount, currency, state) VALUES (1, 1, 'cash', 1, 'CNY', 'pending')",
            "UPDATE payment_details SET state = 'succeeded' WHERE checkout_id = 2 AND state = 'pending'",
            "INSERT INTO cash_movements (shift_id, kind, amount, currency, checkout_id, at, operator) VALUES (1, 'sale', 1, 'CNY', 2, 9, 'cashier')",
            "UPDATE receipts SET state = 'done', file = 'f' WHERE id = 1",
            "UPDATE refund_requests SET state = 'approved' WHERE id = 1",
        ]
        let old = try queue.read { db in try statements.map { try ephemeral(db, $0) } }
        #expect(old.allSatisfy { $0 > 0 }, "\(old)")
        try Schema.migrator.migrate(queue)
        let new = try queue.read { db in try statements.map { try ephemeral(db, $0) } }
        #expect(new == Array(repeating: 0, count: statements.count), "\(new)")
    }
}
