import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import Testing

/// Migration "v6-fewer-pages": `checkout_orders` and `receipts` rebuilt, two indexes made anew.
/// Every row, column and foreign key comes through, every other index and trigger is untouched,
/// and every rule the old constraints kept is still kept.
@Suite struct PageSchemaTests {
    /// The indexes this migration makes anew (the rest keep their shipped text).
    static let remade: [String: String] = [
        "one_open_payment_per_order": "checkout_orders: CREATE UNIQUE INDEX one_open_payment_per_order ON checkout_orders (order_id) WHERE open = 1",
        "checkout_orders_by_order": "checkout_orders: CREATE INDEX checkout_orders_by_order ON checkout_orders (order_id)",
        "one_receipt_per_checkout": "receipts: CREATE UNIQUE INDEX one_receipt_per_checkout ON receipts (checkout_id) WHERE checkout_id IS NOT NULL",
        "one_receipt_per_refund": "receipts: CREATE UNIQUE INDEX one_receipt_per_refund ON receipts (refund_order_id) WHERE refund_order_id IS NOT NULL",
        "checkouts_by_finished": "checkouts: CREATE INDEX checkouts_by_finished ON checkouts (finished_at) WHERE finished_at IS NOT NULL",
        "payment_orders_due": "payment_orders: CREATE INDEX payment_orders_due ON payment_orders (next_query_at) "
            + "WHERE (state = 'created' OR state = 'pending' OR state = 'closing')",
    ]

    /// A store as v5-webhooks left it, holding a settled cash payment with its receipt, a pending
    /// online payment (its order in an open checkout) and a settled refund with its receipt.
    static func storeBeforeMigration() throws -> DatabaseQueue {
        let queue = try CheckRebuildTests.storeBeforeRebuild()
        try Schema.migrator.migrate(queue, upTo: WebhookSchema.v5.0)
        return queue
    }

    static func picture(_ db: Database) throws -> CheckRebuildTests.Picture {
        try CheckRebuildTests.picture(db, tables: [("checkout_orders", "checkout_id, order_id"), ("receipts", "id")])
    }

