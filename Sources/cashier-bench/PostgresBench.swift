import CashierCore
import CashierEngine
import Foundation
import PaymentPlatform
import PostgresScratch
import SQLSeam
import SQLSeamPostgres

// 7. PostgreSQL (issue 14), on a throwaway server of the bench's own (fsync off, loopback): the
// engine's figures, each beside the same server's floor measured in the same run. Printed, never
// asserted; without server binaries (or when a part cannot run) it says so and goes on — except
// under CASHIER_REQUIRE_POSTGRES=1 (CI), where the bench then fails, so the part cannot rot unseen.

@available(macOS 15, *)
func postgresFigures(quick: Bool, root: String) async {
    let complete = await postgresParts(quick: quick, root: root)
    if !complete && ProcessInfo.processInfo.environment["CASHIER_REQUIRE_POSTGRES"] == "1" {
        FileHandle.standardError.write(Data("cashier-bench: the PostgreSQL figures are incomplete (above), and CASHIER_REQUIRE_POSTGRES=1 requires them\n".utf8))
        exit(1)
    }
}

/// Every PostgreSQL part in turn; whether all of them ran.
@available(macOS 15, *)
func postgresParts(quick: Bool, root: String) async -> Bool {
    say("\nPostgreSQL")
    if let problem = PostgresScratchServer.prerequisiteProblem {
        say("  skipped: \(problem)")
        return false
    }
    let server: PostgresScratchServer
    // pg_stat_statements counts what a checkout sends and how long the server spends on it.
    let statsLibrary = FileManager.default.fileExists(atPath: (PostgresScratchServer.binaries ?? "") + "/../lib/pg_stat_statements.so")
    do {
        server = try PostgresScratchServer(settings: statsLibrary ? ["shared_preload_libraries": "pg_stat_statements"] : [:])
    } catch {
        say("  skipped: \(error)")
        return false
    }
    var bench: PostgresBench?
    defer {
        // A PostgreSQL store's connections must be closed before it goes (PostgresNIO asserts so).
        bench?.stores.closeAll()
        server.stop()
    }
    say("  server: \(server.binFolder)/postgres on 127.0.0.1:\(server.port), fsync off, ready in \(fmt(server.startupSeconds, 2)) s (initdb included)")
    let running = PostgresBench(server: server, statsLibrary: statsLibrary, quick: quick, root: root)
    bench = running
    // Each part on its own: one that cannot run (a store method not on the seam yet, say) says why.
    let parts: [(String, () async throws -> Void)] = [("round trips and the floor", running.floor), ("checkouts", running.checkouts),
                                                      ("poller cycle", running.poller), ("console", running.console)]
    var complete = true
    for (name, part) in parts {
        do { try await part() } catch { say("  \(name): not measured: \(error)"); complete = false }
    }
    return complete
}

@available(macOS 15, *)
final class PostgresBench: @unchecked Sendable {
    let server: PostgresScratchServer
    let statsLibrary: Bool
    let quick: Bool
    /// The bench's temporary folder (the sandboxes' files).
    let root: String
    let clientCounts = [1, 4, 16]
    /// Minimal transactions per second by client count, measured first.
    var floorRates: [Int: Double] = [:]
    var roundTrip = 0.0
    var checkoutsWorked = false
    var largeStore: PostgresLocation?
    /// Every store the bench opened, closed at the end (main.swift opens them).
    let stores = OpenedStores()

    init(server: PostgresScratchServer, statsLibrary: Bool, quick: Bool, root: String) {
        self.server = server
        self.statsLibrary = statsLibrary
        self.quick = quick
        self.root = root
    }

    func floor() async throws {
        try server.createDatabase("floor")
        let location = server.location("floor")
        let (alone, inRead) = try roundTrips(location, count: quick ? 200 : 10_000)
        roundTrip = alone
        say("  one round trip (SELECT 1 through the seam, one connection, median): \(fmt(alone)) µs; in a read transaction (BEGIN, SELECT 1, COMMIT): \(fmt(inRead)) µs")
        try MinimalTransaction.prepare(location)
        var line: [String] = []
        for clients in clientCounts {
            let each = (quick ? 320 : 16_000) / clients
            floorRates[clients] = try await MinimalTransaction.rate(location, clients: clients, each: each)
            line.append("\(clients) client\(clients == 1 ? "" : "s") \(fmt(floorRates[clients]!)) /s")
        }
        say("  floor, minimal transaction (BEGIN; UPDATE a balance; INSERT a history row; COMMIT): " + line.joined(separator: ", "))
    }

