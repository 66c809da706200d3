import CashierCore
import SQLSeam

extension Store {
    public func checkout(id: Int64) throws -> CheckoutRecord? {
        try read { x in try x.row("SELECT * FROM checkouts WHERE id = ?", id).map { try CheckoutRecord(row: $0) } }
    }

    public func paymentOrder(checkoutId: Int64) throws -> PaymentOrderRecord? {
        try read { x in try x.row("SELECT * FROM payment_orders WHERE checkout_id = ?", checkoutId).map { try PaymentOrderRecord(row: $0) } }
    }

    public func paymentOrder(tradeNo: String) throws -> PaymentOrderRecord? {
        try read { x in try x.row("SELECT * FROM payment_orders WHERE trade_no = ?", tradeNo).map { try PaymentOrderRecord(row: $0) } }
    }

    public func paymentOrder(id: Int64) throws -> PaymentOrderRecord? {
        try read { x in try x.row("SELECT * FROM payment_orders WHERE id = ?", id).map { try PaymentOrderRecord(row: $0) } }
    }

    public func checkoutView(id: Int64) throws -> CheckoutView? {
        try read { x in try Store.checkoutView(x, id: id) }
    }

    static func checkoutView(_ x: any SQLExecutor, id: Int64) throws -> CheckoutView? {
        guard let c = try x.row("SELECT * FROM checkouts WHERE id = ?", id).map({ try CheckoutRecord(row: $0) }) else { return nil }
        let po = try x.row("SELECT * FROM payment_orders WHERE checkout_id = ?", id).map { try PaymentOrderRecord(row: $0) }
        let orders = try x.rows("""
            SELECT o.* FROM checkout_orders co JOIN orders o ON o.id = co.order_id
            WHERE co.checkout_id = ? ORDER BY co.position
            """, id).map { try OrderRecord(row: $0) }
        let details = try x.rows("SELECT * FROM payment_details WHERE checkout_id = ?", id).map { try PaymentDetailRecord(row: $0) }
        let shares = orders.map { o -> CheckoutView.Share in
            let mine = details.filter { $0.orderId == o.id }
            func sum(_ m: PaymentMethod) -> Int64 { mine.filter { $0.method == m }.reduce(0) { $0 + $1.amount } }
            return .init(order: o, coupon: sum(.coupon), cash: sum(.cash), online: sum(.online))
        }
        return CheckoutView(checkout: c, paymentOrder: po, shares: shares)
    }

    /// The newest checkout of an order, if any.
    public func latestCheckout(orderId: Int64) throws -> Int64? {
        try read { x in try x.value(Int64?.self, "SELECT MAX(checkout_id) FROM checkout_orders WHERE order_id = ?", orderId) ?? nil }
    }
}
