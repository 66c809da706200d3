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

// The other way round: a moved file calls helpers of files not moved yet. `currency` (Shifts) and
// `requireActiveUser` (Users) are one statement each: their seam forms are here, so the moved files
// run on PostgreSQL too; they go when Shifts and Users move (their own seam forms replace these).
extension Store {
    static func currency(_ x: any SQLExecutor) throws -> Currency {
        Currency.named(try x.value(String.self, "SELECT value FROM meta WHERE key = 'currency'") ?? "CNY") ?? .cny
    }

    static func requireActiveUser(_ x: any SQLExecutor, _ name: String) throws {
        try requireActive(name, disabled: try x.value(Bool.self, "SELECT disabled FROM users WHERE name = ?", name))
    }
}

extension SQLExecutor {
    /// A larger helper of a file not moved yet, called with this transaction's GRDB connection:
    /// SQLite only. On PostgreSQL it is refused (nothing written) until that file moves.
    func grdb<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        guard let s = self as? SQLiteExecutor else {
            throw CashierError.bug("\(what) is not on PostgreSQL yet")
        }
        return try body(s.db)
    }
}

extension Store {
    /// For the files not on the seam yet (Checkouts moved).
    @discardableResult
    static func finishCheckout(_ db: Database, checkoutId: Int64, succeeded: Bool, now: Millis, note: String) throws -> (CheckoutRecord, [OrderRecord])? {
        try finishCheckout(db.seam, checkoutId: checkoutId, succeeded: succeeded, now: now, note: note)
    }
}
