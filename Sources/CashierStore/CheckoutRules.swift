import CashierCore
import SQLSeam

// What a checkout checks inside its write before it takes any money: the operator, each order,
// the coupon.

extension Store {
    /// The checkout's operator is an enabled user and, at the counter (which takes money into a
    /// drawer), has an open shift: both read in one statement. Returns that shift's id.
    static func requireCheckoutOperator(_ x: any SQLExecutor, _ holder: Holder) throws -> Int64? {
        let row = try x.row("""
            SELECT disabled, (SELECT id FROM shifts WHERE operator = users.name AND state = 'open') AS shift_id
            FROM users WHERE name = ?
            """, holder.owner)
        try requireActive(holder.owner, disabled: try row?.get("disabled", as: Bool.self))
        guard holder.channel == .counter else { return nil }
        guard let shiftId = try row?.get("shift_id", as: Int64?.self) else {
            throw noOpenShift(holder.owner, for: .takePayments)
        }
        return shiftId
    }

    static func requirePayable(_ x: any SQLExecutor, _ o: OrderRecord, now: Millis) throws {
        switch o.status {
        case .unpaid:
            // Past its time but not yet swept by the poller: expired all the same.
            if let at = o.expiresAt, at <= now { throw Store.expiredRefusal(o.number) }
            return
        case .paying:
            throw try payer(x, o.id).refusal(o.number, cancelling: false)
        case .paid, .partiallyRefunded, .refunded:
            throw CashierError.conflict("refusal.checkout.order_paid", ["number": "\(o.number)"])
        case .cancelled:
            throw CashierError.conflict("refusal.checkout.order_cancelled", ["number": "\(o.number)"])
        case .expired:
            throw Store.expiredRefusal(o.number)
        }
    }

    static func drawCoupon(_ x: any SQLExecutor, code: String, amount: Int64, currency: Currency, now: Millis) throws {
        guard let c = try x.row("SELECT * FROM coupons WHERE code = ?", code).map({ try CouponRecord(row: $0) }) else {
            throw CashierError.noCoupon(code)
        }
        switch CouponBalance(code: c.code, balance: c.balance, expiresAt: c.expiresAt).problem(at: now, currency: currency) {
        case .expired(let at): throw CashierError.invalid("refusal.checkout.coupon_expired", ["code": "\(code)", "at": "\(time(at))"])
        case .otherCurrency(let other): throw CashierError.invalid("refusal.checkout.coupon_currency", ["code": "\(code)", "coupon_currency": "\(other.code)", "currency": "\(currency.code)"])
        case .usedUp: throw CashierError.invalid("refusal.checkout.coupon_used_up", ["code": "\(code)"])
        case nil: break
        }
        guard try x.execute("UPDATE coupons SET balance = balance - ? WHERE code = ? AND balance >= ? AND expires_at > ?",
                            amount, code, amount, now) == 1 else {
            throw CashierError.invalid("refusal.checkout.coupon_balance", ["code": "\(code)", "balance": .amount(c.balance)])
        }
    }

    /// Who is paying an order: "web (alice) since 10:02:03".
    static func payer(_ x: any SQLExecutor, _ orderId: Int64) throws -> Payer {
        let row = try x.row("""
            SELECT c.operator, c.channel, c.created_at FROM checkout_orders co JOIN checkouts c ON c.id = co.checkout_id
            WHERE co.order_id = ? AND co.open = 1
            """, orderId)
        return Payer(who: try row.map { (try $0.get("channel"), try $0.get("operator"), time(try $0.get("created_at"))) })
    }
}

/// Who is paying an order right now, when the store can tell: the refusal names them.
struct Payer {
    var who: (channel: String, user: String, since: String)?

    func refusal(_ number: String, cancelling: Bool) -> CashierError {
        guard let who else {
            return .conflict(cancelling ? "refusal.order.being_paid_elsewhere_cancel" : "refusal.order.being_paid_elsewhere", ["number": .text(number)])
        }
        return .conflict(cancelling ? "refusal.order.being_paid_cancel" : "refusal.order.being_paid",
                         ["number": .text(number), "channel": .channel(stored: who.channel), "user": .text(who.user), "since": .text(who.since)])
    }
}
