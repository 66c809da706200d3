@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// The two schemas cannot drift apart: a store made on SQLite (its migrations v1 … v6) and one made
/// on PostgreSQL (pg1 … pg4) are read back from each engine's catalogue and compared — tables,
/// columns (kind of value, NOT NULL), foreign keys, named indexes (unique, partial), triggers and
/// the message each trigger refuses with — and a few bad rows are refused alike on both. A new
/// SQLite migration without its PostgreSQL step fails here.
@Suite struct PostgresSchemaTests {
    /// Tables only one engine has, by design: each engine's own migration bookkeeping, and
    /// PostgreSQL's store marker and change counter (SQLite has `application_id` and `data_version`).
    static let sqliteOnly: Set<String> = ["grdb_migrations"]
    static let postgresOnly: Set<String> = ["cashier_store", "cashier_changes", PostgresSchema.migrationsTable]

    struct Stores {
        let sqlite: Store
        let postgres: PostgresDatabase
        let folder: String
        func close() {
            sqlite.close()
            postgres.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
        /// Both engines, SQLite first, with their names for messages.
        var both: [(String, any SQLDatabase)] { [("sqlite", sqlite.db), ("postgres", postgres)] }
    }

    func stores() throws -> Stores {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-\(UUID().uuidString)").path
        let sqlite = try Store(path: folder + "/store.sqlite", mode: .createIfMissing)
        let l = try PostgresTestServer.shared().database()
        #expect(try Store.initialize(at: "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)").kind == .created)
        return Stores(sqlite: sqlite, postgres: PostgresDatabase(l, connections: 2, changeCounter: PostgresSchema.changeCounter), folder: folder)
    }

    /// One engine's schema, in words both engines' catalogues can be brought to.
    struct Picture: Equatable {
        var columns: Set<String> = []
        var foreignKeys: Set<String> = []
        var indexes: Set<String> = []
        var triggers: Set<String> = []
        var meta: [String: String] = [:]
    }

    static func kind(_ type: String) -> String {
        switch type.lowercased() {
        case "integer", "bigint": return "integer"
        case "text": return "text"
        case "blob", "bytea": return "blob"
        default: return "other: \(type)"
        }
    }

    /// SQLite's picture, and each trigger's `RAISE(ABORT, …)` message by "table.trigger".
    func sqlitePicture(_ x: any SQLExecutor) throws -> (Picture, [String: String]) {
        var p = Picture()
        let tables = try x.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .map { try $0.get("name", as: String.self) }.filter { !Self.sqliteOnly.contains($0) }
        for t in tables {
            // A PRIMARY KEY column is NOT NULL on PostgreSQL whatever it says; SQLite's rowid alias is too.
            for c in try x.rows("SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info(?)", t) {
                let notNull = try c.get("nn", as: Int64.self) != 0 || c.get("pk", as: Int64.self) != 0
                p.columns.insert("\(t).\(try c.get("name", as: String.self)) \(Self.kind(try c.get("type", as: String.self)))\(notNull ? " not null" : "")")
            }
            for f in try x.rows("SELECT \"from\" AS c, \"table\" AS rt, \"to\" AS rc FROM pragma_foreign_key_list(?)", t) {
                p.foreignKeys.insert("\(t).\(try f.get("c", as: String.self)) -> \(try f.get("rt", as: String.self)).\(try f.get("rc", as: String.self))")
            }
            for i in try x.rows("SELECT name, \"unique\" AS u, partial FROM pragma_index_list(?) WHERE origin = 'c'", t) {
                p.indexes.insert("\(t).\(try i.get("name", as: String.self))\(try i.get("u", as: Int64.self) != 0 ? " unique" : "")\(try i.get("partial", as: Int64.self) != 0 ? " partial" : "")")
            }
        }
        var messages: [String: String] = [:]
        let raise = /RAISE\(ABORT, '([^']*)'\)/
        for r in try x.rows("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'") {
            let key = "\(try r.get("tbl_name", as: String.self)).\(try r.get("name", as: String.self))"
            p.triggers.insert(key)
            if let m = try r.get("sql", as: String.self).firstMatch(of: raise) { messages[key] = String(m.1) }
        }
        for r in try x.rows("SELECT key, value FROM meta") { p.meta[try r.get("key", as: String.self)] = try r.get("value", as: String.self) }
        return (p, messages)
    }

