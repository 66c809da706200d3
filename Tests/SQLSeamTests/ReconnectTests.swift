import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// Connections the server drops (a restart, an administrator) come back by themselves; a
/// transaction cut off half-way is reported, never run again blindly.
@Suite struct ReconnectTests {
    static let schema: [SQLStatement] = [
        "CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL)",
    ]

    /// Every connection of this database but the caller's, ended by the server.
    static func dropOthers(_ admin: any SQLDatabase) throws {
        try admin.write { x in
            _ = try x.rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        }
    }

    @Test(.postgres) func droppedIdleConnectionsAreReplaced() throws {
        let b = try Backend.make(.postgres, schema: Self.schema)
        let host = try b.open(), admin = try b.open()
        defer { host.close(); admin.close() }
        for i in 0..<3 { try host.write { x in try x.execute("INSERT INTO notes (body) VALUES (?)", "before \(i)") } }
        try Self.dropOthers(admin)
        // The pooled connections are dead now; the next transactions find new ones.
        for i in 0..<3 { try host.write { x in try x.execute("INSERT INTO notes (body) VALUES (?)", "after \(i)") } }
        #expect(try host.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM notes") } == 6)
    }

    @Test(.postgres) func aTransactionCutOffHalfWayIsNotRunAgain() throws {
        let b = try Backend.make(.postgres, schema: Self.schema)
        let host = try b.open(), admin = try b.open()
        defer { host.close(); admin.close() }
        var runs = 0
        #expect {
            try host.write { x in
                runs += 1
                try x.execute("INSERT INTO notes (body) VALUES (?)", "half")
                try Self.dropOthers(admin)
                try x.execute("INSERT INTO notes (body) VALUES (?)", "never")
            }
        } throws: { e in
            if case .unreachable = e as? SQLError { return true }
            return false
        }
        #expect(runs == 1, "a transaction whose connection broke was run again")
        #expect(try host.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM notes") } == 0)
    }
}
