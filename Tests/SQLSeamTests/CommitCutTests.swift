import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// A COMMIT whose answer never reaches the client, forced by a proxy between the driver and the
/// server (`CommitCutProxy`) rather than left to a restart's timing: the seam says the outcome is
/// unknown, never runs the transaction again, and the host's next transaction finds a new connection.
@Suite struct CommitCutTests {
    /// A database with `notes`, the host reaching it through a proxy, and the test's own direct handle.
    func setUp() throws -> (host: PostgresDatabase, direct: PostgresDatabase, proxy: CommitCutProxy) {
        let location = try PostgresTestServer.shared().database()
        let direct = PostgresDatabase(location, connections: 1)
        try direct.write { x in try x.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL)", []) }
        let proxy = try CommitCutProxy(to: location)
        return (PostgresDatabase(proxy.location, connections: 2), direct, proxy)
    }

    func count(_ db: PostgresDatabase, _ body: String) throws -> Int {
        try db.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM notes WHERE body = ?", body) } ?? -1
    }

    /// Runs one insert whose COMMIT the proxy cuts; returns how often the body ran and what was thrown.
    func cutInsert(_ host: PostgresDatabase, _ proxy: CommitCutProxy, _ cut: CommitCutProxy.Cut, body: String) -> (runs: Int, error: (any Error)?) {
        proxy.arm(cut, marker: "INSERT INTO notes")
        var runs = 0
        do {
            try host.write { x in
                runs += 1
                try x.execute("INSERT INTO notes (body) VALUES (?)", body)
            }
            return (runs, nil)
        } catch {
            return (runs, error)
        }
    }

    @Test(.postgres) func aCommitTheServerMadeButNeverAnsweredIsUnknownCommittedOnceAndNotRunAgain() throws {
        let (host, direct, proxy) = try setUp()
        defer { host.close(); direct.close(); proxy.stop() }
        try host.write { x in try x.execute("INSERT INTO notes (body) VALUES (?)", "before") }
        let (runs, error) = cutInsert(host, proxy, .afterServerCommits, body: "cut")
        #expect(proxy.cuts == 1 && !proxy.isArmed, "the COMMIT was not cut")
        guard case .commitOutcomeUnknown = error as? SQLError else {
            Issue.record("expected commitOutcomeUnknown, got \(String(describing: error))")
            return
        }
        #expect(runs == 1, "a transaction whose COMMIT outcome is unknown was run again")
        // The server did commit it, once.
        #expect(try count(direct, "cut") == 1)
        // The host carries on: the broken connection is gone, the next transaction gets another.
        try host.write { x in try x.execute("INSERT INTO notes (body) VALUES (?)", "after") }
        #expect(try count(host, "after") == 1 && count(host, "before") == 1)
    }

    @Test(.postgres) func aCommitCutBeforeTheServerIsUnknownTooAndNothingWasCommitted() throws {
        let (host, direct, proxy) = try setUp()
        defer { host.close(); direct.close(); proxy.stop() }
        let (runs, error) = cutInsert(host, proxy, .beforeServer, body: "cut")
        #expect(proxy.cuts == 1, "the COMMIT was not cut")
        // From the client's side the two cuts look the same: it cannot tell, so it must not guess.
        guard case .commitOutcomeUnknown = error as? SQLError else {
            Issue.record("expected commitOutcomeUnknown, got \(String(describing: error))")
            return
        }
        #expect(runs == 1, "a transaction whose COMMIT outcome is unknown was run again")
        // The server never saw the COMMIT: the transaction was rolled back when its connection ended.
        #expect(direct.waitForNoOpenTransactions())
        #expect(try count(direct, "cut") == 0)
        try host.write { x in try x.execute("INSERT INTO notes (body) VALUES (?)", "after") }
        #expect(try count(host, "after") == 1)
    }
}

extension PostgresDatabase {
    /// Whether no other session of this database is inside a transaction (a cut one has then been
    /// rolled back and ended), within 10 s.
    func waitForNoOpenTransactions() -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let others = try? read { x in
                try x.value(Int.self, """
                    SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                      AND state LIKE 'idle in transaction%'
                    """)
            }
            if others == 0 { return true }
            usleep(50_000)
        }
        return false
    }
}
