import CashierCore
import Foundation
import SQLSeam

extension SQLExecutor {
    /// Applies one state-machine step as a compare-and-set:
    /// `UPDATE table SET state = to … WHERE id = ? AND state = from`. Returns whether this caller
    /// won; a transition missing from the machine's table is never written. (Under READ COMMITTED
    /// PostgreSQL re-checks the WHERE on the newest row: one winner there too.)
    func transition<S: StateMachine>(_ table: String, id: Int64, from: S, on event: S.Event,
                                     set extra: String = "", _ extraArgs: [any SQLBindable] = []) throws -> Bool {
        guard let to = S.transition(from: from, on: event) else {
            throw CashierError.bug("\(table) \(id): no transition from \(from.rawValue) on \(event)")
        }
        let sets = extra.isEmpty ? "state = ?" : "state = ?, \(extra)"
        var args: [SQLValue] = [.text(to.rawValue)]
        args += extraArgs.map(\.sqlValue)
        args += [.integer(id), .text(from.rawValue)]
        return try execute(SQLStatement("UPDATE \(table) SET \(sets) WHERE id = ? AND state = ?"), args) == 1
    }

    /// Tries each state the event may start from; returns the state it moved from, or nil.
    func transition<S: StateMachine>(_ table: String, id: Int64, on event: S.Event, as _: S.Type,
                                     set extra: String = "", _ extraArgs: [any SQLBindable] = []) throws -> S? {
        guard let raw = try value(String.self, SQLStatement("SELECT state FROM \(table) WHERE id = ?"), id),
              let current = S(rawValue: raw), S.transition(from: current, on: event) != nil else { return nil }
        return try transition(table, id: id, from: current, on: event, set: extra, extraArgs) ? current : nil
    }
}

extension Store {
    /// Keeps an order's stored status equal to the one its money implies, stepping only along
    /// the order state machine (a jump it does not allow is a bug and aborts the transaction).
    static func refreshOrderStatus(_ x: any SQLExecutor, orderId: Int64, now: Millis) throws {
        guard let row = try x.row("""
            SELECT status, amount, paid, refunded, cancelled, expired,
                   EXISTS(SELECT 1 FROM checkout_orders WHERE order_id = orders.id AND open = 1) AS paying
            FROM orders WHERE id = ?
            """, orderId) else { return }
        let derived = OrderStatus.derive(amount: try row.get("amount"), paid: try row.get("paid"), refunded: try row.get("refunded"),
                                         paying: try row.get("paying"), cancelled: try row.get("cancelled"), expired: try row.get("expired"))
        try moveOrderStatus(x, orderId: orderId, from: OrderStatus(rawValue: try row.get("status")) ?? .unpaid, to: derived, now: now)
    }

    /// The same for an order whose row the caller holds as this transaction left it and which knows
    /// whether the order is in an open checkout: no read. With `paying` false after a success,
    /// `settlesPayment` also marks it paid, in the same compare-and-set. Returns the order as written.
    static func refreshOrderStatus(_ x: any SQLExecutor, _ o: OrderRecord, paying: Bool, settlesPayment: Bool = false, now: Millis) throws -> OrderRecord {
        var next = o
        if settlesPayment { next.paid = o.amount.minor }
        // An order in a checkout was payable when it entered it, so never expired; the flag follows the status.
        next.status = OrderStatus.derive(amount: next.amount.minor, paid: next.paid, refunded: next.refunded, paying: paying,
                                         cancelled: next.cancelled, expired: o.status == .expired)
        if next.status != o.status { next.updatedAt = max(o.updatedAt, now) }
        guard settlesPayment else {
            try moveOrderStatus(x, orderId: o.id, from: o.status, to: next.status, now: now)
            return next
        }
        guard next.status == o.status || OrderStatus.canMove(from: o.status, to: next.status) else {
            throw CashierError.bug("order \(o.id) cannot move from \(o.status.rawValue) to \(next.status.rawValue)")
        }
        guard try x.execute(SQLStatement(sqlite: "UPDATE orders SET paid = amount, status = ?, updated_at = MAX(updated_at, ?) WHERE id = ? AND paid = 0 AND status = ?",
                                         postgres: "UPDATE orders SET paid = amount, status = ?, updated_at = GREATEST(updated_at, ?) WHERE id = ? AND paid = 0 AND status = ?"),
                            next.status.rawValue, now, o.id, o.status.rawValue) == 1 else { throw CashierError.bug("order \(o.id) was already paid") }
        next.updatedAt = max(o.updatedAt, now)
        return next
    }

    /// One step along the order state machine, as a compare-and-set. `updated_at` never goes
    /// back: a business system catches up by listing on it.
    static func moveOrderStatus(_ x: any SQLExecutor, orderId: Int64, from stored: OrderStatus, to derived: OrderStatus, now: Millis) throws {
        guard derived != stored else { return }
        guard OrderStatus.canMove(from: stored, to: derived) else {
            throw CashierError.bug("order \(orderId) cannot move from \(stored.rawValue) to \(derived.rawValue)")
        }
        guard try x.execute(SQLStatement(sqlite: "UPDATE orders SET status = ?, updated_at = MAX(updated_at, ?) WHERE id = ? AND status = ?",
                                         postgres: "UPDATE orders SET status = ?, updated_at = GREATEST(updated_at, ?) WHERE id = ? AND status = ?"),
                            derived.rawValue, now, orderId, stored.rawValue) == 1 else { throw CashierError.bug("order \(orderId) changed under its transaction") }
    }

    public static func clockTime(_ millis: Millis) -> String { time(millis) }

    static func time(_ millis: Millis) -> String {
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "HH:mm:ss"
        return f.string(from: date)
    }
}
