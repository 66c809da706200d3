import CashierCore
import SQLSeam

/// What applying a platform answer did.
public enum SettleResult: Sendable, Equatable {
    /// This call moved the payment.
    case applied
    /// Already in that state (a duplicate answer): nothing changed.
    case duplicate
    /// A success for a payment already failed or closed here: recorded for review and reversal.
    case lateSuccess
    /// The payment is in a state this answer cannot move.
    case ignored
}

extension Store {
    /// The platform took the payment but has no final answer (waiting for the customer, or unknown).
    public func paymentWaiting(id: Int64, message: String?, nextQueryAt: Millis) throws {
        try write { x in
            let now = clock.now()
            _ = try x.transition("payment_orders", id: id, from: PaymentOrderState.created, on: .sent)
            try x.execute(SQLStatement("""
                UPDATE payment_orders SET next_query_at = ?, message = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state IN (\(StateList.sentPayments))
                """), nextQueryAt, message, now, id)
        }
    }

    /// Records a QR payment's content once the platform created the trade.
    public func paymentQRCreated(id: Int64, qrContent: String, nextQueryAt: Millis) throws {
        try write { x in
            _ = try x.transition("payment_orders", id: id, from: PaymentOrderState.created, on: .sent,
                                 set: "qr_content = ?, next_query_at = ?, updated_at = ?", [qrContent, nextQueryAt, clock.now()])
        }
    }

    /// Settling appends to the audit chain (and numbers a receipt): serialized, as are the others
    /// below that finish a checkout.
    public func paymentSucceeded(id: Int64, platformTradeNo: String?) throws -> SettleResult {
        try write(.serialized(key: Store.auditChain)) { x in
            try Store.paymentSucceeded(x, id: id, platformTradeNo: platformTradeNo, now: clock.now())
        }
    }

    static func paymentOrder(_ x: any SQLExecutor, id: Int64) throws -> PaymentOrderRecord? {
        try x.row("SELECT * FROM payment_orders WHERE id = ?", id).map { try PaymentOrderRecord(row: $0) }
    }