    /// PostgreSQL's picture, and each trigger's definition with its function's body by "table.trigger".
    func postgresPicture(_ x: any SQLExecutor) throws -> (Picture, [String: String]) {
        var p = Picture()
        let tables = Set(try x.rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            .map { try $0.get("tablename", as: String.self) }).subtracting(Self.postgresOnly)
        for c in try x.rows("""
            SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS n FROM information_schema.columns
            WHERE table_schema = current_schema()
            """) where tables.contains(try c.get("t", as: String.self)) {
            p.columns.insert("\(try c.get("t", as: String.self)).\(try c.get("c", as: String.self)) \(Self.kind(try c.get("type", as: String.self)))\(try c.get("n", as: String.self) == "NO" ? " not null" : "")")
        }
        for f in try x.rows("""
            SELECT cl.relname AS t, a.attname AS c, rcl.relname AS rt, ra.attname AS rc
            FROM pg_constraint k CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS u(attnum, rattnum)
            JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class rcl ON rcl.oid = k.confrelid
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
            JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.rattnum
            WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
            """) where tables.contains(try f.get("t", as: String.self)) {
            p.foreignKeys.insert("\(try f.get("t", as: String.self)).\(try f.get("c", as: String.self)) -> \(try f.get("rt", as: String.self)).\(try f.get("rc", as: String.self))")
        }
        // Indexes made by CREATE INDEX, not those behind a PRIMARY KEY or UNIQUE constraint (SQLite's autoindexes).
        for i in try x.rows("""
            SELECT t.relname AS t, ic.relname AS name, i.indisunique AS u, i.indpred IS NOT NULL AS partial
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            """) where tables.contains(try i.get("t", as: String.self)) {
            p.indexes.insert("\(try i.get("t", as: String.self)).\(try i.get("name", as: String.self))\(try i.get("u", as: Int64.self) != 0 ? " unique" : "")\(try i.get("partial", as: Int64.self) != 0 ? " partial" : "")")
        }
        var definitions: [String: String] = [:]
        for r in try x.rows("""
            SELECT c.relname AS t, tg.tgname AS name, pg_get_triggerdef(tg.oid) AS def, f.prosrc AS body
            FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc f ON f.oid = tg.tgfoid
            WHERE NOT tg.tgisinternal AND c.relnamespace = current_schema()::regnamespace
            """) {
            let key = "\(try r.get("t", as: String.self)).\(try r.get("name", as: String.self))"
            p.triggers.insert(key)
            definitions[key] = try r.get("def", as: String.self) + "\n" + r.get("body", as: String.self)
        }
        for r in try x.rows("SELECT key, value FROM meta") { p.meta[try r.get("key", as: String.self)] = try r.get("value", as: String.self) }
        return (p, definitions)
    }

    @Test(.postgres) func bothEnginesHaveTheSameTablesColumnsKeysIndexesAndTriggers() throws {
        let s = try stores()
        defer { s.close() }
        let (lite, messages) = try s.sqlite.read { try sqlitePicture($0) }
        let (pg, definitions) = try s.postgres.read { try postgresPicture($0) }
        // Sanity: the pictures are not empty by a broken query (each would then equal the other).
        #expect(lite.columns.count > 250, "\(lite.columns.count)")
        #expect(lite.indexes.count >= 39, "\(lite.indexes.count)")
        #expect(lite.triggers.count == 18, "\(lite.triggers.count)")
        #expect(lite.foreignKeys.count >= 29, "\(lite.foreignKeys.count)")
        #expect(lite.columns.subtracting(pg.columns).sorted() == [], "on SQLite only")
        #expect(pg.columns.subtracting(lite.columns).sorted() == [], "on PostgreSQL only")
        #expect(lite.foreignKeys.symmetricDifference(pg.foreignKeys).sorted() == [])
        #expect(lite.indexes.symmetricDifference(pg.indexes).sorted() == [])
        #expect(lite.triggers.symmetricDifference(pg.triggers).sorted() == [])
        #expect(lite.meta == pg.meta)
        // Every SQLite refusal's message, whole and quoted, is raised by the PostgreSQL trigger of the same name.
        #expect(messages.count == 16)
        for (trigger, message) in messages.sorted(by: { $0.key < $1.key }) {
            #expect(definitions[trigger]?.contains("'\(message)'") == true, "\(trigger): '\(message)' not in \(definitions[trigger] ?? "nothing")")
        }
    }

    /// What the engine said to `sql`: nil when it wrote, else its error.
    func outcome(_ db: any SQLDatabase, _ sql: String) -> SQLError? {
        do {
            try db.write { x in _ = try x.execute(SQLStatement(sql), []) }
            return nil
        } catch let e as SQLError {
            return e
        } catch {
            return .other("\(error)")
        }
    }

    /// A supervisor, an order in a succeeded cash checkout, an open and a closed shift: the same
    /// rows on each engine (ids given, so the bad rows below name them alike).
    func fill(_ db: any SQLDatabase) throws {
        try db.write { x in
            for sql in [
                "INSERT INTO users (name, role, pin_hash) VALUES ('ann', 'supervisor', 'h'), ('bob', 'cashier', 'h')",
                "INSERT INTO order_types (name) VALUES ('goods')",
                """
                INSERT INTO orders (id, number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
                VALUES (1, 'A-1', 'goods', 'Li', 'li', 500, 'CNY', 'unpaid', 1, 1), (2, 'A-2', 'goods', 'Li', 'li', 700, 'CNY', 'unpaid', 1, 1)
                """,
                "INSERT INTO shifts (id, terminal, operator, currency, state, opening_float, opened_at) VALUES (1, 'T1', 'ann', 'CNY', 'open', 0, 1)",
                """
                INSERT INTO shifts (id, terminal, operator, currency, state, opening_float, opened_at, closed_at, closed_by, expected, counted, over_short)
                VALUES (2, 'T2', 'bob', 'CNY', 'closed', 0, 1, 2, 'bob', 0, 0, 0)
                """,
                """
                INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at, shift_id)
                VALUES (1, 'open', 'ann', 'counter', 'CNY', 500, 0, 500, 500, 0, 'none', 10, 1)
                """,
                "INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (1, 1, 0, 500, 1)",
                "UPDATE checkouts SET state = 'succeeded', finished_at = 20 WHERE id = 1",
                "INSERT INTO cash_movements (shift_id, kind, amount, currency, checkout_id, at, operator) VALUES (1, 'sale', 500, 'CNY', 1, 20, 'ann')",
            ] { try x.execute(SQLStatement(sql), []) }
        }
    }

