import CashierCore
import GRDB
import SQLiteSupport

/// One broken rule, named so a person can find the row.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    public var rule: String
    public var subject: String
    public var detail: String
    public var description: String { "\(rule): \(subject): \(detail)" }
}

extension Store {
    /// Verifies every invariant and the audit chain. Each query is a single pass, so a store of a
    /// million orders is checked in seconds.
    public func checkInvariants() throws -> [Violation] {
        try grdbRead { db in
            var v: [Violation] = []
            func collect(_ rule: String, _ sql: String, _ describe: (Row) -> (String, String)) throws {
                for row in try Row.all(db, sql: sql + " LIMIT 50") {
                    let (subject, detail) = describe(row)
                    v.append(Violation(rule: rule, subject: subject, detail: detail))
                }
            }
            try collect("paid order's details sum to its amount", """
                SELECT o.number, o.amount, o.paid, COALESCE(SUM(d.amount), 0) AS settled FROM orders o
                LEFT JOIN payment_details d ON d.order_id = o.id AND d.state IN (\(StateList.settledDetails))
                GROUP BY o.id HAVING settled != o.paid OR (o.status IN (\(StateList.paidOrders)) AND o.paid != o.amount)
                """) { ("order \($0["number"] as String)", "amount \($0["amount"] as Int64), paid \($0["paid"] as Int64), settled details \($0["settled"] as Int64)") }
            try collect("refunds within what was paid (order)", """
                SELECT o.number, o.paid, o.refund_reserved, o.refunded,
                       COALESCE((SELECT SUM(refund_reserved) FROM payment_details WHERE order_id = o.id), 0) AS dres,
                       COALESCE((SELECT SUM(refunded) FROM payment_details WHERE order_id = o.id), 0) AS dref
                FROM orders o WHERE o.refund_reserved > 0 OR o.refunded > 0
                   OR EXISTS(SELECT 1 FROM payment_details WHERE order_id = o.id AND refund_reserved > 0)
                GROUP BY o.id HAVING o.refund_reserved > o.paid OR o.refunded > o.refund_reserved OR dres != o.refund_reserved OR dref != o.refunded
                """) { ("order \($0["number"] as String)", "paid \($0["paid"] as Int64), reserved \($0["refund_reserved"] as Int64) (details \($0["dres"] as Int64)), refunded \($0["refunded"] as Int64) (details \($0["dref"] as Int64))") }
            try collect("refunds within what was paid (detail)", """
                SELECT d.id, d.amount, d.refund_reserved, d.refunded,
                       COALESCE(SUM(CASE WHEN r.state != 'failed' THEN r.amount END), 0) AS live,
                       COALESCE(SUM(CASE WHEN r.state = 'succeeded' THEN r.amount END), 0) AS done
                FROM payment_details d JOIN refund_orders r ON r.detail_id = d.id
                GROUP BY d.id HAVING live != d.refund_reserved OR done != d.refunded OR live > d.amount
                """) { ("payment detail \($0["id"] as Int64)", "amount \($0["amount"] as Int64), reserved \($0["refund_reserved"] as Int64) vs live refunds \($0["live"] as Int64), refunded \($0["refunded"] as Int64) vs succeeded refunds \($0["done"] as Int64)") }
            try collect("detail state matches its refunds", """
                SELECT id, state, amount, refunded FROM payment_details
                WHERE state IN (\(StateList.settledDetails)) AND state != CASE
                    WHEN refunded = 0 THEN 'succeeded' WHEN refunded >= amount THEN 'refunded' ELSE 'partially_refunded' END
                """) { ("payment detail \($0["id"] as Int64)", "state \($0["state"] as String) with \($0["refunded"] as Int64) of \($0["amount"] as Int64) refunded") }
            try collect("order status equals its derivation", """
                SELECT number, status, CASE
                    WHEN cancelled THEN 'cancelled'
                    WHEN expired THEN 'expired'
                    WHEN EXISTS(SELECT 1 FROM checkout_orders WHERE order_id = orders.id AND open = 1) THEN 'paying'
                    WHEN paid < amount THEN 'unpaid'
                    WHEN refunded = 0 THEN 'paid'
                    WHEN refunded >= paid THEN 'refunded'
                    ELSE 'partially_refunded' END AS derived
                FROM orders WHERE status != derived
                """) { ("order \($0["number"] as String)", "stored \($0["status"] as String), derived \($0["derived"] as String)") }
            try collect("checkout details follow the checkout", """
                SELECT c.id, c.state, d.id AS detail, d.state AS dstate FROM checkouts c JOIN payment_details d ON d.checkout_id = c.id
                WHERE (c.state = 'open' AND d.state != 'pending') OR (c.state = 'failed' AND d.state != 'failed')
                   OR (c.state = 'succeeded' AND d.state NOT IN (\(StateList.settledDetails)))
                """) { ("checkout \($0["id"] as Int64)", "is \($0["state"] as String) but detail \($0["detail"] as Int64) is \($0["dstate"] as String)") }
            try collect("open checkout has an unfinished payment", """
                SELECT c.id, p.state FROM checkouts c LEFT JOIN payment_orders p ON p.checkout_id = c.id
                WHERE (c.state = 'open' AND (p.id IS NULL OR p.state IN (\(StateList.finalPayments))))
                   OR (c.state != 'open' AND p.state IN (\(StateList.openPayments)))
                   OR (c.state = 'succeeded' AND p.id IS NOT NULL AND p.state != 'succeeded')
                """) { ("checkout \($0["id"] as Int64)", "payment order is \(($0["state"] as String?) ?? "missing")") }
            try collect("checkout methods add up", """
                SELECT c.id, c.total, COALESCE(SUM(d.amount), 0) AS parts,
                       (SELECT SUM(amount) FROM checkout_orders WHERE checkout_id = c.id) AS orders_total
                FROM checkouts c LEFT JOIN payment_details d ON d.checkout_id = c.id
                GROUP BY c.id HAVING parts != c.total OR orders_total != c.total
                """) { ("checkout \($0["id"] as Int64)", "total \($0["total"] as Int64), details \($0["parts"] as Int64), orders \(($0["orders_total"] as Int64?) ?? 0)") }
            try collect("unfinished payment has a next query time", """
                SELECT trade_no, state FROM payment_orders WHERE state IN (\(StateList.openPayments)) AND next_query_at IS NULL
                """) { ("payment \($0["trade_no"] as String)", "\($0["state"] as String) with no next query time") }
            try collect("unfinished refund has a next query time", """
                SELECT refund_no, state FROM refund_orders WHERE state IN (\(StateList.openRefunds)) AND next_query_at IS NULL
                """) { ("refund \($0["refund_no"] as String)", "\($0["state"] as String) with no next query time") }
            try collect("approved request's refunds add up", """
                SELECT q.id, q.amount, COALESCE(SUM(r.amount), 0) AS parts FROM refund_requests q
                LEFT JOIN refund_orders r ON r.request_id = q.id WHERE q.state = 'approved'
                GROUP BY q.id HAVING parts != q.amount
                """) { ("refund request \($0["id"] as Int64)", "amount \($0["amount"] as Int64), refund orders \($0["parts"] as Int64)") }
            try Store.collectDrawerViolations(db, collect)
            for problem in try AuditLog.verify(db.seam) {
                v.append(Violation(rule: "audit chain verifies", subject: "audit log", detail: problem))
            }
            return v
        }
    }
}
