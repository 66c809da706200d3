import CashierCore
import Foundation
import GRDB
import SQLiteSupport
import SQLSeam
import SQLSeamSQLite

/// The local SQLite store. Every write method is one IMMEDIATE transaction that keeps the
/// invariants (see Invariants.swift); the engine orchestrates, the store decides what may be written.
public final class Store: Sendable {
    public let path: String
    /// Internal: every write goes through a method below that keeps the invariants.
    let pool: DatabasePool
    /// The same database through the SQL seam (docs/postgres.md): the store's files move from
    /// `pool` onto it one by one, and both reach the same connections meanwhile.
    let db: any SQLDatabase
    public let clock: any Clock

    /// "CSHR": marks a file as a Cashier store.
    static let applicationID: Int32 = 0x4353_4852

    public enum OpenMode: Sendable {
        /// The file must exist and be a Cashier store.
        case existing
        /// Create the file (and its folder) when missing.
        case createIfMissing
    }

    public init(path: String, mode: OpenMode = .existing, clock: any Clock = SystemClock()) throws(StoreError) {
        self.path = path
        self.clock = clock
        // The SQLite store only, for now (see `Store.initialize`): never a file named like a URL.
        if let refusal = Store.refusal(forStoreAt: path) { throw .refused(refusal) }
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
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        db = SQLiteDatabase(pool: pool, clock: { [clock] in clock.now() })
        try migrate()
    }

    func migrate() throws(StoreError) {
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
        try pool.immediateWrite(body)
    }

    func grdbRead<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Changes when any connection, in this process or another, commits. Cheap: ask it often.
    public func changeToken() -> Int64 {
        (try? pool.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }) ?? 0
    }

    /// Whether the store holds any orders or users (demo refuses to overwrite such a store).
    public func holdsData() throws -> Bool {
        try grdbRead { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM orders) OR EXISTS(SELECT 1 FROM users)") ?? false
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
