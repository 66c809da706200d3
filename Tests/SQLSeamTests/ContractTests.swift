import Foundation
import PostgresTestSupport
import SQLSeam
import Testing

/// What the store may rely on, checked on both engines with the same statements.
@Suite struct ContractTests {
    static let schema: [SQLStatement] = [
        SQLStatement(sqlite: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount INTEGER NOT NULL CHECK (amount >= 0), data BLOB)",
                     postgres: "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, amount bigint NOT NULL CHECK (amount >= 0), data bytea)"),
    ]

    @Test func valuesRoundTripOnSQLite() throws { try valuesRoundTrip(.sqlite) }
    @Test(.postgres) func valuesRoundTripOnPostgres() throws { try valuesRoundTrip(.postgres) }

    func valuesRoundTrip(_ dialect: SQLDialect) throws {
        let b = try Backend.make(dialect, schema: Self.schema)
        defer { b.cleanup() }
        let db = try b.open()
        defer { db.close() }
        // Money beyond 32 bits and epoch milliseconds need bigint on PostgreSQL.
        let big: Int64 = 9_000_000_000_123
        try db.write { x in
            try x.execute("INSERT INTO items (name, amount, data) VALUES (?, ?, ?)", "王小明 Zoë", big, [UInt8]([0, 1, 255]))
            try x.execute("INSERT INTO items (name, amount, data) VALUES (?, ?, ?)", "second", Int64(7), SQLValue.null)
        }
        let row = try #require(try db.read { x in try x.row("SELECT name, amount, data FROM items WHERE amount = ?", big) })
        #expect(try row.get("name", as: String.self) == "王小明 Zoë")
        #expect(try row.get("AMOUNT", as: Int64.self) == big)
        #expect(try row.get("data", as: [UInt8].self) == [0, 1, 255])
        // SUM(bigint) is numeric on PostgreSQL: it still reads as an exact integer.
        #expect(try db.read { x in try x.value(Int64.self, "SELECT SUM(amount) FROM items") } == big + 7)
        #expect(try db.read { x in try x.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM items WHERE name = ?)", "second") } == true)
        #expect(try db.read { x in try x.value(String?.self, "SELECT name FROM items WHERE data IS NULL") } == "second")
        #expect(try db.read { x in try x.value(Int64.self, "SELECT amount FROM items WHERE name = ?", "nobody") } == nil)
    }

    @Test func errorsAreTheStoresWordsOnSQLite() throws { try errorsAreTheStoresWords(.sqlite) }
    @Test(.postgres) func errorsAreTheStoresWordsOnPostgres() throws { try errorsAreTheStoresWords(.postgres) }

    func errorsAreTheStoresWords(_ dialect: SQLDialect) throws {
        let b = try Backend.make(dialect, schema: Self.schema)
        defer { b.cleanup() }
        let db = try b.open()
        defer { db.close() }
        _ = try db.write { x in try x.execute("INSERT INTO items (name, amount) VALUES (?, ?)", "a", Int64(1)) }
        #expect { try db.write { x in try x.execute("INSERT INTO items (name, amount) VALUES (?, ?)", "a", Int64(2)) } } throws: { e in
            if case .uniqueViolation = e as? SQLError { return true }
            return false
        }
        #expect { try db.write { x in try x.execute("INSERT INTO items (name, amount) VALUES (?, ?)", "b", Int64(-1)) } } throws: { e in
            if case .constraintViolation = e as? SQLError { return true }
            return false
        }
        // A body that throws leaves nothing behind, whatever it wrote first.
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try db.write { x in
                try x.execute("INSERT INTO items (name, amount) VALUES (?, ?)", "c", Int64(3))
                throw Refused()
            }
        }
        #expect(try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM items") } == 1)
        // The connection is usable after every failure.
        try db.write { x in try x.execute("INSERT INTO items (name, amount) VALUES (?, ?)", "d", Int64(4)) }
        #expect(try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM items") } == 2)
    }

    @Test func anotherHostsCommitChangesTheTokenOnSQLite() throws { try anotherHostsCommitChangesTheToken(.sqlite) }
    @Test(.postgres) func anotherHostsCommitChangesTheTokenOnPostgres() throws { try anotherHostsCommitChangesTheToken(.postgres) }

    func anotherHostsCommitChangesTheToken(_ dialect: SQLDialect) throws {
        let b = try Backend.make(dialect, schema: Self.schema)
        defer { b.cleanup() }
        let console = try b.open(), other = try b.open()
        defer { console.close(); other.close() }
        let before = try console.changeToken()
        #expect(try console.changeToken() == before, "the token moved with no change")
        try other.write { x in try x.execute("INSERT INTO items (name, amount) VALUES (?, ?)", "x", Int64(1)) }
        let after = try console.changeToken()
        #expect(after != before, "another host's commit went unnoticed")
        // A write that changed nothing is no change (the counter's own rule; SQLite's data_version is its engine's).
        guard dialect == .postgres else { return }
        try other.write { x in try x.execute("UPDATE items SET amount = 2 WHERE name = ?", "nobody") }
        #expect(try console.changeToken() == after)
    }

    @Test(.postgres) func theDatabaseClockIsOneClockForEveryHost() throws {
        let b = try Backend.make(.postgres, schema: Self.schema)
        let one = try b.open(), two = try b.open()
        defer { one.close(); two.close() }
        let a = try one.now(), host = Backend.hostClock(), c = try two.now()
        #expect(a <= c, "the database's clock went backwards between hosts")
        // This machine's clock and the server's are the same here; on real hosts they may not be.
        #expect(abs(host - a) < 5_000)
    }
}
