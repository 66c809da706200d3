import GRDB
import SQLSeam
import SQLSeamSQLite

// While the store moves onto the seam file by file (docs/postgres.md), a file not moved yet calls
// a moved one's helpers with its GRDB connection seen through the seam: the same connection and
// transaction, so nothing changes but the types. Gone when the last GRDB caller has moved.
extension Database {
    var seam: SQLiteExecutor { SQLiteExecutor(db: self) }
}