    @Test func everyRowComesThroughAndOnlyTheNamedIndexesChange() throws {
        let queue = try Self.storeBeforeMigration()
        let before = try queue.read(Self.picture)
        #expect(before.rows["checkout_orders"]?.count == 2)
        #expect(before.rows["receipts"]?.count == 2)
        try Schema.migrator.migrate(queue, upTo: PageSchema.v6.0)
        let after = try queue.read(Self.picture)
        #expect(after.rows == before.rows)
        #expect(after.columns == before.columns)
        #expect(after.foreignKeys == before.foreignKeys)
        var expected = before.indexesAndTriggers
        for (name, sql) in Self.remade { expected[name] = sql }
        // The inline UNIQUE constraints' automatic indexes have no SQL text: they were never in the picture.
        #expect(after.indexesAndTriggers == expected)
        let (integrity, foreignKeyProblems, withoutRowid) = try queue.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"),
             try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'checkout_orders'") ?? "")
        }
        #expect(integrity == ["ok"])
        #expect(foreignKeyProblems.isEmpty)
        #expect(withoutRowid.hasSuffix("WITHOUT ROWID"))
        // No index over receipts but the number's automatic one is left from the inline constraints.
        let automatic = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('receipts', 'checkout_orders') AND sql IS NULL")
        }
        #expect(automatic == ["sqlite_autoindex_receipts_1"])
    }

    /// What the constraints kept, the migrated store keeps: one open payment per order, one
    /// receipt per payment and per refund, receipts numbered by the triggers and never changed.
    @Test func theRulesStayAsStrict() throws {
        let queue = try Self.storeBeforeMigration()
        try Schema.migrator.migrate(queue)
        for refused in [
            // Order 2 is in checkout 2's open payment.
            "INSERT INTO checkout_orders VALUES (1, 2, 1, 500, 1)",
            // The same order twice in one checkout (the primary key).
            "INSERT INTO checkout_orders VALUES (2, 2, 1, 500, 0)",
            "UPDATE checkout_orders SET open = 2 WHERE checkout_id = 2",
            // Checkout 1 and refund order 1 have their receipts.
            "INSERT INTO receipts (number, kind, checkout_id, created_at) VALUES (9, 'payment', 1, 9)",
            "INSERT INTO receipts (number, kind, refund_order_id, created_at) VALUES (9, 'refund', 1, 9)",
            "INSERT INTO receipts (number, kind, checkout_id, created_at) VALUES (1, 'payment', 2, 9)",
            "INSERT INTO receipts (number, kind, created_at) VALUES (9, 'payment', 9)",
            "DELETE FROM receipts WHERE number = 1",
            "UPDATE receipts SET checkout_id = 2 WHERE number = 1",
            "UPDATE receipts SET state = 'printed' WHERE number = 2",
            // No such order (foreign keys are on).
            "INSERT INTO checkout_orders VALUES (1, 99, 1, 500, 0)",
        ] {
            #expect(throws: DatabaseError.self, "\(refused)") {
                try queue.write { db in try db.execute(sql: refused) }
            }
        }
        // The payment still settles and its receipt takes the next number.
        let number = try queue.write { db in
            try db.execute(sql: "UPDATE checkouts SET state = 'succeeded', finished_at = 8 WHERE id = 2")
            try db.execute(sql: "UPDATE checkout_orders SET open = 0 WHERE checkout_id = 2")
            return try Int.fetchOne(db, sql: "SELECT number FROM receipts WHERE checkout_id = 2")
        }
        #expect(number == 3)
    }

    /// The statements that find work or rows by these columns still use the indexes.
    @Test func theQueriesStillUseTheIndexes() throws {
        let queue = try Self.storeBeforeMigration()
        try Schema.migrator.migrate(queue)
        let plans: [(String, String)] = [
            ("SELECT id FROM payment_orders WHERE \(StateList.openPaymentsTerm) AND next_query_at <= ?", "payment_orders_due"),
            ("SELECT MIN(next_query_at) FROM payment_orders WHERE \(StateList.openPaymentsTerm)", "payment_orders_due"),
            ("SELECT COUNT(*) FROM checkouts c WHERE c.state = 'succeeded' AND c.finished_at >= ? AND c.finished_at < ?", "checkouts_by_finished"),
            ("SELECT * FROM receipts WHERE checkout_id = ?", "one_receipt_per_checkout"),
            ("SELECT * FROM receipts WHERE refund_order_id = ?", "one_receipt_per_refund"),
            ("SELECT c.id FROM checkouts c LEFT JOIN receipts r ON r.checkout_id = c.id WHERE r.id IS NULL", "one_receipt_per_checkout"),
            ("SELECT MAX(checkout_id) FROM checkout_orders WHERE order_id = ?", "checkout_orders_by_order"),
            ("SELECT order_id FROM checkout_orders WHERE checkout_id = ? ORDER BY position", "PRIMARY KEY"),
            ("SELECT 1 FROM checkout_orders WHERE order_id = ? AND open = 1", "one_open_payment_per_order"),
        ]
        for (sql, index) in plans {
            let plan = try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(Array(repeating: 0, count: sql.count(where: { $0 == "?" }))))
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }
            #expect(plan.contains(index), "\(sql): \(plan)")
        }
    }

    /// Writing a payment order builds no temporary b-tree for the due index's state list.
    @Test func paymentOrderWritesBuildNoTemporaryTables() throws {
        let queue = try Self.storeBeforeMigration()
        let statements = [
            """
            INSERT INTO payment_orders (checkout_id, trade_no, platform, mode, amount, currency, state, attempt, deadline,
                                        next_query_at, created_at, updated_at)
            VALUES (1, 'CSH0000000009', 'alipay', 'code', 500, 'CNY', 'created', 1, 100, 50, 3, 3)
            """,
            "UPDATE payment_orders SET state = 'succeeded', next_query_at = NULL WHERE id = 1 AND state = 'pending'",
        ]
        func ephemeral(_ db: Database, _ sql: String) throws -> Int {
            try Row.fetchAll(db, sql: "EXPLAIN " + sql).filter { ($0["opcode"] as String) == "OpenEphemeral" }.count
        }
        let old = try queue.read { db in try statements.map { try ephemeral(db, $0) } }
        #expect(old.allSatisfy { $0 > 0 }, "\(old)")
        try Schema.migrator.migrate(queue)
        let new = try queue.read { db in try statements.map { try ephemeral(db, $0) } }
        #expect(new == [0, 0], "\(new)")
    }

    /// A started online checkout hands back its payment order as the row stored (no read-back):
    /// every field equal to a fresh read, by code and by QR.
    @Test func theStartedPaymentOrderIsTheStoredRow() throws {
        let w = try World()
        defer { w.close() }
        for (number, mode) in [("G001", CheckoutSpec.Online.code(platform: .alipay, masked: "2800…0000")), ("S002", .qr(platform: .wechat))] {
            let amount = try w.order(number).amount.minor
            let started = try w.store.startCheckout(CheckoutSpec(
                orderIds: [try w.id(number)], coupon: 0, couponCode: nil, cash: 0, tendered: 0, online: amount, onlineMode: mode,
                holder: w.engine.holder("cashier", .counter), lockTTL: 60_000, paymentWindow: 600, firstQueryDelay: 30))
            let handed = try #require(started.paymentOrder)
            #expect(handed == (try w.store.paymentOrder(id: handed.id)), "\(number)")
            #expect(handed.checkoutId == started.checkoutId && handed.state == .created && handed.queries == 0)
        }
    }
}
