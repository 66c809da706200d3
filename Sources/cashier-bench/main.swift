import CashierCore
import CashierEngine
import CashierStore
import Foundation
import GRDBSQLite
import PaymentPlatform

// Prints figures, never asserts: run with `swift run -c release cashier-bench [--quick] [--payments] [--statements] [--reconcile] [--postgres]`
// (`--profile-cash` or `--profile-settled` only pay, for a profiler such as callgrind).
let quick = CommandLine.arguments.contains("--quick")
let root = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: root) }

/// `--page-size N`: the bench's stores are made with N-byte pages instead of SQLite's 4,096 (an
/// experiment: the store itself always takes SQLite's default).
let pageSize = CommandLine.arguments.firstIndex(of: "--page-size").map { Int(CommandLine.arguments[$0 + 1])! }

// The bench's SQLite stores are opened here (PostgresBench.swift opens its PostgreSQL ones): the
// engine gives front ends no store, the bench needs one to seed orders and to count statements.

/// A fresh store and sandbox with `orders` unpaid orders and the cashier's shift open at the
/// bench's counter (counter payments take money into a drawer). `receipts: false` runs no
/// receipts worker, for counting and profiling the payment alone; `tally` counts its statements.
func makeEngine(at path: String, orders: Int, receipts: Bool = true, tally: StatementTally? = nil) throws -> Engine {
    if let size = pageSize { emptyDatabase(path + ".sqlite", pageSize: size) }
    let store = try Store(path: path + ".sqlite", mode: .createIfMissing)
    let sandbox = try SandboxPlatform(path: path + ".sandbox.sqlite")
    var config = EngineConfig(timeScale: TimeScale(1))
    config.terminal = benchTerminal
    config.receipts.enabled = receipts
    let engine = Engine(store: store, platform: sandbox, config: config)
    try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: 1_000)
    _ = try store.openShift(terminal: benchTerminal, operatorName: "cashier", float: 0)
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
    if let tally { try store.traceStatements { sql in tally.add(sql) } }
    return engine
}

/// An engine on the store at `path` (made by `makeEngine(at:)`), at the same counter with the
/// receipts worker on: it writes the receipts the payments there left pending.
func receiptsWorker(at path: String) throws -> Engine {
    var config = EngineConfig(timeScale: TimeScale(1))
    config.terminal = benchTerminal
    return Engine(store: try Store(path: path + ".sqlite"), platform: try SandboxPlatform(path: path + ".sandbox.sqlite"), config: config)
}

/// The PostgreSQL part's stores (PostgresBench.swift, which leaves CashierStore to this file): kept
/// to be closed at the end, since PostgresNIO asserts that a connection is closed before it goes.
final class OpenedStores: @unchecked Sendable {
    private let lock = NSLock()
    private var stores: [Store] = []

    private func open(_ url: String, mode: Store.OpenMode) throws -> Store {
        let store = try Store(path: url, mode: mode)
        lock.withLock { stores.append(store) }
        return store
    }

    /// Makes the store at `url` with each cashier's shift open at its terminal (and the console
    /// bench's `clerk`, without a shift, when asked).
    func create(_ url: String, cashiers: [(name: String, terminal: String)], clerk: Bool = false) throws {
        let store = try open(url, mode: .createIfMissing)
        for (name, terminal) in cashiers {
            try store.addUser(name: name, role: .cashier, pin: "1111", rounds: 1_000)
            _ = try store.openShift(terminal: terminal, operatorName: name, float: 0)
        }
        if clerk { try store.addUser(name: "clerk", role: .cashier, pin: "2222", rounds: 1_000) }
    }

    /// An engine of its own (its own store, so its own connection pool) at `terminal`.
    func engine(_ url: String, terminal: String, sandbox: String, receipts: Bool) throws -> Engine {
        var config = EngineConfig(timeScale: TimeScale(1))
        config.terminal = terminal
        config.receipts.enabled = receipts
        return Engine(store: try open(url, mode: .existing), platform: try SandboxPlatform(path: sandbox), config: config)
    }

