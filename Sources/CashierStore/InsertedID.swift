import SQLSeam
import SQLSeamSQLite

extension SQLExecutor {
    /// Runs an INSERT of one row and returns the new row's id, nil when it inserted nothing (an
    /// `ON CONFLICT … DO NOTHING` that met its conflict). PostgreSQL: the statement with `RETURNING
    /// id`. SQLite: the connection's last rowid, read without a statement, since `RETURNING` costs
    /// SQLite a temporary table per statement (BENCHMARKS.md).
    func insertedID(_ insert: String, _ values: any SQLBindable...) throws(SQLError) -> Int64? {
        let bound = values.map(\.sqlValue)
        if let s = self as? SQLiteExecutor {
            guard try s.execute(SQLStatement(insert), bound) == 1 else { return nil }
            return s.db.lastInsertedRowID
        }
        guard let row = try rows(SQLStatement(insert + " RETURNING id"), bound).first else { return nil }
        return try row.get(at: 0, as: Int64.self)
    }
}
