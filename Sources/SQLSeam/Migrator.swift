/// Versioned migrations for one engine: an ordered list of named steps, the names applied so far
/// kept in a table of the database's own. Each engine has its own list (the schema is the one
/// thing not shared between them); shipped steps are never edited, only added.
public struct SQLMigrator: Sendable {
    public struct Step: Sendable {
        public let id: String
        public let statements: [SQLStatement]
        public init(_ id: String, _ statements: [SQLStatement]) {
            self.id = id
            self.statements = statements
        }
    }

    public let steps: [Step]
    /// The table that records applied steps: `(identifier text PRIMARY KEY)`.
    public let table: String

    public init(table: String, steps: [Step]) {
        precondition(Set(steps.map(\.id)).count == steps.count, "two migrations share an identifier")
        self.table = table
        self.steps = steps
    }

    /// The identifiers applied, in the order applied (empty when the table does not exist yet).
    public func applied(_ x: any SQLExecutor, tableExists: Bool) throws(SQLError) -> [String] {
        guard tableExists else { return [] }
        return try x.rows(SQLStatement("SELECT identifier FROM \(table) ORDER BY applied_order"), []).map { row throws(SQLError) in
            try row.get(at: 0, as: String.self)
        }
    }

    /// Applied identifiers this version does not know: written by a newer version.
    public func unknown(in applied: [String]) -> [String] {
        let known = Set(steps.map(\.id))
        return applied.filter { !known.contains($0) }.sorted()
    }

    /// Runs the steps not yet applied, in order, inside the caller's transaction; returns their ids.
    @discardableResult
    public func migrate(_ x: any SQLExecutor, tableExists: Bool) throws(SQLError) -> [String] {
        if !tableExists {
            try x.execute(SQLStatement("CREATE TABLE \(table) (identifier TEXT PRIMARY KEY, applied_order INTEGER NOT NULL UNIQUE)"), [])
        }
        let done = Set(try applied(x, tableExists: true))
        var ran: [String] = []
        for (i, step) in steps.enumerated() where !done.contains(step.id) {
            for s in step.statements { try x.execute(s, []) }
            try x.execute(SQLStatement("INSERT INTO \(table) (identifier, applied_order) VALUES (?, ?)"), [.text(step.id), .integer(Int64(i + 1))])
            ran.append(step.id)
        }
        return ran
    }
}
