/// One connection inside one transaction: what the store's methods are written against.
/// Statements run in order; rows come back whole (the store's reads are bounded by LIMIT).
public protocol SQLExecutor {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    func execute(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> Int
    func rows(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> [SQLRow]
    /// Runs an INSERT of one row and gives back its `key` column (nil when nothing was inserted:
    /// `ON CONFLICT DO NOTHING`). `key` must be the table's integer primary key: SQLite's executor
    /// answers with the connection's last row id, without RETURNING (which builds a temporary table
    /// for every row it returns); the default is the statement with `RETURNING key` on both engines.
    func insert(_ statement: SQLStatement, _ values: [SQLValue], returning key: String) throws(SQLError) -> Int64?
}

extension SQLExecutor {
    public func insert(_ statement: SQLStatement, _ values: [SQLValue], returning key: String) throws(SQLError) -> Int64? {
        let tail = " RETURNING \(key)"
        let returning = SQLStatement(sqlite: statement.sqlite + tail, postgres: statement.text(for: .postgres) + tail)
        return try rows(returning, values).first?.get(at: 0, as: Int64.self)
    }

    public func insert(_ statement: SQLStatement, _ values: any SQLBindable..., returning key: String) throws(SQLError) -> Int64? {
        try insert(statement, values.map { $0.sqlValue }, returning: key)
    }

    @discardableResult
    public func execute(_ statement: SQLStatement, _ values: any SQLBindable...) throws(SQLError) -> Int {
        try execute(statement, values.map { $0.sqlValue })
    }

    public func rows(_ statement: SQLStatement, _ values: any SQLBindable...) throws(SQLError) -> [SQLRow] {
        try rows(statement, values.map { $0.sqlValue })
    }

    public func row(_ statement: SQLStatement, _ values: any SQLBindable...) throws(SQLError) -> SQLRow? {
        try rows(statement, values.map { $0.sqlValue }).first
    }

    /// The first column of the first row (nil when there is no row).
    public func value<T: SQLDecodable>(_ type: T.Type, _ statement: SQLStatement, _ values: any SQLBindable...) throws(SQLError) -> T? {
        guard let row = try rows(statement, values.map { $0.sqlValue }).first else { return nil }
        return try row.get(at: 0, as: T.self)
    }
}

/// How a write transaction is isolated beyond what each engine gives every write.
public enum WriteKind: Sendable {
    /// Compare-and-set updates, claims, inserts: correct under READ COMMITTED on PostgreSQL.
    case ordinary
    /// Writes that move money or extend a shared sequence (the audit hash chain, receipt and Z
    /// numbers): one at a time across every host. SQLite's single writer gives this to every write;
    /// PostgreSQL takes a transaction-scoped advisory lock on this key first.
    case serialized(key: Int64)
}

/// A store's database: transactions on pooled connections. The SQLite implementation runs every
/// write as one IMMEDIATE transaction; the PostgreSQL one runs READ COMMITTED transactions,
/// serialized by an advisory lock where asked, and runs a write again only when the engine says
/// nothing of it was committed (`SQLError.isRetryable`). A write's body may therefore run more
/// than once: it must do nothing but SQL through its executor.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// A consistent snapshot for the body's statements.
    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    @discardableResult
    func write<T>(_ kind: WriteKind, _ body: (any SQLExecutor) throws -> T) throws -> T
    /// Changes whenever any connection on any host commits a change. Cheap: ask it often.
    func changeToken() throws(SQLError) -> Int64
    /// The database's clock in epoch milliseconds: one clock for every host's leases and deadlines.
    func now() throws(SQLError) -> Int64
    /// Closes every connection now; any later use fails.
    func close()
}

extension SQLDatabase {
    @discardableResult
    public func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try write(.ordinary, body)
    }
}

/// The change counter a PostgreSQL store keeps (SQLite's `PRAGMA data_version` needs none): bumped
/// as the last statement of every write transaction that changed a row, so the row's lock is held
/// only while the transaction commits, and read by every console's cheap poll.
public struct ChangeCounter: Sendable {
    public let bump: SQLStatement
    public let read: SQLStatement

    public init(bump: SQLStatement, read: SQLStatement) {
        self.bump = bump
        self.read = read
    }

    /// A one-row table `name (n bigint)`.
    public static func table(_ name: String) -> ChangeCounter {
        ChangeCounter(bump: SQLStatement("UPDATE \(name) SET n = n + 1"), read: SQLStatement("SELECT n FROM \(name)"))
    }
}
