import SQLSeam

/// The PostgreSQL store's own versioned migrations (SQLite's are `Schema.migrator`): the same
/// tables and rules, written for PostgreSQL (bigint money and epoch milliseconds, plpgsql triggers),
/// added step by step as the store's files move onto the seam. Shipped steps are never edited.
enum PostgresSchema {
    /// Applied identifiers live here; its presence with `cashier_store` marks a Cashier store.
    static let migrationsTable = "cashier_migrations"
    /// Serializes `cashier store init` across hosts (a transaction-scoped advisory lock).
    static let initLockKey: Int64 = 0x4353_4852_0001

    static let migrator = SQLMigrator(table: migrationsTable, steps: [
        // The marker, and the change counter every console polls (docs/postgres.md, "Live screens").
        .init("pg1-foundation", [
            "CREATE TABLE cashier_store (application text PRIMARY KEY CHECK (application = 'cashier'), created_at bigint NOT NULL)",
            "INSERT INTO cashier_store VALUES ('cashier', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
            "CREATE TABLE cashier_changes (n bigint NOT NULL)",
            "INSERT INTO cashier_changes VALUES (0)",
        ]),
    ])

    static let changeCounter = ChangeCounter.table("cashier_changes")

    /// What a database is, read without writing.
    enum Verdict: Equatable {
        case empty
        case cashier(applied: [String], hasMigrationTable: Bool)
        case stranger
    }

    static func inspect(_ x: any SQLExecutor) throws(SQLError) -> Verdict {
        let relations = Set(try x.rows("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            """, []).map { row throws(SQLError) in try row.get(at: 0, as: String.self) })
        if relations.isEmpty { return .empty }
        guard relations.contains("cashier_store"),
              try x.value(String.self, "SELECT application FROM cashier_store") == "cashier" else { return .stranger }
        let hasTable = relations.contains(migrationsTable)
        return .cashier(applied: try migrator.applied(x, tableExists: hasTable), hasMigrationTable: hasTable)
    }
}