    /// Cash checkouts, one order each, under each client's open shift at its own terminal; each
    /// client its own Store (connection pool) and engine, on a thread of its own.
    func checkouts() async throws {
        let perLevel = quick ? 96 : 1_920
        let counted = 20
        try server.createDatabase("checkouts")
        let location = server.location("checkouts")
        let url = "postgres://postgres@127.0.0.1:\(server.port)/checkouts"
        let maxClients = clientCounts.max()!
        try stores.create(url, cashiers: (0..<maxClients).map { ("cashier\($0)", "bench-pg-\($0)") })
        var orders = try seedOrders(location, count: perLevel * clientCounts.count + counted)
        let engines = try (0..<maxClients).map { c in try postgresEngine(url, terminal: "bench-pg-\(c)", sandbox: "pg-checkouts-\(c)") }

        // Statements per checkout, counted by the server, and its time on them.
        let stats = statsLibrary ? ServerStatements(location) : nil
        defer { stats?.close() }
        let sample = Array(orders.prefix(counted))
        orders.removeFirst(counted)
        try stats?.reset()
        let sampleTime = try await concurrently(1) { _ in try await payCash(engines[0], sample, operatorName: "cashier0") }
        let perCheckout = sampleTime * 1e6 / Double(counted)
        let sampled = try stats?.totals(top: 5)
        // The round trip again, right after the sample, in the same conditions as it.
        roundTrip = try roundTrips(location, count: 200).alone

        var line: [String] = []
        for clients in clientCounts {
            let slice = Array(orders.prefix(perLevel))
            orders.removeFirst(perLevel)
            let each = perLevel / clients
            try stats?.reset()
            let time = try await concurrently(clients) { c in
                try await payCash(engines[c], Array(slice[(c * each)..<((c + 1) * each)]), operatorName: "cashier\(c)")
            }
            let rate = Double(each * clients) / time
            let floor = floorRates[clients].map { " (floor \(fmt($0)) /s, ratio \(fmt(rate / $0, 2)))" } ?? ""
            // Money-moving writes queue on the audit chain's advisory lock: the server's time in it.
            let wait = try stats.map { "; waiting for the audit chain's lock \(fmt(try $0.milliseconds(of: "pg_advisory_xact_lock") * 1000 / Double(each * clients))) µs each" } ?? ""
            line.append("  \(clients) client\(clients == 1 ? "" : "s"): \(fmt(rate)) checkouts/s = \(fmt(1e6 / rate)) µs of the run per checkout\(floor)\(wait)")
        }
        checkoutsWorked = true
        say("  cash checkouts, one order each, each client its own store and connection pool:")
        for l in line { say("  " + l) }

        guard let (calls, serverMs, top) = sampled else {
            say("  statements per checkout: not counted (no pg_stat_statements in this PostgreSQL installation)")
            return
        }
        let statements = Double(calls) / Double(counted)
        let serverUs = serverMs * 1000 / Double(counted)
        let waits = statements * roundTrip
        say("  where one checkout's time goes (1 client, \(counted) checkouts, \(fmt(perCheckout)) µs each):")
        say("    statements sent (BEGIN and COMMIT included): \(fmt(statements)); at \(fmt(roundTrip)) µs a round trip: \(fmt(waits)) µs (\(fmt(waits / perCheckout * 100, 0)) %)")
        say("    the server executing them: \(fmt(serverUs)) µs (\(fmt(serverUs / perCheckout * 100, 0)) %); the rest (the engine, the seam, the driver): \(fmt(max(0, perCheckout - waits - serverUs))) µs")
        say("    the server's costliest statements (calls per checkout, µs per call):")
        for t in top {
            let sql = t.sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            say("      \(fmt(Double(t.calls) / Double(counted))) × \(fmt(t.ms * 1000 / Double(t.calls))) µs: \(sql.prefix(110))")
        }
    }

