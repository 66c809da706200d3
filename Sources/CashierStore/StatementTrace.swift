import GRDB

extension Store {
    /// Reports every SQL statement the store's writer, and the reader that sequential reads get,
    /// run to `hook` (nil stops it): how the benchmark counts statements per checkout. A trigger
    /// comes as a "-- TRIGGER name" line, then its statements as "-- …" lines.
    public func traceStatements(_ hook: (@Sendable (String) -> Void)?) throws {
        let trace: ((Database.TraceEvent) -> Void)? = hook.map { hook in
            { event in if case .statement(let s) = event { hook(s.sql) } }
        }
        // SQLite only: PostgreSQL's statements are traced by its own log_statement.
        guard let pool else { return }
        pool.writeWithoutTransaction { db in db.trace(options: .statement, trace) }
        try pool.read { db in db.trace(options: .statement, trace) }
    }
}
