import Foundation
import PostgresTestSupport
import SQLSeam
import Testing

/// Each concurrency guarantee the store relies on, held by design on both engines: the same rule,
/// the same statement where the engines agree, a second form beside it where they do not. Hosts
/// are independent connection pools on threads of their own, racing for real.
@Suite struct GuaranteeTests {
    // MARK: Claims: no item is worked on by two pollers at once.

    static let jobs: [SQLStatement] = [
        SQLStatement(sqlite: "CREATE TABLE jobs (id INTEGER PRIMARY KEY, due_at INTEGER NOT NULL, claimed_by TEXT, claims INTEGER NOT NULL DEFAULT 0)",
                     postgres: "CREATE TABLE jobs (id bigserial PRIMARY KEY, due_at bigint NOT NULL, claimed_by text, claims bigint NOT NULL DEFAULT 0)"),
    ]

    /// A claim moves an item's due time past its lease, so nobody else sees it due. On PostgreSQL
    /// the candidates are locked as they are chosen and those another poller holds are passed over;
    /// without SKIP LOCKED two pollers would pick the same rows from the same snapshot.
    static let claim = SQLStatement(
        sqlite: """
            UPDATE jobs SET due_at = ?, claimed_by = ?, claims = claims + 1
            WHERE id IN (SELECT id FROM jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ?) RETURNING id
            """,
        postgres: """
            UPDATE jobs SET due_at = ?, claimed_by = ?, claims = claims + 1
            WHERE id IN (SELECT id FROM jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id
            """)

    @Test func twoPollersNeverClaimTheSameItemOnSQLite() throws { try pollersNeverShare(.sqlite) }
    @Test(.postgres) func twoPollersNeverClaimTheSameItemOnPostgres() throws { try pollersNeverShare(.postgres) }

    func pollersNeverShare(_ dialect: SQLDialect) throws {
        let b = try Backend.make(dialect, schema: Self.jobs)
        defer { b.cleanup() }
        let count = 400
        let setup = try b.open()
        try setup.write { x in for _ in 0..<count { try x.execute("INSERT INTO jobs (due_at) VALUES (0)") } }
        setup.close()
        let claimed = Errors()
        try b.hosts(4) { host, db in
            while true {
                let ids = try db.write { x in try x.rows(Self.claim, 1_000_000, "poller-\(host)", 0, 5).map { try $0.get(at: 0, as: Int64.self) } }
                if ids.isEmpty { return }
                for id in ids { claimed.add(String(id)) }
            }
        }
        #expect(claimed.all.count == count, "\(claimed.all.count) claims of \(count) items")
        #expect(Set(claimed.all).count == count, "some item was claimed twice")
        let check = try b.open()
        defer { check.close() }
        #expect(try check.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM jobs WHERE claims != 1") } == 0)
    }

    // MARK: The order lock: one conditional upsert, whose RETURNING says who won.

    static let locks: [SQLStatement] = [
        SQLStatement(sqlite: "CREATE TABLE order_locks (order_id INTEGER PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL)",
                     postgres: "CREATE TABLE order_locks (order_id bigint PRIMARY KEY, holder text NOT NULL, expires_at bigint NOT NULL)"),
    ]

    /// Taken when free, expired or already ours; one statement, the same on both engines, so there
    /// is no gap between looking and taking for another connection to fall into.
    static let takeLock: SQLStatement = """
        INSERT INTO order_locks (order_id, holder, expires_at) VALUES (?, ?, ?)
        ON CONFLICT (order_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE order_locks.expires_at <= ? OR order_locks.holder = excluded.holder
        RETURNING holder
        """

    @Test func oneHostWinsTheOrderLockOnSQLite() throws { try oneHostWinsTheLock(.sqlite) }
    @Test(.postgres) func oneHostWinsTheOrderLockOnPostgres() throws { try oneHostWinsTheLock(.postgres) }

    func oneHostWinsTheLock(_ dialect: SQLDialect) throws {
        let b = try Backend.make(dialect, schema: Self.locks)
        defer { b.cleanup() }
        let rounds = 30
        let winners = Errors()
        for round in 0..<rounds {
            // Every host tries for order `round` at once; the lock lasts until t = 1000.
            let start = DispatchSemaphore(value: 0)
            let hosts = 6
            let ready = DispatchGroup()
            for _ in 0..<hosts { ready.enter() }
            DispatchQueue.global().async { ready.wait(); for _ in 0..<hosts { start.signal() } }
            try b.hosts(hosts) { host, db in
                ready.leave()
                start.wait()
                let won = try db.write { x in try x.rows(Self.takeLock, Int64(round), "host-\(host)", Int64(1_000), Int64(500)) }
                if let w = won.first { winners.add("\(round):\(try w.get(at: 0, as: String.self))") }
            }
        }
        let byRound = Dictionary(grouping: winners.all, by: { $0.split(separator: ":")[0] })
        #expect(byRound.count == rounds, "some order was won by nobody")
        #expect(byRound.values.allSatisfy { $0.count == 1 }, "an order lock was won twice: \(byRound.filter { $0.value.count > 1 })")
        // Expired (now = 1000): the next host takes it, and says so.
        let db = try b.open()
        defer { db.close() }
        let late = try db.write { x in try x.rows(Self.takeLock, Int64(0), "late", Int64(2_000), Int64(1_000)) }
        #expect(try late.first?.get(at: 0, as: String.self) == "late")
    }

