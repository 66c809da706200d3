/// A value bound to a statement or read from a row. Money and epoch milliseconds are `.integer`
/// (SQLite INTEGER, PostgreSQL bigint); there is no floating point here on purpose.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .text(let s): return "'\(s)'"
        case .blob(let b): return "<\(b.count) bytes>"
        }
    }
}

/// What may be bound to a statement.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int32: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension [UInt8]: SQLBindable { public var sqlValue: SQLValue { .blob(self) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// What may be read out of a row's column.
public protocol SQLDecodable {
    static func decode(_ value: SQLValue) throws(SQLError) -> Self
}

extension Int64: SQLDecodable {
    public static func decode(_ value: SQLValue) throws(SQLError) -> Int64 {
        guard case .integer(let i) = value else { throw .decoding("expected an integer, got \(value)") }
        return i
    }
}

extension Int: SQLDecodable {
    public static func decode(_ value: SQLValue) throws(SQLError) -> Int {
        let i = try Int64.decode(value)
        guard let n = Int(exactly: i) else { throw .decoding("\(i) does not fit an Int") }
        return n
    }
}

extension Int32: SQLDecodable {
    public static func decode(_ value: SQLValue) throws(SQLError) -> Int32 {
        let i = try Int64.decode(value)
        guard let n = Int32(exactly: i) else { throw .decoding("\(i) does not fit an Int32") }
        return n
    }
}

extension Bool: SQLDecodable {
    /// SQLite has no booleans and PostgreSQL's arrive as 0/1 through the seam: both read the same.
    public static func decode(_ value: SQLValue) throws(SQLError) -> Bool { try Int64.decode(value) != 0 }
}

extension String: SQLDecodable {
    public static func decode(_ value: SQLValue) throws(SQLError) -> String {
        guard case .text(let s) = value else { throw .decoding("expected text, got \(value)") }
        return s
    }
}

extension [UInt8]: SQLDecodable {
    public static func decode(_ value: SQLValue) throws(SQLError) -> [UInt8] {
        switch value {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: throw .decoding("expected bytes, got \(value)")
        }
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public static func decode(_ value: SQLValue) throws(SQLError) -> Wrapped? {
        if case .null = value { return nil }
        return try Wrapped.decode(value)
    }
}

/// A statement's result columns, shared by all its rows: names in order and a map from each name
/// (as written, and folded to lower case) to its position, built once per statement, so reading a
/// column by name is one hash lookup rather than a search of the names.
public final class SQLColumns: Sendable {
    public let names: [String]
    private let index: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        index.reserveCapacity(names.count * 2)
        // The first of two equal names wins, as in both engines' own lookups.
        for (i, n) in names.enumerated().reversed() {
            index[n] = i
            index[n.lowercased()] = i
        }
        self.index = index
    }

    /// Case-insensitive, as in both engines (PostgreSQL folds unquoted names to lower case); the
    /// store's names are lower case already, so the first lookup finds them.
    public func position(of column: String) -> Int? {
        index[column] ?? index[column.lowercased()]
    }
}

/// One row: its columns by name (as the statement named them) and by position.
public struct SQLRow: Sendable, Equatable, CustomStringConvertible {
    public let layout: SQLColumns
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.init(layout: SQLColumns(columns), values: values)
    }

    /// A row of a statement whose columns were mapped once for all its rows.
    public init(layout: SQLColumns, values: [SQLValue]) {
        precondition(layout.names.count == values.count)
        self.layout = layout
        self.values = values
    }

    public var columns: [String] { layout.names }

    public static func == (a: SQLRow, b: SQLRow) -> Bool { a.columns == b.columns && a.values == b.values }

    public func value(_ column: String) throws(SQLError) -> SQLValue {
        guard let i = layout.position(of: column) else { throw .decoding("no column \(column) in \(columns)") }
        return values[i]
    }

    public func get<T: SQLDecodable>(_ column: String, as: T.Type = T.self) throws(SQLError) -> T {
        do { return try T.decode(value(column)) } catch { throw .decoding("column \(column): \(error.message)") }
    }

    public func get<T: SQLDecodable>(at index: Int, as: T.Type = T.self) throws(SQLError) -> T {
        guard values.indices.contains(index) else { throw .decoding("no column \(index) in \(columns)") }
        return try T.decode(values[index])
    }

    public var description: String {
        zip(columns, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}
