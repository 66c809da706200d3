import CashierCore
import Foundation
import GRDBSQLite
import PlatformBills
import Reconciliation

/// Writes a day of settled online payments and refunds straight into a store's tables (one
/// transaction, the SQLite C API): the rows the engine reads to reconcile, without paying
/// 100,000 times first. Order 1 stands for every order; nothing here is timed.
func seedReconDay(path: String, trades: [StoreTrade], refunds: [StoreRefund], platform: BillPlatform) {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("open \(path)") }
    defer { sqlite3_close(db) }
    func exec(_ sql: String) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fatalError("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
    }
    func prepare(_ sql: String) -> OpaquePointer? {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK else { fatalError("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
        return stmt
    }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    func run(_ stmt: OpaquePointer?, _ values: [Any]) {
        for (i, v) in values.enumerated() {
            if let s = v as? String { sqlite3_bind_text(stmt, Int32(i + 1), s, -1, transient) } else { sqlite3_bind_int64(stmt, Int32(i + 1), v as! Int64) }
        }
        guard sqlite3_step(stmt) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
        sqlite3_reset(stmt)
    }
    exec("PRAGMA busy_timeout = 10000")
    exec("BEGIN IMMEDIATE")
    let base = Int64(platform == .alipay ? 1_000_000 : 2_000_000)
    let checkout = prepare("""
        INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at, finished_at)
        VALUES (?1, 'succeeded', 'cashier', 'counter', 'CNY', ?2, 0, 0, 0, ?2, 'code', ?3, ?3)
        """)
    let detail = prepare("""
        INSERT INTO payment_details (id, checkout_id, order_id, method, amount, currency, state, reference)
        VALUES (?1, ?1, 1, 'online', ?2, 'CNY', 'succeeded', ?3)
        """)
    let payment = prepare("""
        INSERT INTO payment_orders (id, checkout_id, trade_no, platform, mode, amount, currency, state, attempt, deadline, created_at, updated_at)
        VALUES (?1, ?1, ?2, ?3, 'code', ?4, 'CNY', 'succeeded', 1, ?5, ?5, ?5)
        """)
    let request = prepare("""
        INSERT INTO refund_requests (id, order_id, amount, currency, reason, requested_by, channel, requested_at, state)
        VALUES (?1, 1, ?2, 'CNY', 'bench', 'cashier', 'counter', ?3, 'approved')
        """)
    let refund = prepare("""
        INSERT INTO refund_orders (id, request_id, detail_id, order_id, refund_no, method, amount, currency, state, trade_no, created_at, updated_at)
        VALUES (?1, ?1, ?2, 1, ?3, 'online', ?4, 'CNY', 'succeeded', ?5, ?6, ?6)
        """)
    defer { for s in [checkout, detail, payment, request, refund] { sqlite3_finalize(s) } }
    var ids: [String: Int64] = [:]
    for (i, t) in trades.sorted(by: { $0.tradeNo < $1.tradeNo }).enumerated() {
        let id = base + Int64(i)
        ids[t.tradeNo] = id
        run(checkout, [id, t.amountMinor, t.finishedAt])
        run(detail, [id, t.amountMinor, t.tradeNo])
        run(payment, [id, t.tradeNo, platform.rawValue, t.amountMinor, t.finishedAt])
    }
    for (i, r) in refunds.enumerated() {
        let id = base + Int64(i)
        run(request, [id, r.amountMinor, r.finishedAt])
        run(refund, [id, ids[r.tradeNo]!, r.refundNo, r.amountMinor, r.tradeNo, r.finishedAt])
    }
    exec("COMMIT")
}