    // MARK: Gap-free numbers and one audit chain: money-moving writes one at a time.

    static let ledger: [SQLStatement] = [
        SQLStatement(sqlite: "CREATE TABLE receipts (number INTEGER NOT NULL UNIQUE CHECK (number > 0), host TEXT NOT NULL, prev INTEGER, UNIQUE (prev))",
                     postgres: "CREATE TABLE receipts (number bigint NOT NULL UNIQUE CHECK (number > 0), host text NOT NULL, prev bigint, UNIQUE (prev))"),
    ]

    /// The next number is MAX + 1 and each entry names the one before it, as the audit chain does:
    /// correct only if no two such writes overlap. SQLite's single writer gives that; on PostgreSQL
    /// the `.serialized` write takes the advisory lock first.
    static let nextReceipt: SQLStatement = """
        INSERT INTO receipts (number, host, prev)
        SELECT COALESCE(MAX(number), 0) + 1, ?, MAX(number) FROM receipts
        """

    @Test func numbersAndTheChainStayGapFreeOnSQLite() throws { try numbersStayGapFree(.sqlite) }
    @Test(.postgres) func numbersAndTheChainStayGapFreeOnPostgres() throws { try numbersStayGapFree(.postgres) }

    func numbersStayGapFree(_ dialect: SQLDialect) throws {
        let b = try Backend.make(dialect, schema: Self.ledger)
        defer { b.cleanup() }
        let hosts = 6, each = 40
        try b.hosts(hosts) { host, db in
            for _ in 0..<each {
                try db.write(.serialized(key: 1)) { x in try x.execute(Self.nextReceipt, "host-\(host)") }
            }
        }
        let db = try b.open()
        defer { db.close() }
        let row = try #require(try db.read { x in try x.row("SELECT COUNT(*) AS n, MIN(number) AS lo, MAX(number) AS hi, COUNT(DISTINCT prev) AS links FROM receipts") })
        #expect(try row.get("n", as: Int.self) == hosts * each)
        #expect(try row.get("lo", as: Int.self) == 1)
        #expect(try row.get("hi", as: Int.self) == hosts * each, "numbers have a gap")
        #expect(try row.get("links", as: Int.self) == hosts * each - 1, "the chain forked")
    }

    // MARK: Retries: only what was never committed runs again.

    static let accounts: [SQLStatement] = [
        SQLStatement(sqlite: "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)",
                     postgres: "CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL)"),
        "INSERT INTO accounts VALUES (1, 0), (2, 0)",
    ]

    /// Two hosts update the same two rows in opposite orders, both holding their first row when they
    /// reach for the second: PostgreSQL aborts one as a deadlock; the seam runs it again, and both
    /// transfers land exactly once. Under load a retry may deadlock again (it can take the freed row
    /// before the waiting survivor wakes), so the claim is "at least one retry", not "exactly one"; the
    /// two amounts differ, so a transfer landing twice shows in the balances.
    @Test(.postgres) func aDeadlockedTransactionRunsAgainAndLandsOnce() throws {
        let b = try Backend.make(.postgres, schema: Self.accounts)
        let bodies = Errors()
        let bothHoldOne = DispatchGroup()
        bothHoldOne.enter(); bothHoldOne.enter()
        let firstRun = Errors()
        try b.hosts(2) { host, db in
            let (first, second): (Int64, Int64) = host == 0 ? (1, 2) : (2, 1)
            let amount: Int64 = host == 0 ? 10 : 7
            try db.write { x in
                bodies.add("host \(host)")
                try x.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, first)
                if firstRun.all.count < 2 {
                    firstRun.add("\(host)")
                    bothHoldOne.leave()
                    bothHoldOne.wait()
                }
                try x.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, second)
            }
        }
        #expect(bodies.all.count >= 3, "expected a deadlock and a retry: \(bodies.all)")
        let db = try b.open()
        defer { db.close() }
        #expect(try db.read { x in try x.rows("SELECT balance FROM accounts ORDER BY id").map { try $0.get(at: 0, as: Int64.self) } } == [3, -3])
    }
}
