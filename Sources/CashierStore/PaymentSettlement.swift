import CashierCore
import GRDB
import SQLiteSupport

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
        try grdbWrite { db in
            let now = clock.now()
            _ = try db.transition("payment_orders", id: id, from: PaymentOrderState.created, on: .sent)
            try db.run(sql: """
                UPDATE payment_orders SET next_query_at = ?, message = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state IN (\(StateList.sentPayments))
                """, arguments: [nextQueryAt, message, now, id])
        }
    }

    /// Records a QR payment's content once the platform created the trade.
    public func paymentQRCreated(id: Int64, qrContent: String, nextQueryAt: Millis) throws {
        try grdbWrite { db in
            _ = try db.transition("payment_orders", id: id, from: PaymentOrderState.created, on: .sent,
                                  set: "qr_content = ?, next_query_at = ?, updated_at = ?", [qrContent, nextQueryAt, clock.now()])
        }
    }

    public func paymentSucceeded(id: Int64, platformTradeNo: String?) throws -> SettleResult {
        try grdbWrite { db in
            let now = clock.now()
            guard let po = try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE id = ?", arguments: [id]) else {
                return .ignored
            }
            switch po.state {
            case .succeeded:
                return .duplicate
            case .created, .pending:
                guard try db.transition("payment_orders", id: id, from: po.state, on: .platformSucceeded,
                                        set: "platform_trade_no = ?, next_query_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?, message = NULL",
                                        [platformTradeNo, now]) else { return .ignored }
                try Store.finishCheckout(db, checkoutId: po.checkoutId, succeeded: true, now: now, note: "trade \(po.tradeNo)")
                return .applied
            case .closing, .closed, .failed:
                // Never leave a final state: the money is recorded for review and given back.
                let seen = try Bool.one(db, sql: "SELECT EXISTS(SELECT 1 FROM review_items WHERE payment_order_id = ? AND kind = 'late_success')", arguments: [id]) ?? false
                if !seen {
                    try db.run(sql: """
                        INSERT INTO review_items (kind, payment_order_id, amount, currency, note, created_at)
                        VALUES ('late_success', ?, ?, ?, ?, ?)
                        """, arguments: [id, po.amount.minor, po.amount.currency.code,
                                         "platform reported success for \(po.tradeNo) after it was \(po.state.rawValue) here; reversal requested", now])
                    try AuditLog.append(db, at: now, AuditEvent(actor: "poller", channel: "platform", action: "payment.late_success",
                                                                subject: po.tradeNo, amount: po.amount.minor, currency: po.amount.currency.code))
                    let first = try Int64.one(db, sql: "SELECT order_id FROM checkout_orders WHERE checkout_id = ? ORDER BY position LIMIT 1",
                                              arguments: [po.checkoutId])
                    try Store.emit(db, .paymentReviewNeeded, orderId: first, now: now,
                                   extra: ["trade_no": po.tradeNo, "amount": po.amount.decimal, "review": "late_success"])
                }
                return .lateSuccess
            }
        }
    }

    public func paymentFailed(id: Int64, reason: String) throws -> SettleResult {
        try grdbWrite { db in
            let now = clock.now()
            guard let po = try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE id = ?", arguments: [id]) else { return .ignored }
            if po.state == .failed { return .duplicate }
            guard PaymentOrderState.transition(from: po.state, on: .platformFailed) != nil,
                  try db.transition("payment_orders", id: id, from: po.state, on: .platformFailed,
                                    set: "message = ?, next_query_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?", [reason, now])
            else { return .ignored }
            try Store.finishCheckout(db, checkoutId: po.checkoutId, succeeded: false, now: now, note: "trade \(po.tradeNo): \(reason)")
            return .applied
        }
    }

    /// Deadline passed or the cashier cancelled: the payment must be cancelled at the platform
    /// before it can be called closed. The poller does that at once (next_query_at = now).
    public func paymentClosing(id: Int64, event: PaymentOrderState.Event, reason: String) throws -> SettleResult {
        try grdbWrite { db in
            let now = clock.now()
            guard let po = try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE id = ?", arguments: [id]) else { return .ignored }
            if po.state == .closing { return .duplicate }
            guard PaymentOrderState.transition(from: po.state, on: event) != nil else { return .ignored }
            return try db.transition("payment_orders", id: id, from: po.state, on: event,
                                     set: "message = ?, next_query_at = ?, updated_at = ?", [reason, now, now]) ? .applied : .ignored
        }
    }

    public func paymentClosed(id: Int64, reversed: Bool) throws -> SettleResult {
        try grdbWrite { db in
            let now = clock.now()
            guard let po = try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE id = ?", arguments: [id]) else { return .ignored }
            if po.state == .closed { return .duplicate }
            guard po.state == .closing, try db.transition("payment_orders", id: id, from: po.state, on: .closeConfirmed,
                                    set: "next_query_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?", [now])
            else { return .ignored }
            let note = "trade \(po.tradeNo) closed at the platform" + (reversed ? " (money it had taken was returned)" : "")
            try Store.finishCheckout(db, checkoutId: po.checkoutId, succeeded: false, now: now, note: note)
            return .applied
        }
    }

    /// Ask again later; releases the poller's lease.
    public func paymentReschedule(id: Int64, nextQueryAt: Millis, message: String?) throws {
        try grdbWrite { db in
            try db.run(sql: """
                UPDATE payment_orders SET next_query_at = ?, queries = queries + 1, message = COALESCE(?, message),
                    lease_owner = NULL, lease_until = NULL, updated_at = ?
                WHERE id = ? AND \(StateList.openPaymentsTerm)
                """, arguments: [nextQueryAt, message, clock.now(), id])
        }
    }

    /// Claims up to `limit` due payments for `owner` with a short lease, so two pollers never
    /// query the same payment at once. Uses the partial index: cost follows due work only.
    public func claimDuePayments(owner: String, lease: Millis, limit: Int) throws -> [PaymentOrderRecord] {
        try grdbWrite { db in
            let now = clock.now()
            return try PaymentOrderRecord.all(db, sql: """
                UPDATE payment_orders SET lease_owner = ?, lease_until = ?
                WHERE id IN (SELECT id FROM payment_orders
                             WHERE \(StateList.openPaymentsTerm) AND next_query_at <= ?
                               AND (lease_until IS NULL OR lease_until <= ?)
                             ORDER BY next_query_at LIMIT ?)
                RETURNING *
                """, arguments: [owner, now + lease, now, now, limit])
        }
    }

    public func openReviewItems() throws -> [(id: Int64, kind: String, paymentOrderId: Int64?, amount: Money, note: String)] {
        try grdbRead { db in
            try Row.all(db, sql: "SELECT * FROM review_items WHERE state = 'open' ORDER BY id").map {
                ($0["id"], $0["kind"], $0["payment_order_id"],
                 Money(minor: $0["amount"], currency: Currency.named($0["currency"]) ?? .cny), $0["note"])
            }
        }
    }

    public func resolveReviewItem(id: Int64, note: String) throws {
        try grdbWrite { db in
            try db.run(sql: "UPDATE review_items SET state = 'resolved', note = note || '; ' || ? WHERE id = ? AND state = 'open'",
                           arguments: [note, id])
        }
    }
}

extension Store {
    /// The earliest next query time of unfinished work (partial indexes: cheap).
    public func nextDueTime() -> Millis? {
        try? grdbRead { db in
            try Millis.one(db, sql: """
                SELECT MIN(t) FROM (
                    SELECT MIN(next_query_at) AS t FROM payment_orders WHERE \(StateList.openPaymentsTerm)
                    UNION ALL
                    SELECT MIN(next_query_at) FROM refund_orders WHERE state IN (\(StateList.openRefunds))
                    UNION ALL
                    SELECT MIN(expires_at) FROM orders WHERE status = 'unpaid' AND expires_at IS NOT NULL)
                """)
        }
    }
}
