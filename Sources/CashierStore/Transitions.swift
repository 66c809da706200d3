import CashierCore
import Foundation
import GRDB
import SQLiteSupport

extension Database {
    /// Applies one state-machine step as a compare-and-set:
    /// `UPDATE table SET state = to … WHERE id = ? AND state = from`. Returns whether this caller
    /// won; a transition missing from the machine's table is never written.
    func transition<S: StateMachine>(_ table: String, id: Int64, from: S, on event: S.Event,
                                     set extra: String = "", _ extraArgs: StatementArguments = []) throws -> Bool {
        guard let to = S.transition(from: from, on: event) else {
            throw CashierError(.internal, "\(table) \(id): no transition from \(from.rawValue) on \(event)")
        }
        let sets = extra.isEmpty ? "state = ?" : "state = ?, \(extra)"
        var args: StatementArguments = [to.rawValue]
        args += extraArgs
        args += [id, from.rawValue]
        try run(sql: "UPDATE \(table) SET \(sets) WHERE id = ? AND state = ?", arguments: args)
        return changesCount == 1
    }

    /// Tries each state the event may start from; returns the state it moved from, or nil.
    func transition<S: StateMachine>(_ table: String, id: Int64, on event: S.Event, as _: S.Type,
                                     set extra: String = "", _ extraArgs: StatementArguments = []) throws -> S? {
        guard let raw = try String.one(self, sql: "SELECT state FROM \(table) WHERE id = ?", arguments: [id]),
              let current = S(rawValue: raw), S.transition(from: current, on: event) != nil else { return nil }
        return try transition(table, id: id, from: current, on: event, set: extra, extraArgs) ? current : nil
    }
}

extension Store {
    /// Keeps an order's stored status equal to the one its money implies, stepping only along
    /// the order state machine (a jump it does not allow is a bug and aborts the transaction).
    static func refreshOrderStatus(_ db: Database, orderId: Int64, now: Millis) throws {
        guard let row = try Row.one(db, sql: """
            SELECT status, amount, paid, refunded, cancelled, expired,
                   EXISTS(SELECT 1 FROM checkout_orders WHERE order_id = orders.id AND open = 1) AS paying
            FROM orders WHERE id = ?
            """, arguments: [orderId]) else { return }
        let stored = OrderStatus(rawValue: row["status"]) ?? .unpaid
        let derived = OrderStatus.derive(amount: row["amount"], paid: row["paid"], refunded: row["refunded"],
                                         paying: row["paying"], cancelled: row["cancelled"], expired: row["expired"])
        guard derived != stored else { return }
        guard OrderStatus.canMove(from: stored, to: derived) else {
            throw CashierError(.internal, "order \(orderId) cannot move from \(stored.rawValue) to \(derived.rawValue)")
        }
        // updated_at never goes back: a business system lists by it.
        try db.run(sql: "UPDATE orders SET status = ?, updated_at = MAX(updated_at, ?) WHERE id = ? AND status = ?",
                       arguments: [derived.rawValue, now, orderId, stored.rawValue])
        guard db.changesCount == 1 else { throw CashierError(.internal, "order \(orderId) changed under its transaction") }
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
