import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// What a CLI world stands on under `CASHIER_TEST_BACKEND=postgres`: an empty database of its own
/// on the throwaway server, and a `cashier sandbox serve` gateway of its own, both shared by every
/// host (CLI) of the world and ended when the last one goes.
///
/// The database starts empty, not from a migrated template: `cashier demo` and `store init` make
/// the store as a newcomer's would, and a command before them meets "no store" as on SQLite. The
/// gateway is one per world because a PostgreSQL store refuses the embedded sandbox (no other host
/// could query it), and stores sharing one gateway would collide on its payment order numbers.
final class PostgresWorld: @unchecked Sendable {
    let location: PostgresLocation
    let url: String
    private let lock = NSLock()
    private var gateway: (cli: CLI, process: ServeProcess)?
    private var gatewayFailure: String?

    /// nil (the failure recorded as an issue) when the server cannot give a database.
    static func make() -> PostgresWorld? {
        do {
            return PostgresWorld(try PostgresTestServer.shared().database(template: "store"))
        } catch {
            Issue.record("CASHIER_TEST_BACKEND=postgres, but no database: \(error)")
            return nil
        }
    }

    private init(_ location: PostgresLocation) {
        self.location = location
        url = PostgresTestServer.url(location)
    }

    /// The gateway's address and keys for every host's environment, as `SharedStore` gives them.
    /// Started on first use: a test that never runs a command pays nothing for it.
    var platform: [String: String] {
        lock.withLock {
            if gateway == nil && gatewayFailure == nil {
                // The gateway's own folder (its ledger, keys and log) on SQLite: it is no host of this store.
                let cli = CLI(backend: .sqlite)
                do {
                    gateway = (cli, try ServeProcess(cli, ["sandbox", "serve", "--port", "0"], marker: "Sandbox gateway: http://127.0.0.1:"))
                } catch {
                    gatewayFailure = "\(error)"
                    Issue.record("the world's sandbox gateway did not start: \(error)")
                }
            }
            guard let gateway else { return [:] }
            let keys = gateway.cli.dir + "/keys"
            return ["CASHIER_PLATFORM_URL": "http://127.0.0.1:\(gateway.process.port)/gateway.do", "CASHIER_PLATFORM_KEYS": keys,
                    "CASHIER_WECHAT_URL": "http://127.0.0.1:\(gateway.process.port)", "CASHIER_WECHAT_KEYS": keys]
        }
    }

    /// Whether the database holds a store (any table at all): what "no store was made" means here.
    func hasTables() throws -> Bool {
        let db = PostgresDatabase(location, connections: 1)
        defer { db.close() }
        return try db.read { x in try x.rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").first?.get(at: 0, as: Int64.self) ?? 0 } > 0
    }

    /// Every byte the database holds, as `pg_dump` writes it: what "stored in the clear" is looked for in.
    func dump() throws -> Data {
        let server = try PostgresTestServer.shared()
        let argv = [server.server.binFolder + "/pg_dump", "-h", location.host, "-p", String(location.port), "-U", location.user, location.database]
        guard let child = Child(argv, environment: ProcessInfo.processInfo.environment, capture: true) else {
            throw CLIError(message: "could not start pg_dump")
        }
        let out = Child.readAll(child.outFD), err = Child.readAll(child.errFD)
        guard child.terminationStatus == 0 else { throw CLIError(message: "pg_dump failed: \(String(decoding: err, as: UTF8.self))") }
        return out
    }

    deinit {
        gateway?.process.stop()
        if let server = try? PostgresTestServer.shared() { server.drop(location) }
    }
}
