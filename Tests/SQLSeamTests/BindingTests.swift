import Foundation
import GRDB
import PostgresTestSupport
import SQLSeam
import SQLSeamSQLite
import Testing

/// Values bound to statements and read back: every kind of value, on both engines, through the
/// same cached statement again and again (SQLite's executor binds with SQLite's C API itself).
@Suite struct BindingTests {
    static let schema: [SQLStatement] = [
        SQLStatement(sqlite: "CREATE TABLE cells (id INTEGER PRIMARY KEY, label TEXT UNIQUE, n INTEGER, t TEXT, b BLOB)",
                     postgres: "CREATE TABLE cells (id bigserial PRIMARY KEY, label text UNIQUE, n bigint, t text, b bytea)"),
    ]
    static let insert: SQLStatement = "INSERT INTO cells (label, n, t, b) VALUES (?, ?, ?, ?)"
    static let byLabel: SQLStatement = "SELECT n, t, b FROM cells WHERE label = ?"

    func open(_ dialect: SQLDialect) throws -> (Backend, any SQLDatabase) {
        let b = try Backend.make(dialect, schema: Self.schema)
        return (b, try b.open())
    }

    @Test func aWrongNumberOfValuesIsRefusedOnSQLite() throws { try aWrongNumberOfValuesIsRefused(.sqlite) }
    @Test(.postgres) func aWrongNumberOfValuesIsRefusedOnPostgres() throws { try aWrongNumberOfValuesIsRefused(.postgres) }

