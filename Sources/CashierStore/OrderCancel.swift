import CashierCore
import SQLSeam

extension Store {
    /// Cancels an unpaid order nobody is paying or holding; it can no longer be paid. One being
    /// paid is refused naming who pays it; a paid one is refused pointing to a refund.
    public func cancelOrder(id: Int64, by user: String, channel: Channel, reason: String = "") throws -> OrderRecord {
        // Audited: on the audit chain's serialization.
        try write(.serialized(key: Store.auditChain)) { x in
            try Store.cancelOrder(x, id: id, by: user, channel: channel, reason: reason, now: clock.now())
        }
    }

    static func cancelOrder(_ x: any SQLExecutor, id: Int64, by user: String, channel: Channel, reason: String, now: Millis) throws -> OrderRecord {
        try Store.requireActiveUser(x, user)
        guard let o = try x.row("SELECT * FROM orders WHERE id = ?", id).map({ try OrderRecord(row: $0) }) else {
            throw CashierError.notFound("refusal.order.no_id", ["id": "\(id)"])
        }
        switch o.status {
        case .unpaid: break
        case .paying:
            throw try Store.payer(x, o.id).refusal(o.number, cancelling: true)
        case .paid, .partiallyRefunded, .refunded:
            throw CashierError.conflict("refusal.order.refund_instead", ["number": "\(o.number)", "state": .status(o.status)])
        case .cancelled, .expired:
            throw CashierError.conflict("refusal.order.cancel_not_unpaid", ["number": "\(o.number)", "state": .status(o.status)])
        }
        if let held = try x.row("SELECT * FROM order_locks WHERE order_id = ?", id).map({ try LockRecord(row: $0) }), held.expiresAt > now {
            throw Store.heldElsewhere(o.number, held)
        }
        // Orders keep their status in `status`, so the step is written out; the machine allows it.
        precondition(OrderStatus.transition(from: .unpaid, on: .cancelled) == .cancelled)
        guard try x.execute(SQLStatement(
            sqlite: "UPDATE orders SET status = 'cancelled', cancelled = 1, updated_at = MAX(updated_at, ?) WHERE id = ? AND status = 'unpaid'",
            postgres: "UPDATE orders SET status = 'cancelled', cancelled = 1, updated_at = GREATEST(updated_at, ?) WHERE id = ? AND status = 'unpaid'"),
            now, id) == 1 else { throw CashierError.conflict("refusal.order.changed", ["number": "\(o.number)"]) }
        try AuditLog.append(x, at: now, AuditEvent(actor: user, channel: channel.rawValue, action: "order.cancelled",
                                                   subject: "order \(o.number)", amount: o.amount.minor, currency: o.currency.code,
                                                   detail: reason))
        try Store.emit(x, .orderCancelled, orderId: id, now: now, extra: ["reason": reason])
        return try x.row("SELECT * FROM orders WHERE id = ?", id).map { try OrderRecord(row: $0) }!
    }
}
