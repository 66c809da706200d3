import Foundation
import GRDB
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import SQLSeamSQLite
import Testing

/// A fresh database on each engine, and "hosts": several independent handles on the same database
/// (SQLite: several pools on one file; PostgreSQL: several connection pools, as separate hosts have).
struct Backend {
    let dialect: SQLDialect
    let open: () throws -> any SQLDatabase
    let cleanup: () -> Void

    static func make(_ dialect: SQLDialect, schema: [SQLStatement] = []) throws -> Backend {
        let backend: Backend
        switch dialect {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            backend = Backend(dialect: .sqlite, open: {
                var config = Configuration()
                config.busyMode = .timeout(10)
                return SQLiteDatabase(pool: try DatabasePool(path: dir + "/db.sqlite", configuration: config), clock: Backend.hostClock)
            }, cleanup: { try? FileManager.default.removeItem(atPath: dir) })
        case .postgres:
            let location = try PostgresTestServer.shared().database()
            backend = Backend(dialect: .postgres, open: {
                PostgresDatabase(location, connections: 4, changeCounter: .table("changes"))
            }, cleanup: {})
        }
        let db = try backend.open()
        defer { db.close() }
        // Every test database has the change counter the PostgreSQL handles bump.
        try db.write { x in for s in schema + ["CREATE TABLE changes (n bigint NOT NULL)", "INSERT INTO changes VALUES (0)"] { try x.execute(s, []) } }
        return backend
    }

    @Sendable static func hostClock() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// `n` hosts at once, each on its own thread with its own database handle (a thread per host:
    /// the seam blocks its caller, as GRDB does).
    func hosts(_ n: Int, _ body: @escaping @Sendable (Int, any SQLDatabase) throws -> Void) throws {
        let handles = try (0..<n).map { _ in try open() }
        defer { handles.forEach { $0.close() } }
        let errors = Errors()
        let group = DispatchGroup()
        for i in 0..<n {
            group.enter()
            let db = handles[i]
            Thread {
                defer { group.leave() }
                do { try body(i, db) } catch { errors.add("host \(i): \(error)") }
            }.start()
        }
        group.wait()
        #expect(errors.all.isEmpty, "\(errors.all)")
    }
}

final class Errors: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ e: String) { lock.withLock { list.append(e) } }
    var all: [String] { lock.withLock { list } }
}

