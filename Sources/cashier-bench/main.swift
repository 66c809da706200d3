import CashierCore
import CashierEngine
import CashierStore
import Foundation
import GRDBSQLite
import PaymentPlatform

// Prints figures, never asserts: run with `swift run -c release cashier-bench [--quick]`.
let quick = CommandLine.arguments.contains("--quick")
let root = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: root) }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func secondsAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

func makeEngine(_ name: String, orders: Int) throws -> Engine {
    let store = try Store(path: "\(root)/\(name).sqlite", mode: .createIfMissing)
    let sandbox = try SandboxPlatform(path: "\(root)/\(name).sandbox.sqlite")
    let engine = Engine(store: store, platform: sandbox, config: EngineConfig(timeScale: TimeScale(1)))
    try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: 1_000)
    var batch: [NewOrder] = []
    let now = store.clock.now()
    for i in 0..<orders {
        batch.append(NewOrder(number: String(format: "B%09d", i), type: ["goods", "service", "deposit"][i % 3],
                              customer: i % 2 == 0 ? "王小明\(i % 97)" : "Customer \(i % 89)", currency: .cny,
                              lines: [(name: "item", quantity: 1, unitPrice: Int64(100 + i % 10_000))], createdAt: now))
        if batch.count == 50_000 { try store.insertOrders(batch); batch.removeAll(keepingCapacity: true) }
    }
    try store.insertOrders(batch)
    try store.checkpoint()
    return engine
}

/// The same number of commits as the engine made, each a one-row insert: SQLite's floor.
func rawCommits(_ count: Int) throws -> Double {
    var db: OpaquePointer?
    guard sqlite3_open("\(root)/raw.sqlite", &db) == SQLITE_OK else { fatalError("open") }
    defer { sqlite3_close(db) }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)", nil, nil, nil)
    var stmt: OpaquePointer?
    sqlite3_prepare_v2(db, "INSERT INTO t (v) VALUES (?)", -1, &stmt, nil)
    defer { sqlite3_finalize(stmt) }
    return seconds {
        for i in 0..<count {
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            sqlite3_bind_int64(stmt, 1, Int64(i))
            sqlite3_step(stmt)
            sqlite3_reset(stmt)
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
    }
}

if CommandLine.arguments.contains("--profile-cash") {
    // For a profiler: nothing but cash payments through the engine.
    let e = try makeEngine("profile", orders: 20_000)
    for o in try e.orders(OrderFilter(statuses: [.unpaid], limit: 20_000)) {
        _ = try await e.pay(PaymentPlan(orderIds: [o.id], cash: o.amount.minor, operatorName: "cashier"))
    }
    exit(0)
}

say("Cashier benchmark (\(quick ? "quick" : "full") run)\n")

// 1. Settled payments per second, end to end.
let payments = quick ? 300 : 2_000
let payEngine = try makeEngine("pay", orders: payments)
let ids = try payEngine.orders(OrderFilter(statuses: [.unpaid], limit: payments)).map { ($0.id, $0.amount.minor) }
let commitsBefore = try payEngine.auditCount()
let payTime = try await secondsAsync {
    for (n, (id, amount)) in ids.enumerated() {
        let code = "28" + String(format: "%015d", n) + "0"
        let cash = amount / 3
        let s = try await payEngine.pay(PaymentPlan(orderIds: [id], cash: cash, online: amount - cash, onlineMode: .code(code), operatorName: "cashier"))
        precondition(s.checkout.state == .succeeded)
    }
}
// Each payment commits twice in the store (checkout, settlement) and once in the sandbox.
let commitsPerPayment = 3
_ = commitsBefore
let rawTime = try rawCommits(payments * commitsPerPayment)
let engineRate = Double(payments) / payTime
let rawRate = Double(payments * commitsPerPayment) / rawTime
say("Settled payments (cash + online code, one order each): \(payments) in \(fmt(payTime, 2)) s = \(fmt(engineRate)) payments/s")
say("  engine commits/s: \(fmt(engineRate * Double(commitsPerPayment)))   raw SQLite C API commits/s: \(fmt(rawRate))   ratio per commit: \(fmt(engineRate * Double(commitsPerPayment) / rawRate, 2))")

