import Foundation
import PostgresTestSupport
import Testing

/// Runs the real `cashier` binary (built beside this test bundle) on a temporary store.
final class CLI: @unchecked Sendable {
    let dir: String
    let store: String
    /// The terminal this CLI stands at (CASHIER_TERMINAL).
    let terminal: String
    /// Set by `configureBothPlatforms`: the config.toml every command of this test reads.
    var configPath: String?
    /// More environment for every command (a platform's address, say).
    var extraEnvironment: [String: String] = [:]
    /// The PostgreSQL database and gateway this CLI shares with the other hosts of its world
    /// (`CASHIER_TEST_BACKEND=postgres`, no store named); nil on SQLite.
    let world: PostgresWorld?

    static let binary: String = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            let candidate = url.deletingLastPathComponent().appendingPathComponent("cashier").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return "cashier"
    }()

    /// A temporary folder of its own (standing for a host). The store is `store` if named (a
    /// postgres:// URL that several hosts share, say); else on the `backend` the tests run on, an
    /// SQLite file in the folder or a `PostgresWorld` of its own.
    init(store: String? = nil, terminal: String = "test-till", backend: TestBackend = .current) {
        dir = CLI.newFolder()
        world = store == nil && backend == .postgres ? PostgresWorld.make() : nil
        self.store = store ?? world?.url ?? dir + "/store.sqlite"
        self.terminal = terminal
    }

    /// Another host of `other`'s store: a folder (files, config) and terminal of its own, the
    /// same store and, on PostgreSQL, the same gateway.
    init(hostOf other: CLI, terminal: String) {
        dir = CLI.newFolder()
        world = other.world
        store = other.store
        self.terminal = terminal
    }

    private static func newFolder() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Where this host keeps the store's files (log, receipts, keys): an SQLite store's own
    /// folder, or a PostgreSQL store's $CASHIER_FILES.
    var filesFolder: String { store.hasPrefix("postgres://") ? dir + "/files" : (store as NSString).deletingLastPathComponent }

    /// Whether the store exists: its file, or (PostgreSQL) any table in its database.
    func storeExists() throws -> Bool {
        guard let world else { return FileManager.default.fileExists(atPath: store) }
        return try world.hasTables()
    }

    /// All the store holds, as bytes to search: the SQLite file, or a dump of the database.
    func storeBytes() throws -> Data {
        guard let world else { return try Data(contentsOf: URL(fileURLWithPath: store)) }
        return try world.dump()
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CASHIER_STORE"] = store
        env["CASHIER_TIME_SCALE"] = "0.05"
        env["CASHIER_PIN_ROUNDS"] = "1000"
        // The CLI and the console of one test are the same terminal (they share its shift).
        env["CASHIER_TERMINAL"] = terminal
        env.removeValue(forKey: "NO_COLOR")
        // English unless a test asks for Chinese: whatever locale the tests run under.
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "LC_ALL")
        env.removeValue(forKey: "LC_MESSAGES")
        if let configPath { env["CASHIER_CONFIG"] = configPath }
        // A PostgreSQL store's files on this "host" (log, receipts, keys): inside the test's folder.
        env["CASHIER_FILES"] = dir + "/files"
        // The world's gateway: every host of a PostgreSQL store reaches the same platform.
        if let world { env.merge(world.platform) { $1 } }
        env.merge(extraEnvironment) { $1 }
        return env
    }

    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    func start(_ args: [String]) throws -> Child {
        guard let child = Child([CLI.binary] + args, environment: environment, capture: true) else {
            throw CLIError(message: "could not start \(CLI.binary)")
        }
        return child
    }

    @discardableResult
    func run(_ args: String...) throws -> Result { try run(args) }

    func run(_ args: [String]) throws -> Result {
        CLI.finish(try start(args))
    }

    /// Reads both outputs to the end and waits for the exit.
    static func finish(_ child: Child) -> Result {
        let o = Child.readAll(child.outFD), e = Child.readAll(child.errFD)
        return Result(code: child.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    func json(_ args: String...) throws -> Any {
        let r = try run(args)
        guard r.code == 0 else { throw CLIError(message: "\(args) failed: \(r.err)") }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    }

    /// A demo store, and (unless told not to) the cashier's shift open so the counter can take money.
    func demo(orders: Int = 60, openShift: Bool = true) throws {
        let r = try run("demo", "--orders", String(orders))
        guard r.code == 0 else { throw CLIError(message: "demo failed: \(r.err)") }
        guard openShift else { return }
        let s = try run("shift", "open", "--operator", "cashier", "--pin", "1111", "--float", "500")
        guard s.code == 0 else { throw CLIError(message: "shift open failed: \(s.err)") }
    }

    /// Unpaid order numbers, newest first.
    func unpaid(_ limit: Int = 10) throws -> [String] {
        (try json("orders", "--status", "unpaid", "--limit", String(limit), "--json") as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
    }

    func status(_ number: String) throws -> String {
        let all = try json("orders", "--search", number, "--json") as? [[String: Any]] ?? []
        return all.first { $0["number"] as? String == number }?["status"] as? String ?? "?"
    }

    static func code(_ behaviour: Int, _ n: Int) -> String { "28" + String(format: "%015d", n) + String(behaviour) }
    static func wechatCode(_ behaviour: Int, _ n: Int) -> String { "13" + String(format: "%015d", n) + String(behaviour) }

    /// A config.toml naming a platform for each kind, as a store taking both does (both the
    /// embedded sandbox here; on PostgreSQL the world's gateway, which the environment names and
    /// which overrides the kind), so every command's engine routes through the configured table.
    func configureBothPlatforms() throws {
        let path = dir + "/config.toml"
        try "[platform.alipay]\nkind = \"sandbox\"\n\n[platform.wechat]\nkind = \"sandbox\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        configPath = path
    }
}

struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
