import GRDB
import GRDBSQLite
import SQLSeam

/// One GRDB connection inside a transaction. The seam's values are bound straight onto GRDB's
/// cached statement with SQLite's C API, and rows are read off it the same way: building GRDB's
/// `StatementArguments` (an unspecialized generic across the module boundary) and its `Row`s cost
/// more than the statements' own work. GRDB still runs every statement (`execute()`, its row
/// cursor), so its hooks — transaction observation, the authorizer's effects, tracing — see them.
public struct SQLiteExecutor: SQLExecutor {
    public let db: Database
    public var dialect: SQLDialect { .sqlite }

    public init(db: Database) { self.db = db }

    @discardableResult
    public func execute(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> Int {
        do {
            let s = try db.cachedStatement(sql: statement.sqlite)
            try Self.bind(values, to: s)
            try s.execute()
            return db.changesCount
        } catch let e as SQLError {
            throw e
        } catch {
            throw Self.translate(error)
        }
    }

    public func rows(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> [SQLRow] {
        do {
            let s = try db.cachedStatement(sql: statement.sqlite)
            try Self.bind(values, to: s)
            let layout = ColumnLayouts.shared.layout(of: s)
            let n = CInt(layout.names.count)
            let handle = s.sqliteStatement
            var out: [SQLRow] = []
            // GRDB's cursor steps the statement (its hooks run); the cells are read off SQLite's row.
            let cursor = try Row.fetchCursor(s)
            while try cursor.next() != nil {
                var cells: [SQLValue] = []
                cells.reserveCapacity(Int(n))
                for i in 0..<n { cells.append(try Self.column(handle, i)) }
                out.append(SQLRow(layout: layout, values: cells))
            }
            return out
        } catch let e as SQLError {
            throw e
        } catch {
            throw Self.translate(error)
        }
    }

    /// SQLite's own last row id: no RETURNING (which builds a temporary table for every row) and no
    /// second statement. Valid for a table whose `key` is its INTEGER PRIMARY KEY (the rowid).
    public func insert(_ statement: SQLStatement, _ values: [SQLValue], returning key: String) throws(SQLError) -> Int64? {
        guard try execute(statement, values) > 0 else { return nil }
        return db.lastInsertedRowID
    }

    /// GRDB's own arguments are set empty and marked valid, so that `execute()` and its cursors
    /// only reset the statement (keeping the bindings made here); then the values are bound with
    /// SQLite's C API, copied (SQLITE_TRANSIENT), after the same count check GRDB would make.
    static func bind(_ values: [SQLValue], to s: Statement) throws(SQLError) {
        s.setUncheckedArguments(StatementArguments())
        let h = s.sqliteStatement
        let expected = Int(sqlite3_bind_parameter_count(h))
        guard expected == values.count else {
            throw .other("the statement has \(expected) placeholders but \(values.count) values: \(s.sql)")
        }
        var index: CInt = 1
        for v in values {
            let code: CInt
            switch v {
            case .null:
                code = sqlite3_bind_null(h, index)
            case .integer(let i):
                code = sqlite3_bind_int64(h, index, i)
            case .text(var t):
                code = t.withUTF8 { b in
                    // A NULL pointer would bind NULL: empty text is bound from a literal.
                    guard let base = b.baseAddress, !b.isEmpty else { return sqlite3_bind_text(h, index, "", 0, nil) }
                    // The length is given, so text holding NUL is bound whole.
                    return base.withMemoryRebound(to: CChar.self, capacity: b.count) {
                        sqlite3_bind_text64(h, index, $0, sqlite3_uint64(b.count), transient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let bytes):
                // A NULL pointer would bind NULL: an empty blob is bound as a zero-length blob.
                code = bytes.isEmpty
                    ? sqlite3_bind_zeroblob(h, index, 0)
                    : bytes.withUnsafeBytes { b in sqlite3_bind_blob64(h, index, b.baseAddress, sqlite3_uint64(b.count), transient) }
            }
            guard code == SQLITE_OK else {
                throw .other("value \(index) could not be bound: \(String(cString: sqlite3_errstr(code)))")
            }
            index += 1
        }
    }

    /// One cell of the row the statement is on.
    static func column(_ h: SQLiteStatement, _ i: CInt) throws(SQLError) -> SQLValue {
        switch sqlite3_column_type(h, i) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(h, i))
        case SQLITE_TEXT:
            // Text first, then its length in bytes (SQLite's documented order); NULs are kept.
            guard let p = sqlite3_column_text(h, i) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, i))), as: UTF8.self))
        case SQLITE_BLOB:
            guard let p = sqlite3_column_blob(h, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, i)))))
        default:
            // A REAL has no place in the store (money is integer minor units); an integral one reads as an integer.
            let d = sqlite3_column_double(h, i)
            guard let n = Int64(exactly: d) else { throw .decoding("a floating-point value \(d)") }
            return .integer(n)
        }
    }

    /// SQLite copies what is bound with it before the bind call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
