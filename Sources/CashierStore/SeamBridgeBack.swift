import CashierCore
import GRDB
import SQLSeam
import SQLSeamSQLite

// The other way round from SeamBridge.swift: a file already on the seam calling a helper of a file
// not moved yet. Only an SQLite executor has a GRDB connection under it; these go, one by one, as
// their files move (a PostgreSQL store never reaches them: it opens only when every file has moved).
extension SQLExecutor {
    func grdb() throws -> Database {
        guard let sqlite = self as? SQLiteExecutor else {
            throw CashierError.bug("a store helper not yet on the SQL seam was called on \(dialect)")
        }
        return sqlite.db
    }
}

extension Store {
    // requireActiveUser and requireActiveSupervisor: on the seam in Users.swift (pg-schema).

    static func figures(_ x: any SQLExecutor, kind: ReportFigures.Kind, number: Int?, date: String, shiftId: Int64?,
                        from: Millis, to: Millis, now: Millis, by user: String?) throws -> ReportFigures {
        try figures(try x.grdb(), kind: kind, number: number, date: date, shiftId: shiftId, from: from, to: to, now: now, by: user)
    }
}
