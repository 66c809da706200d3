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
            let columns = s.columnNames
            return try Row.fetchAll(s, arguments: StatementArguments(values.map(\.databaseValue))).map { row in
                SQLRow(columns: columns, values: try row.databaseValues.map(SQLValue.init))
            }
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
