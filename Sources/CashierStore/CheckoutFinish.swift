import CashierCore
import SQLSeam

extension Store {
    /// Ends a checkout: every detail succeeds and the orders become paid, or every detail fails,
    /// the coupon value comes back and the orders are payable again. Locks are released either way.
    /// Returns the checkout and its orders as written (in position order); nil when it was
    /// already finished. A caller that wrote the checkout in this same transaction passes what it
    /// holds (`held`), which spares reading it back. It appends to the audit chain: its caller's
    /// write is `.serialized(key: auditChain)`.
    @discardableResult
    static func finishCheckout(_ x: any SQLExecutor, checkoutId: Int64, succeeded: Bool, now: Millis, note: String,
                               held: HeldCheckout? = nil) throws -> (CheckoutRecord, [OrderRecord])? {
        let state: CheckoutRecord.State = succeeded ? .succeeded : .failed
        guard try x.execute("UPDATE checkouts SET state = ?, finished_at = ? WHERE id = ? AND state = 'open'",
                            state.rawValue, now, checkoutId) == 1 else { return nil }  // already finished: idempotent
        let checkout: CheckoutRecord
        if var c = held?.checkout {
            c.state = state; c.finishedAt = now
            checkout = c
        } else {
            checkout = try x.row("SELECT * FROM checkouts WHERE id = ?", checkoutId).map { try CheckoutRecord(row: $0) }!
        }
        let (current, details) = try held.map { ($0.orders, $0.details) } ?? checkoutOrders(x, checkoutId: checkoutId)
        try finishDetails(x, checkoutId: checkoutId, on: succeeded ? .checkoutSucceeded : .checkoutFailed, count: details)
        if !succeeded, checkout.coupon > 0, let code = checkout.couponCode {
            try x.execute("UPDATE coupons SET balance = balance + ? WHERE code = ?", checkout.coupon, code)
        }
        let orderIds = current.map(\.id)
        try x.execute("UPDATE checkout_orders SET open = 0 WHERE checkout_id = ?", checkoutId)
        // This checkout was each order's only open one (the partial unique index) and is closed now.
        let orders = try current.map { try refreshOrderStatus(x, $0, paying: false, settlesPayment: succeeded, now: now) }
        if succeeded { for o in orders { try emit(x, .orderPaid, order: o, now: now) } }
        try releaseLocks(x, orderIds: held?.leased ?? orderIds)
        if succeeded { try recordCheckoutCash(x, checkout, now: now) }
        try AuditLog.append(x, at: now, AuditEvent(
            actor: checkout.operatorName, channel: checkout.channel, action: succeeded ? "payment.succeeded" : "payment.failed",
            subject: "checkout \(checkoutId)", amount: checkout.total, currency: checkout.currency.code, detail: note), after: held?.audit)
        return (checkout, orders)
    }

    /// A checkout's orders (in position order) and its number of payment details, in one read.
    static func checkoutOrders(_ x: any SQLExecutor, checkoutId: Int64) throws -> ([OrderRecord], Int) {
        let rows = try x.rows("""
            SELECT o.*, co.order_id AS listed_order, (SELECT COUNT(*) FROM payment_details WHERE checkout_id = co.checkout_id) AS details
            FROM checkout_orders co LEFT JOIN orders o ON o.id = co.order_id WHERE co.checkout_id = ? ORDER BY co.position
            """, checkoutId)
        let orders = try rows.map { row in
            guard try row.get("id", as: Int64?.self) != nil else {
                throw CashierError.bug("order \(try row.get("listed_order", as: Int64.self)) of checkout \(checkoutId) is missing")
            }
            return try OrderRecord(row: row)
        }
        return (orders, try rows.first?.get("details", as: Int.self) ?? 0)
    }

    /// Every detail of the checkout steps from pending, as one compare-and-set over all of them:
    /// only pending details change, so a detail that was not pending shows as a shortfall against
    /// the checkout's `count` of details.
    static func finishDetails(_ x: any SQLExecutor, checkoutId: Int64, on event: PaymentDetailState.Event, count all: Int) throws {
        guard let to = PaymentDetailState.transition(from: .pending, on: event) else {
            throw CashierError.bug("payment_details: no transition from pending on \(event)")
        }
        let changed = try x.execute("UPDATE payment_details SET state = ? WHERE checkout_id = ? AND state = ?",
                                    to.rawValue, checkoutId, PaymentDetailState.pending.rawValue)
        guard changed == all else {
            throw CashierError.bug("\(all - changed) payment detail(s) were not pending when checkout \(checkoutId) finished")
        }
    }
}

/// What a caller that wrote a checkout in the same transaction holds, so that finishing it reads
/// nothing back: the checkout as inserted, its orders as written (in position order), its number
/// of details, the hash of its audit entry, and the orders that have a lease row to drop.
struct HeldCheckout {
    var checkout: CheckoutRecord
    var orders: [OrderRecord]
    var details: Int
    var audit: String
    var leased: [Int64]
}
