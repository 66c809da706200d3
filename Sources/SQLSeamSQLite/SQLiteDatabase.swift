import Foundation
import GRDB
import SQLiteSupport
import SQLSeam

/// The seam over a GRDB pool: every write is one IMMEDIATE transaction (SQLite's single writer
/// serializes them all, so `WriteKind` needs nothing more), reads run on a snapshot, statements are
/// prepared once per connection.
public final class SQLiteDatabase: SQLDatabase {
    public let pool: DatabasePool
    public var dialect: SQLDialect { .sqlite }
    private let clock: @Sendable () -> Int64

    /// `clock`: epoch milliseconds (one machine shares one clock; tests pass a hand-driven one).
    public init(pool: DatabasePool, clock: @escaping @Sendable () -> Int64) {
        self.pool = pool
        self.clock = clock
    }

    public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteExecutor(db: db)) }
    }

    @discardableResult
    public func write<T>(_ kind: WriteKind, _ body: (any SQLExecutor) throws -> T) throws -> T {
        try pool.immediateWrite { db in try body(SQLiteExecutor(db: db)) }
    }

    public func changeToken() throws(SQLError) -> Int64 {
        do {
            return try pool.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } catch {
            throw SQLiteExecutor.translate(error)
        }
    }

    public func now() throws(SQLError) -> Int64 { clock() }

    public func close() { try? pool.close() }
}

/// Each statement's column layout, mapped once per process: the statements are prepared once per
/// connection (GRDB's cache), and their rows are read by column name on every payment.
final class ColumnLayouts: @unchecked Sendable {
    static let shared = ColumnLayouts()
    private let lock = NSLock()
    private var layouts: [String: SQLColumns] = [:]

    func layout(for sql: String, names: [String]) -> SQLColumns {
        lock.lock()
        defer { lock.unlock() }
        // The same text may name other columns in another store (`SELECT *` before a migration).
        if let known = layouts[sql], known.names == names { return known }
        // Statements built from lists (IN (?, ?, …)) vary: bounded, as GRDB's statement caches are not.
        if layouts.count >= 4_096 { layouts.removeAll(keepingCapacity: true) }
        let layout = SQLColumns(names)
        layouts[sql] = layout
        return layout
    }
}
