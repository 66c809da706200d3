import GRDB
import CashierCore
import Foundation
import SQLiteSupport
import SQLSeam
import SQLSeamSQLite

/// The store: a local SQLite file, or a PostgreSQL database shared by many hosts
/// (StorePostgres.swift). Every write method is one transaction that keeps the invariants (see
/// Invariants.swift); the engine orchestrates, the store decides what may be written.
public final class Store: Sendable {
    /// The file's path, or the PostgreSQL URL with its password hidden.
    public let path: String
    /// SQLite only; internal: every write goes through a method below that keeps the invariants.
    let pool: DatabasePool?
    /// The database through the SQL seam (docs/postgres.md): on SQLite the same connections as
    /// `pool`, which the files not moved onto the seam yet still use.
    let db: any SQLDatabase
    public let clock: any Clock
    /// This host's folder for the files that live beside the store (receipts): an SQLite store's
    /// own folder; for a PostgreSQL store, what the opener chose (nil: none given).
    public let filesFolder: String?

    /// "CSHR": marks a file as a Cashier store.
    static let applicationID: Int32 = 0x4353_4852

    public enum OpenMode: Sendable {
        /// The file must exist and be a Cashier store.
        case existing
        /// Create the file (and its folder) when missing.
        case createIfMissing
    }

    /// Opens the store at `path`: an SQLite file, or a `postgres://` URL. `clock` is for tests;
    /// by default an SQLite store reads this machine's clock, a PostgreSQL store the server's.
    public convenience init(path: String, mode: OpenMode = .existing, clock: (any Clock)? = nil, filesFolder: String? = nil) throws(StoreError) {
        guard Store.isPostgresAddress(path) else {
            try self.init(sqlite: path, mode: mode, clock: clock ?? SystemClock())
            return
        }
        try self.init(postgres: path, mode: mode, clock: clock, filesFolder: filesFolder)
    }

    init(sqlite path: String, mode: OpenMode, clock: any Clock) throws(StoreError) {
        self.path = path
        self.clock = clock
        filesFolder = (path as NSString).deletingLastPathComponent
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: path)
        if !exists {
            guard mode == .createIfMissing else { throw .noStore(path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !fm.fileExists(atPath: folder) {
                do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw .cannotCreate(path, error.localizedDescription)
                }
            }
        } else {
            switch Store.inspect(path) {
            case .cashier: break
            case .stranger: throw .notAStore(path)
            case .unreadable(let why): throw .cannotOpen(path, why)
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        self.pool = pool
        db = SQLiteDatabase(pool: pool, clock: { [clock] in clock.now() })
        try migrate(pool)
    }

    /// A store over a PostgreSQL database already opened and migrated (StorePostgres.swift).
    init(postgres db: any SQLDatabase, location: String, clock: any Clock, filesFolder: String?) {
        path = location
        pool = nil
        self.db = db
        self.clock = clock
        self.filesFolder = filesFolder
    }

    func migrate(_ pool: DatabasePool) throws(StoreError) {
        let migrator = Schema.migrator
        do {
            let unknown = try pool.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else { return [] }
                let applied = try migrator.appliedIdentifiers(db)
                return applied.filter { !migrator.migrations.contains($0) }.sorted()
            }
            if !unknown.isEmpty { throw StoreError.newerVersion(path, unknown) }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
    }

    /// The audit chain's serialization key: money-moving writes append to the audit hash chain or
    /// take `MAX + 1` numbers, so on PostgreSQL they run one at a time across hosts (SQLite's single
    /// writer already runs every write so).
    static let auditChain: Int64 = 0x4353_4852_0002

    /// One write transaction through the seam (SQLite: IMMEDIATE; PostgreSQL: READ COMMITTED,
    /// under the key's advisory lock when `.serialized`).
    @discardableResult
    func write<T>(_ kind: WriteKind = .ordinary, _ body: (any SQLExecutor) throws -> T) throws -> T {
        try db.write(kind, body)
    }

    /// One snapshot for the body's statements.
    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try db.read(body)
    }

    /// The GRDB forms, for the files not moved onto the seam yet. One IMMEDIATE transaction:
    /// readers never block it and it never fails with BUSY_SNAPSHOT.
    func grdbWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try sqlitePool().immediateWrite(body)
    }

    func grdbRead<T>(_ body: (Database) throws -> T) throws -> T {
        try sqlitePool().read(body)
    }

    func sqlitePool() throws -> DatabasePool {
        guard let pool else { throw CashierError.bug("a store method not yet on the SQL seam was called on PostgreSQL") }
        return pool
    }

    /// Why the connection broke while a write was committing (PostgreSQL): whether it was saved
    /// is not known, so the caller must look before doing it again. Nil for any other error.
    public static func commitOutcomeUnknown(_ error: any Error) -> String? {
        if case .commitOutcomeUnknown(let why) = error as? SQLError { return why }
        return nil
    }

    /// Whether the database could not be reached (a server restarting, a network gone).
    public static func isUnreachable(_ error: any Error) -> Bool {
        if case .unreachable = error as? SQLError { return true }
        return false
    }

    /// Changes when any connection, in this process or another host, commits. Cheap: ask it often
    /// (SQLite: `PRAGMA data_version`; PostgreSQL: the change counter, one round trip).
    public func changeToken() -> Int64 {
        guard let pool else { return (try? db.changeToken()) ?? 0 }
        return (try? pool.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }) ?? 0
    }

    /// Whether the store holds any orders or users (demo refuses to overwrite such a store).
    public func holdsData() throws -> Bool {
        try read { x in
            try x.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM orders) OR EXISTS(SELECT 1 FROM users)") ?? false
        }
    }
}

public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    static func isURL(_ p: String) -> Bool { p.lowercased().hasPrefix("postgres://") }

    case noStore(String)
    case notAStore(String)
    case newerVersion(String, [String])
    case cannotCreate(String, String)
    case cannotOpen(String, String)
    /// A store address this version cannot use, in one sentence.
    case refused(String)

    public var description: String {
        switch self {
        case .noStore(let p):
            return "There is no store at \(p): create one or open an existing store."
        case .notAStore(let p):
            return Self.isURL(p) ? "\(p) is not a Cashier store: open a Cashier store, or an empty database to create one."
                                 : "\(p) is not a Cashier store: open a Cashier store file, or a new path to create one."
        case .newerVersion(let p, let ids):
            return "\(p) was written by a newer version of cashier (\(ids.joined(separator: ", "))): update cashier to open it."
        case .cannotCreate(let p, let why):
            return Self.isURL(p) ? "Cannot create the store at \(p) (\(why)): use a database this user may create tables in."
                                 : "Cannot create the store at \(p) (\(why)): choose a folder you can write to."
        case .cannotOpen(let p, let why):
            return Self.isURL(p) ? "Cannot open the store at \(p) (\(why)): check the URL, that the server runs, and the user's rights, then try again."
                                 : "Cannot open the store at \(p) (\(why)): check the path and its permissions, then try again."
        case .refused(let sentence):
            return sentence
        }
    }
}
