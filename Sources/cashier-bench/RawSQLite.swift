import Foundation
import GRDBSQLite

// SQLite's floor, measured in the same run as the engine: hand-written C API calls, WAL,
// synchronous=NORMAL, statements prepared once.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func secondsAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// `count` commits of a one-row insert each.
func rawCommits(_ count: Int, path: String) -> Double {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("open \(path)") }
    defer { sqlite3_close(db) }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)", nil, nil, nil)
    var stmt: OpaquePointer?
    sqlite3_prepare_v2(db, "INSERT INTO t (v) VALUES (?)", -1, &stmt, nil)
    defer { sqlite3_finalize(stmt) }
    return seconds {
        for i in 0..<count {
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            sqlite3_bind_int64(stmt, 1, Int64(i))
            sqlite3_step(stmt)
            sqlite3_reset(stmt)
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
    }
}

/// A cash payment with the minimal SQL a hand-written program would use: mark the order paid
/// (compare-and-set), write one payment detail and one audit row, in one IMMEDIATE transaction.
func rawMinimalPayments(_ count: Int, path: String) -> Double {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("open \(path)") }
    defer { sqlite3_close(db) }
    sqlite3_exec(db, """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE orders (id INTEGER PRIMARY KEY, amount INTEGER, status TEXT, paid INTEGER);
        CREATE TABLE details (id INTEGER PRIMARY KEY, order_id INTEGER, method TEXT, amount INTEGER);
        CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER, action TEXT, amount INTEGER);
        """, nil, nil, nil)
    sqlite3_exec(db, "BEGIN", nil, nil, nil)
    for i in 0..<count { sqlite3_exec(db, "INSERT INTO orders VALUES (\(i + 1), 1000, 'unpaid', 0)", nil, nil, nil) }
    sqlite3_exec(db, "COMMIT", nil, nil, nil)
    var update: OpaquePointer?, detail: OpaquePointer?, audit: OpaquePointer?
    sqlite3_prepare_v2(db, "UPDATE orders SET status = 'paid', paid = amount WHERE id = ? AND status = 'unpaid'", -1, &update, nil)
    sqlite3_prepare_v2(db, "INSERT INTO details (order_id, method, amount) VALUES (?, 'cash', 1000)", -1, &detail, nil)
    sqlite3_prepare_v2(db, "INSERT INTO audit (at, action, amount) VALUES (?, 'payment', 1000)", -1, &audit, nil)
    defer { sqlite3_finalize(update); sqlite3_finalize(detail); sqlite3_finalize(audit) }
    return seconds {
        for i in 0..<count {
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for stmt in [update, detail, audit] {
                sqlite3_bind_int64(stmt, 1, Int64(i + 1))
                sqlite3_step(stmt)
                sqlite3_reset(stmt)
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
    }
}
