import CashierCore
import SQLSeam

/// Everything a payment receipt shows, read in one snapshot.
public struct PaymentReceiptData: Sendable, Equatable {
    public var receipt: ReceiptRecord
    public var checkout: CheckoutRecord
    public var paymentOrder: PaymentOrderRecord?
    public var orders: [(order: OrderRecord, lines: [OrderLineRecord])]
    public var details: [PaymentDetailRecord]
    /// The terminal of the shift a counter payment was taken in.
    public var terminal: String?

    public static func == (a: Self, b: Self) -> Bool {
        a.receipt == b.receipt && a.terminal == b.terminal && a.checkout == b.checkout && a.paymentOrder == b.paymentOrder && a.details == b.details
            && a.orders.map(\.order) == b.orders.map(\.order) && a.orders.map(\.lines) == b.orders.map(\.lines)
    }
}

/// Everything a refund receipt shows, read in one snapshot.
public struct RefundReceiptData: Sendable, Equatable {
    public var receipt: ReceiptRecord
    public var refundOrder: RefundOrderRecord
    public var request: RefundRequestRecord
    public var order: OrderRecord
    public var detail: PaymentDetailRecord
    /// The payment the money goes back through (online refunds).
    public var paymentOrder: PaymentOrderRecord?
    /// Refunded on the order by this refund and those settled before it (by receipt number), so a
    /// reprint shows what the original showed.
    public var refundedThrough: Int64
    /// The terminal whose drawer paid a cash refund.
    public var terminal: String?
}

public enum ReceiptData: Sendable, Equatable {
    case payment(PaymentReceiptData)
    case refund(RefundReceiptData)

    public var receipt: ReceiptRecord {
        switch self {
        case .payment(let p): return p.receipt
        case .refund(let r): return r.receipt
        }
    }

    public var terminal: String? {
        switch self {
        case .payment(let p): return p.terminal
        case .refund(let r): return r.terminal
        }
    }
}

extension Store {
    public func receiptData(_ r: ReceiptRecord) throws -> ReceiptData {
        try read { x in try Store.receiptData(x, r) }
    }

    static func receiptData(_ x: any SQLExecutor, _ r: ReceiptRecord) throws -> ReceiptData {
        func one<T>(_ make: (SQLRow) throws -> T, _ sql: SQLStatement, _ values: any SQLBindable...) throws -> T? {
            try x.rows(sql, values.map(\.sqlValue)).first.map(make)
        }
        switch r.kind {
        case .payment:
            guard let id = r.checkoutId, let c = try one(CheckoutRecord.init(row:), "SELECT * FROM checkouts WHERE id = ?", id) else {
                throw CashierError.bug("receipt \(r.number): its checkout is missing")
            }
            let po = try one(PaymentOrderRecord.init(row:), "SELECT * FROM payment_orders WHERE checkout_id = ?", id)
            let orders = try x.rows("""
                SELECT o.* FROM checkout_orders co JOIN orders o ON o.id = co.order_id
                WHERE co.checkout_id = ? ORDER BY co.position
                """, id).map(OrderRecord.init(row:))
            let withLines = try orders.map { o in
                (order: o, lines: try x.rows("SELECT * FROM order_lines WHERE order_id = ? ORDER BY id", o.id).map(OrderLineRecord.init(row:)))
            }
            let details = try x.rows("SELECT * FROM payment_details WHERE checkout_id = ? ORDER BY id", id).map(PaymentDetailRecord.init(row:))
            let terminal = try c.shiftId.flatMap { try x.value(String.self, "SELECT terminal FROM shifts WHERE id = ?", $0) }
            return .payment(PaymentReceiptData(receipt: r, checkout: c, paymentOrder: po, orders: withLines, details: details,
                                               terminal: terminal))
        case .refund:
            guard let id = r.refundOrderId,
                  let ro = try one(RefundOrderRecord.init(row:), "SELECT * FROM refund_orders WHERE id = ?", id),
                  let req = try one(RefundRequestRecord.init(row:), "SELECT * FROM refund_requests WHERE id = ?", ro.requestId),
                  let o = try one(OrderRecord.init(row:), "SELECT * FROM orders WHERE id = ?", ro.orderId),
                  let d = try one(PaymentDetailRecord.init(row:), "SELECT * FROM payment_details WHERE id = ?", ro.detailId)
            else { throw CashierError.bug("receipt \(r.number): its refund is missing") }
            let po = try one(PaymentOrderRecord.init(row:), "SELECT * FROM payment_orders WHERE checkout_id = ?", d.checkoutId)
            let through = try x.value(Int64.self, """
                SELECT COALESCE(SUM(ro.amount), 0) FROM refund_orders ro JOIN receipts rc ON rc.refund_order_id = ro.id
                WHERE ro.order_id = ? AND ro.state = 'succeeded' AND rc.number <= ?
                """, ro.orderId, r.number) ?? ro.amount.minor
            let terminal = try x.value(String.self, "SELECT s.terminal FROM cash_movements m JOIN shifts s ON s.id = m.shift_id WHERE m.refund_order_id = ?",
                                       ro.id)
            return .refund(RefundReceiptData(receipt: r, refundOrder: ro, request: req, order: o, detail: d,
                                             paymentOrder: po, refundedThrough: through, terminal: terminal))
        }
    }
}

/// One line of `cashier receipt list`.
public struct ReceiptSummary: Sendable, Equatable {
    public var record: ReceiptRecord
    /// The trade number (or "checkout N" without an online part) or the refund number.
    public var subject: String
    public var orders: [String]
    public var amount: Money
}

extension Store {
    /// Newest first.
    public func receiptSummaries(limit: Int) throws -> [ReceiptSummary] {
        try read { x in try Store.receiptSummaries(x, limit: limit) }
    }

    /// A payment's order numbers in one column: SQLite's `group_concat`, PostgreSQL's `string_agg`.
    static func receiptSummaries(_ x: any SQLExecutor, limit: Int) throws -> [ReceiptSummary] {
        func summaries(numbers: String) -> String {
            """
            SELECT r.*,
                CASE r.kind WHEN 'payment' THEN COALESCE(p.trade_no, 'checkout ' || c.id) ELSE ro.refund_no END AS subject,
                COALESCE(c.total, ro.amount) AS money, COALESCE(c.currency, ro.currency) AS money_currency,
                CASE r.kind
                    WHEN 'payment' THEN (SELECT \(numbers) FROM checkout_orders co
                                         JOIN orders o ON o.id = co.order_id WHERE co.checkout_id = c.id)
                    ELSE (SELECT number FROM orders WHERE id = ro.order_id) END AS order_numbers
            FROM receipts r
            LEFT JOIN checkouts c ON c.id = r.checkout_id
            LEFT JOIN payment_orders p ON p.checkout_id = c.id
            LEFT JOIN refund_orders ro ON ro.id = r.refund_order_id
            ORDER BY r.number DESC LIMIT ?
            """
        }
        let statement = SQLStatement(sqlite: summaries(numbers: "group_concat(o.number, ',')"),
                                     postgres: summaries(numbers: "string_agg(o.number, ',' ORDER BY co.position)"))
        return try x.rows(statement, limit).map { row in
            let numbers = try row.get("order_numbers", as: String?.self) ?? ""
            return ReceiptSummary(record: try ReceiptRecord(row: row), subject: try row.get("subject", as: String?.self) ?? "",
                                  orders: numbers.split(separator: ",").map(String.init),
                                  amount: Money(minor: try row.get("money", as: Int64?.self) ?? 0,
                                                currency: Currency.named(try row.get("money_currency", as: String?.self) ?? "") ?? .cny))
        }
    }
}
