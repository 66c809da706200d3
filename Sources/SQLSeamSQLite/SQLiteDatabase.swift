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

/// One GRDB connection inside a transaction.
public struct SQLiteExecutor: SQLExecutor {
    public let db: Database
    public var dialect: SQLDialect { .sqlite }

    public init(db: Database) { self.db = db }

    @discardableResult
    public func execute(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> Int {
        do {
            let s = try db.cachedStatement(sql: statement.sqlite)
            try s.execute(arguments: StatementArguments(values.map(\.databaseValue)))
            return db.changesCount
        } catch {
            throw Self.translate(error)
        }
    }

    public func rows(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> [SQLRow] {
        do {
            let s = try db.cachedStatement(sql: statement.sqlite)
            let layout = ColumnLayouts.shared.layout(for: statement.sqlite, names: s.columnNames)
            let n = layout.names.count
            var out: [SQLRow] = []
            // Read off the statement as it steps: no intermediate copy of each row.
            let cursor = try Row.fetchCursor(s, arguments: StatementArguments(values.map(\.databaseValue)))
            while let row = try cursor.next() {
                var cells: [SQLValue] = []
                cells.reserveCapacity(n)
                for i in 0..<n { cells.append(try SQLValue(row[i] as DatabaseValue)) }
                out.append(SQLRow(layout: layout, values: cells))
            }
            return out
        } catch let e as SQLError {
            throw e
        } catch {
            throw Self.translate(error)
        }
    }

    static func translate(_ error: any Error) -> SQLError {
        guard let e = error as? DatabaseError else { return .other("\(error)") }
        let message = e.message ?? "\(e)"
        switch e.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: return .uniqueViolation(message)
        case .SQLITE_CONSTRAINT_TRIGGER: return .refusedByTrigger(message)
        default: break
        }
        switch e.resultCode {
        case .SQLITE_CONSTRAINT: return .constraintViolation(message)
        case .SQLITE_CANTOPEN, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR: return .unreachable(message)
        default: return .other(message)
        }
    }
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

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let i): return i.databaseValue
        case .text(let s): return s.databaseValue
        case .blob(let b): return Data(b).databaseValue
        }
    }

    init(_ value: DatabaseValue) throws(SQLError) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .integer(i)
        case .string(let s): self = .text(s)
        case .blob(let d): self = .blob([UInt8](d))
        case .double(let d):
            // A REAL has no place in the store (money is integer minor units); an integral one reads as an integer.
            guard let i = Int64(exactly: d) else { throw .decoding("a floating-point value \(d)") }
            self = .integer(i)
        }
    }
}