    static func paymentSucceeded(_ x: any SQLExecutor, id: Int64, platformTradeNo: String?, now: Millis) throws -> SettleResult {
        guard let po = try paymentOrder(x, id: id) else {
            return .ignored
        }
        switch po.state {
        case .succeeded:
            return .duplicate
        case .created, .pending:
            guard try x.transition("payment_orders", id: id, from: po.state, on: .platformSucceeded,
                                   set: "platform_trade_no = ?, next_query_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?, message = NULL",
                                   [platformTradeNo, now]) else { return .ignored }
            try Store.finishCheckout(x, checkoutId: po.checkoutId, succeeded: true, now: now, note: "trade \(po.tradeNo)")
            return .applied
        case .closing, .closed, .failed:
            // Never leave a final state: the money is recorded for review and given back.
            let seen = try x.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM review_items WHERE payment_order_id = ? AND kind = 'late_success')", id) ?? false
            if !seen {
                try x.execute("""
                    INSERT INTO review_items (kind, payment_order_id, amount, currency, note, created_at)
                    VALUES ('late_success', ?, ?, ?, ?, ?)
                    """, id, po.amount.minor, po.amount.currency.code,
                    "platform reported success for \(po.tradeNo) after it was \(po.state.rawValue) here; reversal requested", now)
                try AuditLog.append(x, at: now, AuditEvent(actor: "poller", channel: "platform", action: "payment.late_success",
                                                           subject: po.tradeNo, amount: po.amount.minor, currency: po.amount.currency.code))
                let first = try x.value(Int64.self, "SELECT order_id FROM checkout_orders WHERE checkout_id = ? ORDER BY position LIMIT 1",
                                        po.checkoutId)
                try Store.emit(x, .paymentReviewNeeded, orderId: first, now: now,
                               extra: ["trade_no": po.tradeNo, "amount": po.amount.decimal, "review": "late_success"])
            }
            return .lateSuccess
        }
    }

    public func paymentFailed(id: Int64, reason: String) throws -> SettleResult {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            guard let po = try Store.paymentOrder(x, id: id) else { return .ignored }
            if po.state == .failed { return .duplicate }
            guard PaymentOrderState.transition(from: po.state, on: .platformFailed) != nil,
                  try x.transition("payment_orders", id: id, from: po.state, on: .platformFailed,
                                   set: "message = ?, next_query_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?", [reason, now])
            else { return .ignored }
            try Store.finishCheckout(x, checkoutId: po.checkoutId, succeeded: false, now: now, note: "trade \(po.tradeNo): \(reason)")
            return .applied
        }
    }

    /// Deadline passed or the cashier cancelled: the payment must be cancelled at the platform
    /// before it can be called closed. The poller does that at once (next_query_at = now).
    public func paymentClosing(id: Int64, event: PaymentOrderState.Event, reason: String) throws -> SettleResult {
        try write { x in
            let now = clock.now()
            guard let po = try Store.paymentOrder(x, id: id) else { return .ignored }
            if po.state == .closing { return .duplicate }
            guard PaymentOrderState.transition(from: po.state, on: event) != nil else { return .ignored }
            return try x.transition("payment_orders", id: id, from: po.state, on: event,
                                    set: "message = ?, next_query_at = ?, updated_at = ?", [reason, now, now]) ? .applied : .ignored
        }
    }

    public func paymentClosed(id: Int64, reversed: Bool) throws -> SettleResult {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            guard let po = try Store.paymentOrder(x, id: id) else { return .ignored }
            if po.state == .closed { return .duplicate }
            guard po.state == .closing, try x.transition("payment_orders", id: id, from: po.state, on: .closeConfirmed,
                                    set: "next_query_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?", [now])
            else { return .ignored }
            let note = "trade \(po.tradeNo) closed at the platform" + (reversed ? " (money it had taken was returned)" : "")
            try Store.finishCheckout(x, checkoutId: po.checkoutId, succeeded: false, now: now, note: note)
            return .applied
        }
    }

    /// Ask again later; releases the poller's lease.
    public func paymentReschedule(id: Int64, nextQueryAt: Millis, message: String?) throws {
        try write { x in
            try x.execute(SQLStatement("""
                UPDATE payment_orders SET next_query_at = ?, queries = queries + 1, message = COALESCE(?, message),
                    lease_owner = NULL, lease_until = NULL, updated_at = ?
                WHERE id = ? AND \(StateList.openPaymentsTerm)
                """), nextQueryAt, message, clock.now(), id)
        }
    }

    /// Claims up to `limit` due payments for `owner` with a short lease, so two pollers never
    /// query the same payment at once. Uses the partial index: cost follows due work only.
    public func claimDuePayments(owner: String, lease: Millis, limit: Int) throws -> [PaymentOrderRecord] {
        try write { x in try Store.claimDuePayments(x, owner: owner, lease: lease, limit: limit, now: clock.now()) }
    }

    /// One statement. On PostgreSQL the due rows are locked as they are picked and rows another
    /// poller holds are skipped (`FOR UPDATE SKIP LOCKED`): without it, two pollers under READ
    /// COMMITTED pick the same rows from the same snapshot. A row whose claim committed meanwhile
    /// is re-read once its lock is free, and its new lease leaves it out. SQLite's single writer
    /// needs no locking clause.
    static let claimDue = SQLStatement.claim { locking in
        """
        UPDATE payment_orders SET lease_owner = ?, lease_until = ?
        WHERE id IN (SELECT id FROM payment_orders
                     WHERE \(StateList.openPaymentsTerm) AND next_query_at <= ?
                       AND (lease_until IS NULL OR lease_until <= ?)
                     ORDER BY next_query_at LIMIT ?\(locking))
        RETURNING *
        """
    }

    static func claimDuePayments(_ x: any SQLExecutor, owner: String, lease: Millis, limit: Int, now: Millis) throws -> [PaymentOrderRecord] {
        try x.rows(claimDue, owner, now + lease, now, now, limit).map { try PaymentOrderRecord(row: $0) }
    }

    public func openReviewItems() throws -> [(id: Int64, kind: String, paymentOrderId: Int64?, amount: Money, note: String)] {
        try read { x in
            try x.rows("SELECT * FROM review_items WHERE state = 'open' ORDER BY id").map {
                (try $0.get("id"), try $0.get("kind"), try $0.get("payment_order_id"),
                 Money(minor: try $0.get("amount"), currency: Currency.named(try $0.get("currency")) ?? .cny), try $0.get("note"))
            }
        }
    }

    public func resolveReviewItem(id: Int64, note: String) throws {
        try write { x in
            try x.execute("UPDATE review_items SET state = 'resolved', note = note || '; ' || ? WHERE id = ? AND state = 'open'", note, id)
        }
    }
}

extension Store {
    /// The earliest next query time of unfinished work (partial indexes: cheap).
    public func nextDueTime() -> Millis? {
        try? read { x in
            try x.value(Millis?.self, SQLStatement("""
                SELECT MIN(t) FROM (
                    SELECT MIN(next_query_at) AS t FROM payment_orders WHERE \(StateList.openPaymentsTerm)
                    UNION ALL
                    SELECT MIN(next_query_at) FROM refund_orders WHERE state IN (\(StateList.openRefunds))
                    UNION ALL
                    SELECT MIN(expires_at) FROM orders WHERE status = 'unpaid' AND expires_at IS NOT NULL) AS due
                """)) ?? nil
        }
    }
}
