import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import PaymentPlatform
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// A store, a sandbox and an engine on temporary files, all on one hand-driven clock.
/// Time scale 0.01: a 60 s payment window is 600 ms of the manual clock. The store is an SQLite
/// file, or with `CASHIER_TEST_BACKEND=postgres` a database of its own on the test server.
final class World: @unchecked Sendable {
    let dir: String
    /// The store's path or postgres:// URL: every process of this world opens it.
    let storeAddress: String
    private let postgresDatabase: PostgresLocation?
    let clock = ManualClock()
    let scale = TimeScale(0.01)
    var store: Store
    var sandbox: SandboxPlatform
    var engine: Engine

    static let pinRounds = 1_000

    /// Which kinds the sandbox serves: every kind, or (`bothPlatforms`) Alipay and WeChat as a
    /// store configured with `[platform.alipay]` and `[platform.wechat]` routes them (UnionPay refused).
    let kinds: [PlatformKind]

    init(orders: [(String, String, Int64)] = World.defaultOrders, openShifts: Bool = true, bothPlatforms: Bool = false) throws {
        kinds = bothPlatforms ? [.alipay, .wechat] : PlatformKind.allCases
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        (storeAddress, postgresDatabase) = try TestBackend.storeAddress(sqlitePath: dir + "/store.sqlite") { url in
            _ = try Store.initialize(at: url)
        }
        store = try Store(path: storeAddress, mode: .createIfMissing, clock: clock, filesFolder: dir)
        sandbox = try SandboxPlatform(path: dir + "/sandbox.sqlite", clock: clock, timeScale: scale)
        engine = Engine(store: store, routes: World.routes(sandbox, kinds), config: EngineConfig(timeScale: scale), session: "test-1")
        try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: World.pinRounds)
        try store.addUser(name: "alice", role: .cashier, pin: "2222", rounds: World.pinRounds)
        try store.addUser(name: "supervisor", role: .supervisor, pin: "9999", rounds: World.pinRounds)
        // Counter payments need an open shift: each cashier has one, on their own terminal.
        if openShifts {
            _ = try store.openShift(terminal: "till-1", operatorName: "cashier", float: 50_000)
            _ = try store.openShift(terminal: "till-2", operatorName: "alice", float: 50_000)
        }
        try store.addCoupon(code: "GIFT50", value: Money(minor: 5_000, currency: .cny), expiresAt: clock.now() + 86_400_000)
        try store.addCoupon(code: "OLD", value: Money(minor: 1_000, currency: .cny), expiresAt: clock.now() - 1)
        try store.insertOrders(orders.map { number, type, amount in
            NewOrder(number: number, type: type, customer: number.hasPrefix("G") ? "王小明" : "Zoë Müller", currency: .cny,
                     lines: [(name: "item", quantity: 1, unitPrice: amount)], createdAt: clock.now())
        })
    }

    static let defaultOrders: [(String, String, Int64)] = [
        ("G001", "goods", 10_000), ("S002", "service", 3_333), ("M003", "membership", 29_900),
        ("D004", "deposit", 50_000), ("G005", "goods", 1), ("G006", "goods", 99_999),
    ]

    // A PostgreSQL world's database is dropped by `close()`, never here: an engine this world
    // handed out may outlive it (`World().engine.…`), and the test server goes with the process.
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Every store, sandbox and engine this world opened besides the current ones (other processes,
    /// restarted ones): `close()` closes them all.
    private var opened: [(Store, SandboxPlatform, Engine)] = []
    private let openedLock = NSLock()

    private func remember(_ s: Store, _ p: SandboxPlatform, _ e: Engine) {
        openedLock.withLock { opened.append((s, p, e)) }
    }

    /// Waits for every engine's background receipts, then closes every file this world opened, now:
    /// thousands of worlds in one run would otherwise hold their files until the last reference goes.
    /// Only when the test is done with the world (a deinit could come while an engine it handed out
    /// is still in use, so it does not close).
    func close() {
        let all = openedLock.withLock { defer { opened = [] }; return opened } + [(store, sandbox, engine)]
        for (_, _, e) in all { e.receiptQueue.drain() }
        for (s, p, _) in all { s.close(); p.close() }
        if let postgresDatabase, let server = try? PostgresTestServer.shared() { server.drop(postgresDatabase) }
    }

    /// A second process on the same files: its own connections and session (closed with the world).
    func otherProcess(session: String) throws -> Engine {
        let s = try Store(path: storeAddress, mode: .existing, clock: clock, filesFolder: dir)
        let p = try SandboxPlatform(path: dir + "/sandbox.sqlite", clock: clock, timeScale: scale)
        let e = Engine(store: s, routes: World.routes(p, kinds), config: EngineConfig(timeScale: scale), session: session)
        remember(s, p, e)
        return e
    }

    /// Restart: the same files, new connections, a new session (as after kill -9; the old
    /// connections are closed with the world).
    func restart() throws {
        remember(store, sandbox, engine)
        store = try Store(path: storeAddress, mode: .existing, clock: clock, filesFolder: dir)
        sandbox = try SandboxPlatform(path: dir + "/sandbox.sqlite", clock: clock, timeScale: scale)
        engine = Engine(store: store, routes: World.routes(sandbox, kinds), config: EngineConfig(timeScale: scale),
                        session: "test-\(UUID().uuidString.prefix(6))")
    }

    static func routes(_ p: any PaymentPlatform, _ kinds: [PlatformKind]) -> PlatformRoutes {
        PlatformRoutes(Dictionary(uniqueKeysWithValues: kinds.map { ($0, p) }))
    }

    func id(_ number: String) throws -> Int64 { try store.order(number: number)!.id }
    func order(_ number: String) throws -> OrderRecord { try store.order(number: number)! }

    /// Advances the clock and runs poller cycles until nothing is due now.
    func settle(advanceSeconds: Double = 0) async {
        if advanceSeconds > 0 { clock.advance(seconds: advanceSeconds) }
        for _ in 0..<20 {
            let r = await engine.pollOnce()
            if r.total == 0 { break }
        }
    }

    /// Runs the clock forward in small steps until no payment or refund is unfinished.
    func drain() async {
        for _ in 0..<400 {
            if store.nextDueTime() == nil { return }
            clock.advance(seconds: 0.05)
            _ = await engine.pollOnce()
        }
    }

    func violations() throws -> [String] { try store.checkInvariants().map(\.description) }

    /// Payment codes that choose the sandbox's behaviour by their last digit.
    static func wechat(_ behaviour: Int, _ n: Int = 0) -> String { "13" + String(format: "%015d", n) + String(behaviour) }
    static func alipay(_ behaviour: Int, _ n: Int = 0) -> String { "28" + String(format: "%015d", n) + String(behaviour) }
    static func unionpay(_ behaviour: Int, _ n: Int = 0) -> String { "62" + String(format: "%016d", n) + String(behaviour) }
}

