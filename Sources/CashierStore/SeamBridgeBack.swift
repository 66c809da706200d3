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
    // requireActiveUser and requireActiveSupervisor: on the seam in Users.swift (pg-schema); figures: on the seam in ReportQueries.swift (pg-reads).
}
