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

// Users.swift's checks, for the files that call them with GRDB (Shifts, Reports, Refunds, Checkouts,
// ChannelKeys, OrderIntake, Webhooks).
extension Store {
    static func requireActiveUser(_ db: Database, _ name: String) throws { try requireActiveUser(db.seam, name) }
    static func requireActiveSupervisor(_ db: Database, _ name: String) throws { try requireActiveSupervisor(db.seam, name) }
}

// Shifts.swift's and Reports.swift's helpers, for Checkouts, OrderIntake and the report queries until they move.
extension Store {
    static func currency(_ db: Database) throws -> Currency { try currency(db.seam) }

    static func calendar(_ db: Database) throws -> BusinessCalendar { try calendar(db.seam) }

    static func recordCheckoutCash(_ db: Database, _ c: CheckoutRecord, now: Millis) throws {
        try recordCheckoutCash(db.seam, c, now: now)
    }
}