    func closeAll() { for store in lock.withLock({ stores }) { store.close() } }
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

func makeEngine(_ name: String, orders: Int, receipts: Bool = true, tally: StatementTally? = nil) throws -> Engine {
    try makeEngine(at: "\(root)/\(name)", orders: orders, receipts: receipts, tally: tally)
}

// For a profiler: nothing but cash (or settled cash + code) payments through the engine, no receipts worker.
for (flag, settled) in [("--profile-cash", false), ("--profile-settled", true)] where CommandLine.arguments.contains(flag) {
    let n = quick ? 2_000 : 20_000
    let e = try makeEngine("profile", orders: n, receipts: false)
    _ = try await settled ? settledPayments(e, try unpaid(e, n)) : cashPayments(e, try unpaid(e, n))
    exit(0)
}

/// 6. Orders in (issue 11): the API's create rate beside /health's in the same run, and a CSV import
/// beside the bulk insert `cashier demo` uses (`Store.insertOrders`, 50,000 orders a transaction).
func orderFigures() async throws {
    let apiOrders = quick ? 300 : 5_000
    let (createRate, healthRate) = try await apiCreateRates(try makeEngine("api", orders: 0), orders: apiOrders)
    say("Orders in over HTTP, 8 concurrent clients, \(apiOrders) requests each: POST /v1/orders \(fmt(createRate)) orders/s; "
        + "GET /health \(fmt(healthRate)) requests/s (ratio \(fmt(createRate / healthRate, 2)))")
    let n = quick ? 10_000 : 1_000_000
    let csv = "\(root)/import.csv"
    try writeImportFile(csv, orders: n)
    let (parse, store) = try importFile(try makeEngine("import", orders: 0), path: csv)
    let bulk = try Store(path: "\(root)/bulk.sqlite", mode: .createIfMissing)
    let now = bulk.clock.now()
    let insert = try seconds {
        for start in stride(from: 0, to: n, by: 50_000) {
            try bulk.insertOrders((start..<min(n, start + 50_000)).map { i in
                NewOrder(number: String(format: "IMP%09d", i), type: "fees", customer: "Customer \(i % 89)", currency: .cny,
                         lines: [(name: "Term fee", quantity: 1, unitPrice: Int64(10_000 + i % 900 * 100)), (name: "Books", quantity: 2, unitPrice: 1_250)],
                         createdAt: now)
            })
        }
    }
    say("CSV import of \(n) orders (two lines each, one transaction): \(fmt(parse + store, 2)) s = \(fmt(Double(n) / (parse + store), 0)) orders/s "
        + "(reading and checking the file \(fmt(parse, 2)) s, storing \(fmt(store, 2)) s)")
    say("  cashier demo's bulk insert of the same orders: \(fmt(insert, 2)) s = \(fmt(Double(n) / insert, 0)) orders/s (import ratio \(fmt(insert / (parse + store), 2)))")
}
if CommandLine.arguments.contains("--orders") {  // the order figures only
    try await orderFigures()
    exit(0)
}

/// The reconciliation figures, on a store of their own.
func reconciliationFigures() async throws {
    let engine = try makeEngine("recon", orders: 1, receipts: false)
    try await reconcileBench(count: quick ? 10_000 : 100_000, engine: engine, folder: root) { trades, refunds, platform in
        seedReconDay(path: "\(root)/recon.sqlite", trades: trades, refunds: refunds, platform: platform)
    }
}

// Only the reconciliation figures (they need no other part of the run).
if CommandLine.arguments.contains("--reconcile") {
    try await reconciliationFigures()
    exit(0)
}

// Only the PostgreSQL figures (PostgresBench.swift: a server of their own, or a line saying why not).
if CommandLine.arguments.contains("--postgres") {
    if #available(macOS 15, *) { await postgresFigures(quick: quick, root: root) }
    exit(0)
}

say("Cashier benchmark (\(quick ? "quick" : "full") run)\n")

// 1. Settled payments per second, end to end. The payments' receipts (numbered in their
// transactions) are written afterwards by a receipts worker on the same store, timed apart: the
// app's worker does that in the background, off the payment's path.
let payments = quick ? 200 : 2_000
let payEngine = try makeEngine("pay", orders: payments, receipts: false)
let payTime = try await settledPayments(payEngine, try unpaid(payEngine, payments))
let payWorker = try receiptsWorker(at: "\(root)/pay")
let payReceipts = await secondsAsync { await payWorker.flushReceipts() }
// Each payment commits twice in the store (checkout, settlement) and once in the sandbox.
let commitsPerPayment = 3
let rawTime = rawCommits(payments * commitsPerPayment, path: "\(root)/raw.sqlite")
let engineRate = Double(payments) / payTime
let rawRate = Double(payments * commitsPerPayment) / rawTime
say("Settled payments (cash + online code, one order each): \(payments) in \(fmt(payTime, 2)) s = \(fmt(engineRate)) payments/s")
say("  engine commits/s: \(fmt(engineRate * Double(commitsPerPayment)))   raw SQLite C API commits/s: \(fmt(rawRate))   ratio per commit: \(fmt(engineRate * Double(commitsPerPayment) / rawRate, 2))")
say("  their receipts, written afterwards by the receipts worker: \(fmt(payReceipts * 1e6 / Double(payments))) µs each")

// 1b. Cash payments: one store commit each, the engine's floor.
let cashEngine = try makeEngine("cash", orders: payments, receipts: false)
let cashTime = try await cashPayments(cashEngine, try unpaid(cashEngine, payments))
let cashWorker = try receiptsWorker(at: "\(root)/cash")
let cashReceipts = await secondsAsync { await cashWorker.flushReceipts() }
let cashRate = Double(payments) / cashTime
say("Cash payments (one commit each): \(fmt(cashRate)) payments/s = \(fmt(1e6 / cashRate)) µs each; raw commit \(fmt(1e6 / rawRate)) µs; ratio \(fmt(cashRate / rawRate, 2))")
let minimalRate = Double(payments) / rawMinimalPayments(payments, path: "\(root)/raw-payments.sqlite")
say("  raw SQLite minimal cash payment (order CAS + detail + audit row, one commit): \(fmt(minimalRate)) payments/s = \(fmt(1e6 / minimalRate)) µs; engine ratio \(fmt(cashRate / minimalRate, 2))")
say("  their receipts, written afterwards by the receipts worker: \(fmt(cashReceipts * 1e6 / Double(payments))) µs each")
// The same with the app's receipts worker running beside the payments (it shares the writer and the cores).
let besideEngine = try makeEngine("beside", orders: payments)
let besideTime = try await cashPayments(besideEngine, try unpaid(besideEngine, payments))
let besideDrain = await secondsAsync { await besideEngine.flushReceipts() }
say("  with the receipts worker running beside them: \(fmt(besideTime * 1e6 / Double(payments))) µs each; its last receipt written \(fmt(besideDrain * 1000)) ms after the last payment")

// 1c. Statements per checkout, counted on the store's connections (no receipts worker running).
let tally = StatementTally()
let counted = try makeEngine("count", orders: 40, receipts: false, tally: tally)
let countOrders = try unpaid(counted, 40)
_ = tally.take()
_ = try await cashPayments(counted, Array(countOrders.prefix(20)))
let cashStatements = tally.take()
_ = try await settledPayments(counted, Array(countOrders.suffix(20)))
let settledStatements = tally.take()
let (cs, ct) = cashStatements.split, (ss, st) = settledStatements.split
say("Statements per payment in the store (BEGIN/COMMIT included), and trigger programs they fired:")
say("  cash: \(fmt(Double(cs) / 20)) (+\(fmt(Double(ct) / 20)) triggers); cash + online code, settled: \(fmt(Double(ss) / 20)) (+\(fmt(Double(st) / 20)) triggers)")
if CommandLine.arguments.contains("--statements") {
    say("  one cash payment:")
    for sql in cashStatements.prefix(cashStatements.count / 20) { say("    " + sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")) }
}

// 1d. WAL frames per commit: 20 payments of each kind on fresh stores (see WalFrames.swift).
let keepIndex = CommandLine.arguments.firstIndex(of: "--keep-wal")
let keep = keepIndex.map { CommandLine.arguments[$0 + 1] }
let framesCash = try makeEngine("frames-cash", orders: 20, receipts: false)
_ = try await cashPayments(framesCash, try unpaid(framesCash, 20))
let framesSettled = try makeEngine("frames-settled", orders: 20, receipts: false)
_ = try await settledPayments(framesSettled, try unpaid(framesSettled, 20), codeOffset: 500_000)
let page = pageSize ?? 4096
say("WAL frames per store commit (\(page)-byte pages): cash \(fmt(walFrames(path: "\(root)/frames-cash.sqlite", commits: 20, pageSize: page, keep: keep))); "
    + "settled cash + code \(fmt(walFrames(path: "\(root)/frames-settled.sqlite", commits: 40, pageSize: page, keep: keep))) (2 store commits each)")

if CommandLine.arguments.contains("--payments") { exit(0) }  // the payment figures only

// 2. One poller cycle with 1,000 due payments, small store vs a million orders.
let dueCount = quick ? 200 : 1_000
func pollerCycle(orders: Int) async throws -> (Double, Int) {
    try await pollerCycle(try makeEngine("poll-\(orders)", orders: orders), due: dueCount)
}
let small = 10_000
let large = quick ? 50_000 : 1_000_000
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
let depth = large / 20
let deep = try big.orders(OrderFilter(limit: depth)).last!.id
try timed("a page \(depth) orders deep (keyset)", OrderFilter(beforeId: deep, limit: 50))
try timed("filter type=deposit status=unpaid", OrderFilter(type: "deposit", statuses: [.unpaid], limit: 50))
let prefix = quick ? "B00001" : "B00012"  // numbers run B000000000 up: a prefix that matches at either size
try timed("search number prefix \(prefix)", OrderFilter(search: prefix, limit: 50))
try timed("search common surname 王", OrderFilter(search: "王", limit: 50))
try timed("search rare customer \"customer 7\"", OrderFilter(search: "customer 7", limit: 50))
try timed("search with no match", OrderFilter(search: "nobody", limit: 50))

// 4. The console on the large store, at a terminal of its own with a cashier who has no shift yet.
let consoleStore = try Store(path: "\(root)/poll-\(large).sqlite")
try consoleStore.addUser(name: "clerk", role: .cashier, pin: "2222", rounds: 1_000)
var consoleConfig = EngineConfig(timeScale: TimeScale(1))
consoleConfig.terminal = "bench-console"
let consoleEngine = Engine(store: consoleStore, platform: try SandboxPlatform(path: "\(root)/poll-\(large).sandbox.sqlite"),
                           config: consoleConfig)
ConsoleBench(engine: consoleEngine, user: "clerk", pin: "2222").run()

// 5. Reconciliation: a day of trades and refunds reconciled, beside only reading and parsing the bill (ReconcileBench.swift).
try await reconciliationFigures()

try await orderFigures()

// 7. PostgreSQL: the same engine on a throwaway server of the bench's own, beside that server's floor.
if #available(macOS 15, *) { await postgresFigures(quick: quick, root: root) }
