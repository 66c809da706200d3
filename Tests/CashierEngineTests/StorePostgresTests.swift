import CashierCore
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// `Store(path:)` with a postgres:// address: what it opens, makes and refuses, and the clock and
/// change token a store shared by many hosts runs on.
@Suite struct StorePostgresTests {
    func url(_ l: PostgresLocation) -> String { "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)" }

    @Test(.postgres) func anEmptyDatabaseBecomesAStoreOnlyWhenAskedAndThenOpensWithoutAWrite() throws {
        let l = try PostgresTestServer.shared().database()
        #expect(throws: StoreError.noStore(l.description)) { try Store(path: url(l), mode: .existing) }
        let made = try Store(path: url(l), mode: .createIfMissing)
        #expect(made.path == l.description)
        #expect(try made.holdsData() == false)
        made.close()
        // Opened again: up to date, so nothing is written (the change counter stays where it was).
        let probe = PostgresDatabase(l, connections: 1, changeCounter: PostgresSchema.changeCounter)
        defer { probe.close() }
        let before = try probe.changeToken()
        let again = try Store(path: url(l), mode: .existing)
        defer { again.close() }
        #expect(try probe.changeToken() == before)
        #expect(try again.currency() == .cny)
    }

    @Test(.postgres) func aStrangersDatabaseIsRefusedUntouched() throws {
        let l = try PostgresTestServer.shared().database()
        let other = PostgresDatabase(l, connections: 1)
        defer { other.close() }
        try other.write { x in try x.execute("CREATE TABLE invoices (id bigint PRIMARY KEY)") }
        #expect(throws: StoreError.notAStore(l.description)) { try Store(path: url(l), mode: .createIfMissing) }
        let tables = try other.read { x in
            try x.value(Int64.self, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
        }
        #expect(tables == 1)
    }

    @Test(.postgres) func aWriteOnOneHostMovesTheChangeTokenAnotherHostReads() throws {
        let l = try PostgresTestServer.shared().database()
        let a = try Store(path: url(l), mode: .createIfMissing)
        let b = try Store(path: url(l), mode: .existing)
        defer { a.close(); b.close() }
        let seen = b.changeToken()
        try a.write { x in try x.execute("INSERT INTO meta (key, value) VALUES ('probe', '1')") }
        #expect(b.changeToken() > seen)
        let unchanged = b.changeToken()
        _ = try a.read { x in try x.value(String.self, "SELECT value FROM meta WHERE key = 'probe'") }
        #expect(b.changeToken() == unchanged)
    }

    @Test(.postgres) func theDatabaseClockFollowsTheServerNotADriftingHost() throws {
        let l = try PostgresTestServer.shared().database()
        let db = PostgresDatabase(l, connections: 1)
        defer { db.close() }
        // This host's clock is an hour fast: the store's clock still reads the server's time.
        let drift: Millis = 3_600_000
        let clock = DatabaseClock(db, local: { SystemClock().now() + drift })
        let server = try db.now()
        let read = clock.now()
        #expect(abs(read - server) < 2_000)
        #expect(abs(read - (SystemClock().now() + drift)) > drift / 2)
        // Between measurements it runs with the host's clock and never goes back.
        var previous = read
        for _ in 0..<200 {
            let t = clock.now()
            #expect(t >= previous)
            previous = t
        }
    }

    @Test func theClockNeverGoesBackWhenTheServerReadsEarlierThanBefore() throws {
        // A server whose clock was stepped back ten seconds between two measurements.
        let server = ScriptedServer([1_000_000, 990_000, 995_000])
        let clock = DatabaseClock(server, remeasureEvery: 0, local: { 500 })
        #expect(clock.now() == 1_000_000)
        #expect(clock.now() == 1_000_000)
        #expect(clock.now() == 1_000_000)
        #expect(server.asked == 3)
    }

    @Test func anUnreachableServerLeavesTheLastOffsetAndIsAskedAgain() throws {
        let server = ScriptedServer([nil, 2_000, nil, 9_000])
        let clock = DatabaseClock(server, remeasureEvery: 0, local: { 1_000 })
        #expect(clock.now() == 1_000)  // never measured: the host's own clock
        #expect(clock.now() == 2_000)
        #expect(clock.now() == 2_000)  // unreachable: the last offset
        #expect(clock.now() == 9_000)
    }

    @Test func anUnreachableServerIsAskedAgainAfterASecondNotOnEveryCall() throws {
        let server = ScriptedServer([10_000, nil, nil, 20_000])
        let host = LocalClock()
        let clock = DatabaseClock(server, remeasureEvery: 5_000, local: { host.now })
        #expect(clock.now() == 10_000)
        host.now = 5_000
        #expect(clock.now() == 15_000)  // due: unreachable, the last offset
        host.now = 5_900
        #expect(clock.now() == 15_900)
        #expect(server.asked == 2)
        host.now = 6_000
        _ = clock.now()
        #expect(server.asked == 3)
    }

    @Test func aSlowMeasurementHoldsUpNoOtherCaller() throws {
        let server = ScriptedServer([10_000, 30_000])
        let clock = DatabaseClock(server, remeasureEvery: 0, local: { 1_000 })
        #expect(clock.now() == 10_000)
        server.hold()
        let measured = DispatchSemaphore(value: 0)
        Thread { _ = clock.now(); measured.signal() }.start()
        while server.asked < 2 { usleep(1_000) }
        // One caller waits on the server; another reads on with the last offset at once.
        let other = LocalClock(), read = DispatchSemaphore(value: 0)
        Thread { other.now = clock.now(); read.signal() }.start()
        let atOnce = read.wait(timeout: .now() + 5) == .success
        #expect(atOnce, "a second caller waited for the measurement")
        server.release()
        if !atOnce { read.wait() }
        measured.wait()
        #expect(other.now == 10_000)
        #expect(server.asked == 2)
        #expect(clock.now() >= 30_000)
    }

    final class LocalClock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Millis = 0
        var now: Millis {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    /// Answers `now()` from a script (nil: unreachable); nothing else.
    final class ScriptedServer: SQLDatabase, @unchecked Sendable {
        private let lock = NSLock()
        private var script: [Millis?]
        private(set) var asked = 0
        init(_ script: [Millis?]) { self.script = script }
        var dialect: SQLDialect { .postgres }
        func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T { throw SQLError.other("not scripted") }
        func write<T>(_ kind: WriteKind, _ body: (any SQLExecutor) throws -> T) throws -> T { throw SQLError.other("not scripted") }
        func changeToken() throws(SQLError) -> Int64 { 0 }
        private let gate = DispatchSemaphore(value: 1)
        /// Until `release()`, the next `now()` waits (a server slow to answer).
        func hold() { gate.wait() }
        func release() { gate.signal() }
        func now() throws(SQLError) -> Int64 {
            lock.withLock { asked += 1 }
            gate.wait()
            gate.signal()
            let next: Millis? = lock.withLock { script.isEmpty ? nil : script.removeFirst() }
            guard let next else { throw .unreachable("scripted") }
            return next
        }
        func close() {}
    }
}