/// Raw SQL probes through the seam, so that a test reads the same on either backend.
extension World {
    func sqlValues<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ values: any SQLBindable...) throws -> [T] {
        try store.read { x in try x.rows(SQLStatement(sql), values.map(\.sqlValue)).map { try $0.get(at: 0, as: T.self) } }
    }

    func sqlValue<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ values: any SQLBindable...) throws -> T? {
        try store.read { x in try x.rows(SQLStatement(sql), values.map(\.sqlValue)).first?.get(at: 0, as: T.self) }
    }

    func sqlRows(_ sql: String, _ values: any SQLBindable...) throws -> [SQLRow] {
        try store.read { x in try x.rows(SQLStatement(sql), values.map(\.sqlValue)) }
    }

    func sqlExecute(_ sql: String, _ values: any SQLBindable...) throws {
        try store.write { x in _ = try x.execute(SQLStatement(sql), values.map(\.sqlValue)) }
    }
}

extension Trait where Self == ConditionTrait {
    /// A test of SQLite's own file, plans or error types: skipped, saying so, when the suites run on PostgreSQL.
    static var sqliteOnly: Self {
        .enabled(if: TestBackend.current == .sqlite, "probes SQLite itself (its file, its plans or its error types)")
    }
}

extension Store {
    /// Rows read through the seam, as GRDB rows, for the tests that recompute figures by column name.
    func probeRows(_ sql: String) throws -> [Row] {
        try read { x in
            try x.rows(SQLStatement(sql), []).map { r in
                Row(Dictionary(uniqueKeysWithValues: zip(r.columns, r.values.map { v -> (any DatabaseValueConvertible)? in
                    switch v {
                    case .null: return nil
                    case .integer(let i): return i
                    case .text(let t): return t
                    case .blob(let b): return Data(b)
                    }
                })))
            }
        }
    }
}