    /// One poller cycle with the due payments, at 10,000 orders and (full run) 1,000,000.
    func poller() async throws {
        let due = quick ? 100 : 1_000
        var cycles: [(orders: Int, ms: Double, payments: Int)] = []
        for orders in quick ? [10_000] : [10_000, 1_000_000] {
            let name = "poll_\(orders)"
            try server.createDatabase(name)
            let url = "postgres://postgres@127.0.0.1:\(server.port)/\(name)"
            try stores.create(url, cashiers: [("cashier", benchTerminal)], clerk: orders == 1_000_000)
            let seeding = try seconds { _ = try seedOrders(server.location(name), count: orders) }
            let engine = try postgresEngine(url, terminal: benchTerminal, sandbox: "pg-\(name)")
            let (t, n) = try await pollerCycle(engine, due: due)
            cycles.append((orders, t * 1000, n))
            say("  poller cycle, \(n) due payments, \(orders) orders: \(fmt(t * 1000)) ms (orders written in \(fmt(seeding, 1)) s)")
            if orders == 1_000_000 { largeStore = server.location(name) }
        }
        if cycles.count == 2 { say("    ratio 1,000,000 / 10,000 orders: \(fmt(cycles[1].ms / cycles[0].ms, 2))") }
    }

    /// The console on the million-order store (full run, once the checkouts ran on PostgreSQL).
    func console() async throws {
        guard let large = largeStore, checkoutsWorked else { return }
        let url = "postgres://postgres@127.0.0.1:\(server.port)/\(large.database)"
        let engine = try stores.engine(url, terminal: "bench-console", sandbox: "\(root)/pg-console.sandbox.sqlite", receipts: true)
        say("  (console on PostgreSQL, one round trip \(fmt(roundTrip)) µs)")
        ConsoleBench(engine: engine, user: "clerk", pin: "2222").run()
    }

    func postgresEngine(_ url: String, terminal: String, sandbox: String) throws -> Engine {
        try stores.engine(url, terminal: terminal, sandbox: "\(root)/\(sandbox).sqlite", receipts: false)
    }
}

/// Pays each order in cash as `operatorName`, one checkout each.
func payCash(_ engine: Engine, _ orders: [(Int64, Int64)], operatorName: String) async throws {
    for (id, amount) in orders {
        let s = try await engine.pay(PaymentPlan(orderIds: [id], cash: amount, operatorName: operatorName))
        precondition(s.checkout.state == .succeeded)
    }
}

/// `count` unpaid orders written straight into the tables by the server (as `Store.insertOrders`
/// writes them: one line each, the same numbers, types and customers as the SQLite bench's), then
/// analysed; returns them as (id, amount), oldest first.
func seedOrders(_ location: PostgresLocation, count: Int) throws -> [(Int64, Int64)] {
    let db = PostgresDatabase(location, connections: 1)
    defer { db.close() }
    try db.write { x in
        let customer = "CASE WHEN i % 2 = 0 THEN '王小明' || (i % 97) ELSE 'Customer ' || (i % 89) END"
        try x.execute("INSERT INTO order_types (name) VALUES ('goods'), ('service'), ('deposit') ON CONFLICT DO NOTHING", [])
        try x.execute(SQLStatement("""
            INSERT INTO orders (number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
            SELECT 'B' || lpad(i::text, 9, '0'), (ARRAY['goods', 'service', 'deposit'])[i % 3 + 1], \(customer), lower(\(customer)),
                   100 + i % 10000, 'CNY', 'unpaid', t, t
            FROM generate_series(0, ? - 1) AS i, (SELECT (extract(epoch FROM now()) * 1000)::bigint AS t) AS clock
            """), [.integer(Int64(count))])
        try x.execute("INSERT INTO order_lines (order_id, name, quantity, unit_price) SELECT id, 'item', 1, amount FROM orders", [])
    }
    _ = try db.autocommit { x throws(SQLError) in try x.execute("VACUUM ANALYZE", []) }
    guard count <= 10_000 else { return [] }
    return try db.read { x in try x.rows("SELECT id, amount FROM orders ORDER BY id", []).map { (try $0.get("id"), try $0.get("amount")) } }
}
