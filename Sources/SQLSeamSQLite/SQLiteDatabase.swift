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

/// Each prepared statement's column layout, mapped once: GRDB prepares a statement once per
/// connection and keeps it, and its rows are read by column name on every payment. Keyed by the
/// statement object, so a lookup hashes no SQL text; a layout depends on nothing but the names,
/// compared on every hit (the statement's own array while it lives: one pointer comparison), so a
/// key a later statement reuses never hands out a wrong map.
final class ColumnLayouts: @unchecked Sendable {
    static let shared = ColumnLayouts()
    private let lock = NSLock()
    private var layouts: [ObjectIdentifier: SQLColumns] = [:]

    func layout(of statement: Statement) -> SQLColumns {
        let names = statement.columnNames
        let key = ObjectIdentifier(statement)
        lock.lock()
        defer { lock.unlock() }
        if let known = layouts[key], known.names == names { return known }
        // Statements come and go with connections and with lists (IN (?, ?, …)): bounded.
        if layouts.count >= 4_096 { layouts.removeAll(keepingCapacity: true) }
        let layout = SQLColumns(names)
        layouts[key] = layout
        return layout
    }
}
