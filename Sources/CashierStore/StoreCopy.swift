import CashierCore
import SQLSeam

/// What `cashier store copy` did: every table's rows, in the order they were copied.
public struct StoreCopyOutcome: Sendable, Equatable {
    public var tables: [(name: String, rows: Int)]
    public var rows: Int { tables.reduce(0) { $0 + $1.rows } }

    public static func == (a: Self, b: Self) -> Bool { a.tables.map(\.name) == b.tables.map(\.name) && a.tables.map(\.rows) == b.tables.map(\.rows) }
}

extension Store {
    /// Tables that belong to one engine's own bookkeeping and are never copied.
    static let engineOwnTables: Set<String> = ["grdb_migrations", "cashier_migrations", "cashier_store", "cashier_changes", "sqlite_sequence"]

    /// Copies every row of this SQLite store into `target`, an empty PostgreSQL store, in one
    /// transaction: all of it lands or none. Tables go parents first (SQLite's own foreign keys
    /// give the order); each table's triggers are set aside while its rows arrive as they were
    /// (a closed shift's cash movements, receipts already numbered), and identity counters are
    /// moved past the copied ids. The audit chain is copied entry by entry, so it verifies on
    /// the target as on the source.
    public func copy(into target: Store) throws -> StoreCopyOutcome {
        if let refusal = Store.copyRefusal(from: path, to: target.path) { throw refusal }
        return try read { source in
            let tables = try Store.copyOrder(source)
            return try target.write(.serialized(key: Store.auditChain)) { x in
                var copied: [(name: String, rows: Int)] = []
                // A new store's `meta` holds its defaults (currency, time zone): the source's replace them.
                for table in tables where table != "meta" {
                    if let n = try x.value(Int64.self, SQLStatement("SELECT COUNT(*) FROM \(table)")), n > 0 {
                        throw CashierError.conflict("refusal.store_copy.target_not_empty", ["store": "\(target.path)", "table": "\(table)"])
                    }
                }
                try x.execute("DELETE FROM meta")
                for table in tables {
                    copied.append((table, try Store.copyTable(table, from: source, to: x)))
                }
                return StoreCopyOutcome(tables: copied)
            }
        }
    }

    /// Why a copy between these two addresses cannot be made (nil: an SQLite path into a postgres:// URL).
    public static func copyRefusal(from source: String, to target: String) -> CashierError? {
        if isPostgresAddress(source) { return .invalid("refusal.store_copy.source_not_sqlite", ["store": "\(name(source))"]) }
        if !isPostgresAddress(target) { return .invalid("refusal.store_copy.target_not_postgres", ["store": "\(target)"]) }
        return nil
    }

    /// Every table of the SQLite store, parents before children.
    static func copyOrder(_ x: any SQLExecutor) throws -> [String] {
        let names = try x.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .map { try $0.get("name", as: String.self) }.filter { !engineOwnTables.contains($0) }
        var parents: [String: Set<String>] = [:]
        for t in names {
            parents[t] = Set(try x.rows(SQLStatement("SELECT \"table\" AS parent FROM pragma_foreign_key_list('\(t)')"))
                .map { try $0.get("parent", as: String.self) }.filter { $0 != t })
        }
        var ordered: [String] = []
        var placed = Set<String>()
        while ordered.count < names.count {
            guard let next = names.first(where: { !placed.contains($0) && parents[$0, default: []].isSubset(of: placed) }) else {
                throw CashierError.bug("the store's foreign keys form a cycle")
            }
            ordered.append(next)
            placed.insert(next)
        }
        return ordered
    }

    /// Copies one table in pages of rows (keyset on SQLite's rowid, or on the primary key of a
    /// table without one), several rows per INSERT. Returns the number of rows.
    static func copyTable(_ table: String, from source: any SQLExecutor, to x: any SQLExecutor) throws -> Int {
        let info = try source.rows(SQLStatement("SELECT name, pk FROM pragma_table_info('\(table)') ORDER BY cid"))
        let columns = try info.map { try $0.get("name", as: String.self) }
        let targetColumns = Set(try x.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?", table)
            .map { try $0.get("column_name", as: String.self) })
        if let missing = columns.first(where: { !targetColumns.contains($0) }) {
            throw CashierError.bug("the PostgreSQL store has no column \(table).\(missing)")
        }
        let withoutRowID = try source.value(Int64.self, "SELECT COUNT(*) FROM pragma_table_list WHERE name = ? AND wr = 1", table) == 1
        let keys = withoutRowID
            ? try info.filter { try $0.get("pk", as: Int64.self) > 0 }.sorted { try $0.get("pk", as: Int64.self) < $1.get("pk", as: Int64.self) }
                .map { try $0.get("name", as: String.self) }
            : ["rowid"]
        let quoted = columns.map { "\"\($0)\"" }
        let keyList = keys.map { $0 == "rowid" ? "rowid" : "\"\($0)\"" }.joined(separator: ", ")
        let page = max(1, min(500, 30_000 / max(1, columns.count)))
        try x.execute(SQLStatement("ALTER TABLE \(table) DISABLE TRIGGER USER"))
        var after: [SQLValue]?
        var total = 0
        while true {
            let keyed = after.map { _ in "WHERE (\(keyList)) > (\(keys.map { _ in "?" }.joined(separator: ", ")))" } ?? ""
            let rows = try source.rows(SQLStatement("SELECT \(keyList), \(quoted.joined(separator: ", ")) FROM \(table) \(keyed) ORDER BY \(keyList) LIMIT ?"),
                                       (after ?? []) + [.integer(Int64(page))])
            guard !rows.isEmpty else { break }
            let one = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
            var values: [SQLValue] = []
            values.reserveCapacity(rows.count * columns.count)
            for row in rows { for i in columns.indices { values.append(row.values[keys.count + i]) } }
            try x.execute(SQLStatement("INSERT INTO \(table) (\(quoted.joined(separator: ", "))) VALUES "
                                       + Array(repeating: one, count: rows.count).joined(separator: ", ")), values)
            total += rows.count
            after = Array(rows[rows.count - 1].values.prefix(keys.count))
            if rows.count < page { break }
        }
        try x.execute(SQLStatement("ALTER TABLE \(table) ENABLE TRIGGER USER"))
        if columns.contains("id"), try x.value(String.self, "SELECT pg_get_serial_sequence(?, 'id')", table) != nil {
            try x.execute(SQLStatement("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \(table)"))
        }
        return total
    }
}