/// A cash payment with the minimal SQL a hand-written program would use: mark the order paid
/// (compare-and-set), write one payment detail and one audit row, in one IMMEDIATE transaction.
func rawMinimalPayments(_ count: Int) throws -> Double {
    var db: OpaquePointer?
    guard sqlite3_open("\(root)/raw-payments.sqlite", &db) == SQLITE_OK else { fatalError("open") }
    defer { sqlite3_close(db) }
    sqlite3_exec(db, """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE orders (id INTEGER PRIMARY KEY, amount INTEGER, status TEXT, paid INTEGER);
        CREATE TABLE details (id INTEGER PRIMARY KEY, order_id INTEGER, method TEXT, amount INTEGER);
        CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER, action TEXT, amount INTEGER);
        """, nil, nil, nil)
    sqlite3_exec(db, "BEGIN", nil, nil, nil)
    for i in 0..<count { sqlite3_exec(db, "INSERT INTO orders VALUES (\(i + 1), 1000, 'unpaid', 0)", nil, nil, nil) }
    sqlite3_exec(db, "COMMIT", nil, nil, nil)
    var update: OpaquePointer?, detail: OpaquePointer?, audit: OpaquePointer?
    sqlite3_prepare_v2(db, "UPDATE orders SET status = 'paid', paid = amount WHERE id = ? AND status = 'unpaid'", -1, &update, nil)
    sqlite3_prepare_v2(db, "INSERT INTO details (order_id, method, amount) VALUES (?, 'cash', 1000)", -1, &detail, nil)
    sqlite3_prepare_v2(db, "INSERT INTO audit (at, action, amount) VALUES (?, 'payment', 1000)", -1, &audit, nil)
    defer { sqlite3_finalize(update); sqlite3_finalize(detail); sqlite3_finalize(audit) }
    return seconds {
        for i in 0..<count {
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for stmt in [update, detail, audit] {
                sqlite3_bind_int64(stmt, 1, Int64(i + 1))
                sqlite3_step(stmt)
                sqlite3_reset(stmt)
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
    }
}

// 1b. Cash payments: one store commit each, the engine's floor.
let cashEngine = try makeEngine("cash", orders: payments)
let cashIds = try cashEngine.orders(OrderFilter(statuses: [.unpaid], limit: payments)).map { ($0.id, $0.amount.minor) }
let cashTime = try await secondsAsync {
    for (id, amount) in cashIds {
        _ = try await cashEngine.pay(PaymentPlan(orderIds: [id], cash: amount, operatorName: "cashier"))
    }
}
let cashRate = Double(payments) / cashTime
say("Cash payments (one commit each): \(fmt(cashRate)) payments/s = \(fmt(1e6 / cashRate)) µs each; raw commit \(fmt(1e6 / rawRate)) µs; ratio \(fmt(cashRate / rawRate, 2))")
let minimalRate = Double(payments) / (try rawMinimalPayments(payments))
say("  raw SQLite minimal cash payment (order CAS + detail + audit row, one commit): \(fmt(minimalRate)) payments/s = \(fmt(1e6 / minimalRate)) µs; engine ratio \(fmt(cashRate / minimalRate, 2))")

// 2. One poller cycle with 1,000 due payments, small store vs a million orders.
func pollerCycle(orders: Int) async throws -> (Double, Int) {
    let engine = try makeEngine("poll-\(orders)", orders: orders)
    let due = try engine.orders(OrderFilter(statuses: [.unpaid], limit: 1_000))
    for (n, o) in due.enumerated() {
        // "User paying" with a long wait: every cycle queries and reschedules all of them.
        let code = "13" + String(format: "%015d", n) + "4"
        _ = try await engine.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: .code(code), operatorName: "cashier"))
    }
    try await Task.sleep(nanoseconds: 3_100_000_000)  // the first query is due after 3 s
    var report = PollReport()
    let t = await secondsAsync { report = await engine.pollOnce(limit: 1_000) }
    return (t, report.payments)
}
let small = quick ? 10_000 : 10_000
let large = quick ? 100_000 : 1_000_000
let (tSmall, nSmall) = try await pollerCycle(orders: small)
let (tLarge, nLarge) = try await pollerCycle(orders: large)
say("Poller cycle, \(nSmall) due payments, \(small) orders: \(fmt(tSmall * 1000)) ms")
say("Poller cycle, \(nLarge) due payments, \(large) orders: \(fmt(tLarge * 1000)) ms   (ratio \(fmt(tLarge / tSmall, 2)))")

// 3. Listing and search at a million orders (the large store above).
let big = try Store(path: "\(root)/poll-\(large).sqlite")
func timed(_ label: String, _ filter: OrderFilter, repeat n: Int = 20) throws {
    var rows = 0
    let t = try seconds { for _ in 0..<n { rows = try big.orders(filter).count } }
    say("  \(label): \(fmt(t / Double(n) * 1000, 2)) ms (\(rows) rows)")
}
say("Orders at \(large) orders (mean of 20):")
try timed("first page of unpaid", OrderFilter(statuses: [.unpaid], limit: 50))
let deep = try big.orders(OrderFilter(limit: 50_000)).last!.id
try timed("a page 50,000 orders deep (keyset)", OrderFilter(beforeId: deep, limit: 50))
try timed("filter type=deposit status=unpaid", OrderFilter(type: "deposit", statuses: [.unpaid], limit: 50))
try timed("search number prefix B00012", OrderFilter(search: "B00012", limit: 50))
try timed("search common surname 王", OrderFilter(search: "王", limit: 50))
try timed("search rare customer \"customer 7\"", OrderFilter(search: "customer 7", limit: 50))
try timed("search with no match", OrderFilter(search: "nobody", limit: 50))

// 4. The console on the large store.
let consoleStore = try Store(path: "\(root)/poll-\(large).sqlite")
let consoleEngine = Engine(store: consoleStore, platform: try SandboxPlatform(path: "\(root)/poll-\(large).sandbox.sqlite"),
                           config: EngineConfig(timeScale: TimeScale(1)))
ConsoleBench(engine: consoleEngine).run()

// 5. Reconciliation: a day of trades and refunds matched, beside only parsing the bill (ReconcileBench.swift).
reconcileBench(count: quick ? 10_000 : 100_000)