    func aWrongNumberOfValuesIsRefused(_ dialect: SQLDialect) throws {
        let (b, db) = try open(dialect)
        defer { db.close(); b.cleanup() }
        for values in [[SQLValue.text("few"), .integer(1)], [.text("many"), .integer(1), .null, .null, .integer(5)], []] {
            #expect { try db.write { x in try x.execute(Self.insert, values) } } throws: { e in
                guard case .other(let m) = e as? SQLError else { return false }
                return m.contains("has 4 placeholders but \(values.count) values")
            }
            #expect { try db.read { x in try x.rows(Self.byLabel, values) } } throws: { e in
                guard case .other(let m) = e as? SQLError else { return false }
                return m.contains("has 1 placeholders but \(values.count) values")
            }
        }
        #expect(try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM cells") } == 0, "a refused statement wrote a row")
        // The same statements still run with the right count afterwards.
        try db.write { x in try x.execute(Self.insert, [.text("ok"), .integer(1), .null, .null]) }
        #expect(try db.read { x in try x.value(Int64.self, "SELECT n FROM cells WHERE label = ?", "ok") } == 1)
    }

    @Test func valuesOfEveryKindRoundTripOnSQLite() throws { try valuesOfEveryKindRoundTrip(.sqlite) }
    @Test(.postgres) func valuesOfEveryKindRoundTripOnPostgres() throws { try valuesOfEveryKindRoundTrip(.postgres) }

    func valuesOfEveryKindRoundTrip(_ dialect: SQLDialect) throws {
        let (b, db) = try open(dialect)
        defer { db.close(); b.cleanup() }
        var cases: [(label: String, n: SQLValue, t: SQLValue, b: SQLValue)] = [
            ("min", .integer(.min), .text("王小明 Zoë 🧾👩🏽‍💻"), .blob([0, 1, 0, 255])),
            ("max", .integer(.max), .text(""), .blob([])),
            ("zero", .integer(0), .text(String(repeating: "長い", count: 5_000)), .blob((0..<70_000).map { UInt8($0 % 256) })),
            ("nulls", .null, .null, .null),
        ]
        // PostgreSQL's text cannot hold NUL at all; SQLite's keeps it, and the seam reads it back whole.
        if dialect == .sqlite { cases.append(("nul", .integer(-1), .text("a\u{0}b\u{0}"), .blob([0]))) }
        try db.write { x in
            for c in cases { try x.execute(Self.insert, [.text(c.label), c.n, c.t, c.b]) }
        }
        for c in cases {
            let row = try #require(try db.read { x in try x.row(Self.byLabel, c.label) }, "\(c.label) was not stored")
            #expect(row.values == [c.n, c.t, c.b], "\(c.label)")
        }
        // An empty blob is a blob, not NULL; empty text is text.
        #expect(try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM cells WHERE b IS NULL") } == 1)
        #expect(try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM cells WHERE t IS NULL") } == 1)
        // Bound values compare as values in the statement too (nothing is spliced into the text).
        #expect(try db.read { x in try x.value(String.self, "SELECT label FROM cells WHERE n = ?", Int64.min) } == "min")
        #expect(try db.read { x in try x.value(String.self, "SELECT label FROM cells WHERE t = ?", "王小明 Zoë 🧾👩🏽‍💻") } == "min")
        #expect(try db.read { x in try x.value(String.self, "SELECT label FROM cells WHERE b = ?", [UInt8]([0, 1, 0, 255])) } == "min")
    }

    @Test func aCachedStatementTakesNewValuesEachTimeOnSQLite() throws { try aCachedStatementTakesNewValuesEachTime(.sqlite) }
    @Test(.postgres) func aCachedStatementTakesNewValuesEachTimeOnPostgres() throws { try aCachedStatementTakesNewValuesEachTime(.postgres) }

    func aCachedStatementTakesNewValuesEachTime(_ dialect: SQLDialect) throws {
        let (b, db) = try open(dialect)
        defer { db.close(); b.cleanup() }
        // One transaction: the same prepared statements with values of another kind each time (a
        // NULL where text was, a shorter text where a long one was), and a unique violation between.
        // (SQLite's BLOB column keeps any kind as given; PostgreSQL's text column takes text only.)
        func cells(_ v: SQLValue) -> [SQLValue] { dialect == .sqlite ? [.null, v] : [v, .null] }
        let kinds: [SQLValue] = dialect == .sqlite
            ? [.text("a long text value"), .null, .integer(7), .text("x"), .blob([9, 9]), .null]
            : [.text("a long text value"), .null, .text("x"), .text(""), .null, .text("y")]
        try db.write { x in
            for (i, v) in kinds.enumerated() { try x.execute(Self.insert, [.text("r\(i)"), .integer(Int64(i))] + cells(v)) }
        }
        #expect { try db.write { x in try x.execute(Self.insert, [.text("r1"), .integer(0), .null, .null]) } } throws: { e in
            if case .uniqueViolation = e as? SQLError { return true }
            return false
        }
        try db.read { x in
            for (i, v) in kinds.enumerated().reversed() {
                let rows = try x.rows(Self.byLabel, [.text("r\(i)")])
                #expect(rows.count == 1)
                #expect(rows.first?.values == [.integer(Int64(i))] + cells(v), "r\(i)")
            }
            #expect(try x.rows(Self.byLabel, [.text("nobody")]).isEmpty)
            #expect(try x.rows("SELECT label FROM cells WHERE n >= ? ORDER BY n", [.integer(4)]).map { try $0.get("label", as: String.self) } == ["r4", "r5"])
            #expect(try x.rows("SELECT label FROM cells WHERE n >= ? ORDER BY n", [.integer(1)]).count == 5)
        }
    }

    @Test func anInsertGivesItsRowsKeyOnSQLite() throws { try anInsertGivesItsRowsKey(.sqlite) }
    @Test(.postgres) func anInsertGivesItsRowsKeyOnPostgres() throws { try anInsertGivesItsRowsKey(.postgres) }

    func anInsertGivesItsRowsKey(_ dialect: SQLDialect) throws {
        let extra: [SQLStatement] = dialect == .sqlite ? [
            "CREATE TABLE echoes (id INTEGER PRIMARY KEY, cell INTEGER NOT NULL)",
            // A trigger's own insert does not become the statement's key.
            "CREATE TRIGGER echo AFTER INSERT ON cells BEGIN INSERT INTO echoes (id, cell) VALUES (1000 + NEW.id, NEW.id); END",
        ] : []
        let b = try Backend.make(dialect, schema: Self.schema + extra)
        let db = try b.open()
        defer { db.close(); b.cleanup() }
        let upsert: SQLStatement = "INSERT INTO cells (label, n) VALUES (?, ?) ON CONFLICT (label) DO NOTHING"
        let ids = try db.write { x in
            try ["a", "b", "c"].map { label in try x.insert(Self.insert, [.text(label), .integer(1), .null, .null], returning: "id") }
        }
        #expect(ids.allSatisfy { $0 != nil })
        for (label, id) in zip(["a", "b", "c"], ids) {
            #expect(try db.read { x in try x.value(Int64.self, "SELECT id FROM cells WHERE label = ?", label) } == id)
        }
        // An insert that inserted nothing gives no key (not the previous insert's).
        try db.write { x in
            #expect(try x.insert(upsert, [.text("b"), .integer(2)], returning: "id") == nil)
            let d = try x.insert(upsert, [.text("d"), .integer(2)], returning: "id")
            let stored = try x.value(Int64.self, "SELECT id FROM cells WHERE label = 'd'")
            #expect(d != nil && d == stored)
        }
        if dialect == .sqlite {
            #expect(try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM echoes") } == 4)
        }
    }

    /// GRDB still runs the statements the SQLite executor binds itself: its transaction observers
    /// see each change and the commit, and its trace sees the statement with its values.
    @Test func grdbSeesTheStatementsTheExecutorBinds() throws {
        let (b, db) = try open(.sqlite)
        defer { db.close(); b.cleanup() }
        let pool = try #require((db as? SQLiteDatabase)?.pool)
        let observer = Observer()
        pool.add(transactionObserver: observer)
        let traced = Traced()
        pool.writeWithoutTransaction { conn in conn.trace(options: .statement) { e in if case .statement(let s) = e { traced.add(s.expandedSQL) } } }
        try db.write { x in
            try x.execute(Self.insert, [.text("seen"), .integer(42), .text("it's"), .null])
            try x.execute("UPDATE cells SET n = ? WHERE label = ?", [.integer(43), .text("seen")])
        }
        #expect(observer.events == ["insert cells 1", "update cells 1", "commit"])
        #expect(traced.all.contains("INSERT INTO cells (label, n, t, b) VALUES ('seen', 42, 'it''s', NULL)"), "\(traced.all)")
        // A change that is rolled back reaches the observer as a rollback.
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try db.write { x in
                try x.execute(Self.insert, [.text("gone"), .integer(1), .null, .null])
                throw Refused()
            }
        }
        #expect(observer.events.suffix(2) == ["insert cells 2", "rollback"])
    }
}

private final class Observer: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    var events: [String] { lock.withLock { list } }
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == "cells" }
    func databaseDidChange(with event: DatabaseEvent) {
        let kind = switch event.kind { case .insert: "insert"; case .update: "update"; case .delete: "delete" }
        lock.withLock { list.append("\(kind) \(event.tableName) \(event.rowID)") }
    }
    func databaseDidCommit(_ db: Database) { lock.withLock { list.append("commit") } }
    func databaseDidRollback(_ db: Database) { lock.withLock { list.append("rollback") } }
}

private final class Traced: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.withLock { list.append(s) } }
    var all: [String] { lock.withLock { list } }
}
