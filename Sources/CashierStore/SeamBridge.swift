import CashierCore
import GRDB
import SQLSeam
import SQLSeamSQLite

// While the store moves onto the seam file by file (docs/postgres.md), a file not moved yet calls
// a moved one's helpers with its GRDB connection seen through the seam: the same connection and
// transaction, so nothing changes but the types. Gone when the last GRDB caller has moved.
extension Database {
    var seam: SQLiteExecutor { SQLiteExecutor(db: self) }
}

// Forwarders for the files not moved yet (reports).
extension Store {
    static func figures(_ db: Database, kind: ReportFigures.Kind, number: Int?, date: String, shiftId: Int64?,
                        from: Millis, to: Millis, now: Millis, by user: String?) throws -> ReportFigures {
        try figures(db.seam, kind: kind, number: number, date: date, shiftId: shiftId, from: from, to: to, now: now, by: user)
    }

    static func calendar(_ db: Database) throws -> BusinessCalendar { try calendar(db.seam) }

    static func currency(_ db: Database) throws -> Currency { try currency(db.seam) }
}
