import CashierCore
import Foundation
import GRDB
import SQLiteSupport

/// The embedded default platform: the outside world (Alipay face-to-face / WeChat Pay) in its own
/// SQLite file, which consoles, `cashier pay` and the poller share across processes. A payment
/// code's last digit picks the behaviour (see `SandboxBehaviour`); QR trades wait for `scan`.
public final class SandboxPlatform: PaymentPlatform, Sendable {
    public let path: String
    let pool: DatabasePool
    let clock: any Clock
    let timeScale: TimeScale

    public init(path: String, clock: any Clock = SystemClock(), timeScale: TimeScale = .init(1)) throws {
        self.path = path
        self.clock = clock
        self.timeScale = timeScale
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        // Processes starting together on a new file contend for switching it to WAL and for the
        // first migration; a busy first open is tried again rather than reported.
        // Within one process, opens take turns: SQLite's locks settle opens across processes, but
        // several pools of one process switching a new file to WAL at once could wait on each other.
        Self.openLock.lock()
        defer { Self.openLock.unlock() }
        var attempt = 0
        while true {
            attempt += 1
            do {
                let pool = try DatabasePool(path: path, configuration: config)
                try Self.migrate(pool, path: path)
                self.pool = pool
                return
            } catch let error as CashierError {
                throw error
            } catch where attempt < 4 {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            } catch {
                throw CashierError.platformSaid(.invalid, "Cannot open the sandbox platform file \(path) (\(error)): check the path and its permissions.")
            }
        }
    }

    private static let openLock = NSLock()

    /// Closes every connection now rather than when the last reference goes. Any later use fails.
    public func close() {
        try? pool.close()
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let notOurs = CashierError.platformSaid(.invalid, "\(path) is not a sandbox platform file: pass a new path or an existing sandbox file, never the store.")
        let id = try pool.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0 }
        guard id == 0 || id == SandboxSchema.applicationID else { throw notOurs }
        let migrator = SandboxSchema.migrator
        do {
            try migrator.migrate(pool)
        } catch SandboxSchemaError.notEmpty {
            throw notOurs
        } catch {
            // Another process may have migrated the fresh file between our check and our
            // transaction; only a file still unmigrated is a real failure.
            guard try pool.read(migrator.hasCompletedMigrations) else { throw error }
        }
    }

    // MARK: Transactions

    /// One IMMEDIATE transaction: other processes write the same file, and a deferred
    /// read-then-write would fail with SQLITE_BUSY_SNAPSHOT under contention.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.immediateWrite(body)
    }

    /// The same, without blocking a cooperative thread while another process holds the lock.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// The platform's own trouble is never thrown: like a transport failure, it is `unknown`.
    static func trouble(_ error: any Error) -> String { "sandbox platform error: \(error)" }

    /// "Slow platform": the answer that never came takes a while not to come.
    func slowAnswer() async {
        try? await Task.sleep(nanoseconds: UInt64(timeScale.millis(2)) * 1_000_000)
    }

    public static let reusedAmount = "trade number reused with a different amount"
    public static let burntNumber = "the trade number was cancelled before this payment: start a new trade number"

    static func qrContent(_ tradeNo: String) -> String { "https://qr.sandbox.cashier.invalid/pay/\(tradeNo)" }

    /// Invalid requests are refused before a trade exists, as real gateways do.
    static func invalidReason(_ request: PayRequest) -> String? {
        if request.tradeNo.isEmpty { return "the trade number is empty" }
        if request.amount.minor <= 0 { return "the amount must be positive" }
        return nil
    }
}