    @Test(.postgres) func theSameBadRowsAreRefusedWithTheSameWordsOnBothEngines() throws {
        let s = try stores()
        defer { s.close() }
        for (name, db) in s.both {
            try fill(db)
            // The numbering trigger gave the settled payment receipt 1.
            let receipt = try db.read { x in try x.row("SELECT number, kind, checkout_id FROM receipts") }
            #expect(try receipt?.get("number", as: Int64.self) == 1 && receipt?.get("checkout_id", as: Int64.self) == 1, "\(name)")
            let refused: [(String, String)] = [
                ("INSERT INTO users (name, role, pin_hash) VALUES ('9lives', 'cashier', 'h')", "users: invalid name or flag"),
                ("INSERT INTO users (name, role, pin_hash) VALUES ('al ice', 'cashier', 'h')", "users: invalid name or flag"),
                ("INSERT INTO users (name, role, pin_hash, disabled) VALUES ('carl', 'cashier', 'h', 2)", "users: invalid name or flag"),
                ("UPDATE users SET name = 'anna' WHERE name = 'ann'", "users: a name never changes; flags are 0 or 1"),
                ("UPDATE users SET disabled = 1 WHERE name = 'ann'", "users: the last enabled supervisor"),
                ("UPDATE users SET role = 'cashier' WHERE name = 'ann'", "users: the last enabled supervisor"),
                ("DELETE FROM users WHERE name = 'bob'", "users: disable a user instead of deleting it"),
                ("INSERT INTO cash_movements (shift_id, kind, amount, currency, reason, at, operator) VALUES (2, 'cash_in', 100, 'CNY', 'top up', 30, 'bob')",
                 "cash movement on a shift that is not open"),
                ("INSERT INTO cash_movements (shift_id, kind, amount, currency, reason, at, operator) VALUES (99, 'cash_in', 100, 'CNY', 'top up', 30, 'bob')",
                 "cash movement on a shift that is not open"),
                ("UPDATE cash_movements SET amount = 400", "cash movements are never changed"),
                ("DELETE FROM cash_movements", "cash movements are never deleted"),
                ("INSERT INTO shift_counts (shift_id, denomination, quantity) VALUES (2, 100, 1)", "drawer count on a shift that is not open"),
                ("UPDATE shifts SET counted = 5, over_short = 5 WHERE id = 2", "a closed shift is read-only"),
                ("DELETE FROM shifts WHERE id = 1", "shifts are never deleted"),
                ("UPDATE receipts SET number = 7", "a receipt keeps its number and subject"),
                ("DELETE FROM receipts", "receipts are never deleted"),
                ("""
                 INSERT INTO z_reports (number, business_date, period_from, period_to, currency, supervisor, created_at, figures)
                 VALUES (2, '2026-01-01', 0, 10, 'CNY', 'ann', 10, '{}')
                 """, "Z reports are numbered without gaps, one per day, each after the last"),
            ]
            for (sql, message) in refused {
                #expect(outcome(db, sql) == .refusedByTrigger(message), "\(name): \(sql)")
            }
            // Refused by a unique index, not a trigger, on both: a name in other case, a second open payment for an order.
            #expect(outcome(db, """
                INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at)
                VALUES (2, 'open', 'ann', 'web', 'CNY', 500, 0, 0, 0, 500, 'qr', 30)
                """) == nil, "\(name)")
            guard case .uniqueViolation = outcome(db, "INSERT INTO users (name, role, pin_hash) VALUES ('ANN', 'cashier', 'h')") else {
                Issue.record("\(name): a name differing only in case was not refused as a duplicate")
                continue
            }
            guard case .uniqueViolation = outcome(db, "INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (2, 1, 0, 500, 1)") else {
                Issue.record("\(name): a second open payment for one order was not refused")
                continue
            }
            // And the good rows the rules allow go in: Z report 1, then 2 the next day from where 1 ended.
            #expect(outcome(db, """
                INSERT INTO z_reports (number, business_date, period_from, period_to, currency, supervisor, created_at, figures)
                VALUES (1, '2026-01-01', 0, 10, 'CNY', 'ann', 10, '{}'), (2, '2026-01-02', 10, 20, 'CNY', 'ann', 20, '{}')
                """) == nil, "\(name)")
            #expect(outcome(db, "UPDATE users SET disabled = 1, disabled_at = 5, disabled_by = 'ann' WHERE name = 'bob'") == nil, "\(name)")
        }
    }
}
