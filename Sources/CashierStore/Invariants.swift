import CashierCore
import SQLSeam

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
        try read { x in try Store.invariantViolations(x) }
    }

    /// Every statement reads the same on both engines: PostgreSQL allows no output alias in WHERE or
    /// HAVING, so an aggregate is repeated in HAVING (SQLite computes it once all the same) and a
    /// derived column is compared outside a subquery named `t`.
    static func invariantViolations(_ x: any SQLExecutor) throws -> [Violation] {
        var v: [Violation] = []
        func collect(_ rule: String, _ statement: SQLStatement, _ describe: (SQLRow) throws -> (String, String)) throws {
            for row in try x.rows(statement.followed(by: " LIMIT 50"), []) {
                let (subject, detail) = try describe(row)
                v.append(Violation(rule: rule, subject: subject, detail: detail))
            }
        }
        func i(_ row: SQLRow, _ column: String) throws -> Int64 { try row.get(column) }
        func s(_ row: SQLRow, _ column: String) throws -> String { try row.get(column) }
        try collect("paid order's details sum to its amount", SQLStatement("""
            SELECT o.number, o.amount, o.paid, COALESCE(SUM(d.amount), 0) AS settled FROM orders o
            LEFT JOIN payment_details d ON d.order_id = o.id AND d.state IN (\(StateList.settledDetails))
            GROUP BY o.id HAVING COALESCE(SUM(d.amount), 0) != o.paid OR (o.status IN (\(StateList.paidOrders)) AND o.paid != o.amount)
            """)) { try ("order \(s($0, "number"))", "amount \(i($0, "amount")), paid \(i($0, "paid")), settled details \(i($0, "settled"))") }
        try collect("refunds within what was paid (order)", SQLStatement("""
            SELECT * FROM (
                SELECT o.number, o.paid, o.refund_reserved, o.refunded,
                       COALESCE((SELECT SUM(refund_reserved) FROM payment_details WHERE order_id = o.id), 0) AS dres,
                       COALESCE((SELECT SUM(refunded) FROM payment_details WHERE order_id = o.id), 0) AS dref
                FROM orders o WHERE o.refund_reserved > 0 OR o.refunded > 0
                   OR EXISTS(SELECT 1 FROM payment_details WHERE order_id = o.id AND refund_reserved > 0)
                GROUP BY o.id) AS t
            WHERE refund_reserved > paid OR refunded > refund_reserved OR dres != refund_reserved OR dref != refunded
            """)) { try ("order \(s($0, "number"))", "paid \(i($0, "paid")), reserved \(i($0, "refund_reserved")) (details \(i($0, "dres"))), refunded \(i($0, "refunded")) (details \(i($0, "dref")))") }
        try collect("refunds within what was paid (detail)", SQLStatement("""
            SELECT d.id, d.amount, d.refund_reserved, d.refunded,
                   COALESCE(SUM(CASE WHEN r.state != 'failed' THEN r.amount END), 0) AS live,
                   COALESCE(SUM(CASE WHEN r.state = 'succeeded' THEN r.amount END), 0) AS done
            FROM payment_details d JOIN refund_orders r ON r.detail_id = d.id
            GROUP BY d.id
            HAVING COALESCE(SUM(CASE WHEN r.state != 'failed' THEN r.amount END), 0) != d.refund_reserved
                OR COALESCE(SUM(CASE WHEN r.state = 'succeeded' THEN r.amount END), 0) != d.refunded
                OR COALESCE(SUM(CASE WHEN r.state != 'failed' THEN r.amount END), 0) > d.amount
            """)) { try ("payment detail \(i($0, "id"))", "amount \(i($0, "amount")), reserved \(i($0, "refund_reserved")) vs live refunds \(i($0, "live")), refunded \(i($0, "refunded")) vs succeeded refunds \(i($0, "done"))") }
        try collect("detail state matches its refunds", SQLStatement("""
            SELECT id, state, amount, refunded FROM payment_details
            WHERE state IN (\(StateList.settledDetails)) AND state != CASE
                WHEN refunded = 0 THEN 'succeeded' WHEN refunded >= amount THEN 'refunded' ELSE 'partially_refunded' END
            """)) { try ("payment detail \(i($0, "id"))", "state \(s($0, "state")) with \(i($0, "refunded")) of \(i($0, "amount")) refunded") }
        // The flags are integers on both engines: `<> 0`, as PostgreSQL has no integer truth.
        try collect("order status equals its derivation", SQLStatement("""
            SELECT number, status, derived FROM (
                SELECT number, status, CASE
                    WHEN cancelled <> 0 THEN 'cancelled'
                    WHEN expired <> 0 THEN 'expired'
                    WHEN EXISTS(SELECT 1 FROM checkout_orders WHERE order_id = orders.id AND open = 1) THEN 'paying'
                    WHEN paid < amount THEN 'unpaid'
                    WHEN refunded = 0 THEN 'paid'
                    WHEN refunded >= paid THEN 'refunded'
                    ELSE 'partially_refunded' END AS derived
                FROM orders) AS t
            WHERE status != derived
            """)) { try ("order \(s($0, "number"))", "stored \(s($0, "status")), derived \(s($0, "derived"))") }
        try collect("checkout details follow the checkout", SQLStatement("""
            SELECT c.id, c.state, d.id AS detail, d.state AS dstate FROM checkouts c JOIN payment_details d ON d.checkout_id = c.id
            WHERE (c.state = 'open' AND d.state != 'pending') OR (c.state = 'failed' AND d.state != 'failed')
               OR (c.state = 'succeeded' AND d.state NOT IN (\(StateList.settledDetails)))
            """)) { try ("checkout \(i($0, "id"))", "is \(s($0, "state")) but detail \(i($0, "detail")) is \(s($0, "dstate"))") }
        try collect("open checkout has an unfinished payment", SQLStatement("""
            SELECT c.id, p.state FROM checkouts c LEFT JOIN payment_orders p ON p.checkout_id = c.id
            WHERE (c.state = 'open' AND (p.id IS NULL OR p.state IN (\(StateList.finalPayments))))
               OR (c.state != 'open' AND p.state IN (\(StateList.openPayments)))
               OR (c.state = 'succeeded' AND p.id IS NOT NULL AND p.state != 'succeeded')
            """)) { try ("checkout \(i($0, "id"))", "payment order is \($0.get("state", as: String?.self) ?? "missing")") }
        try collect("checkout methods add up", SQLStatement("""
            SELECT * FROM (
                SELECT c.id, c.total, COALESCE(SUM(d.amount), 0) AS parts,
                       (SELECT SUM(amount) FROM checkout_orders WHERE checkout_id = c.id) AS orders_total
                FROM checkouts c LEFT JOIN payment_details d ON d.checkout_id = c.id
                GROUP BY c.id) AS t
            WHERE parts != total OR orders_total != total
            """)) { try ("checkout \(i($0, "id"))", "total \(i($0, "total")), details \(i($0, "parts")), orders \($0.get("orders_total", as: Int64?.self) ?? 0)") }
        try collect("unfinished payment has a next query time", SQLStatement("""
            SELECT trade_no, state FROM payment_orders WHERE state IN (\(StateList.openPayments)) AND next_query_at IS NULL
            """)) { try ("payment \(s($0, "trade_no"))", "\(s($0, "state")) with no next query time") }
        try collect("unfinished refund has a next query time", SQLStatement("""
            SELECT refund_no, state FROM refund_orders WHERE state IN (\(StateList.openRefunds)) AND next_query_at IS NULL
            """)) { try ("refund \(s($0, "refund_no"))", "\(s($0, "state")) with no next query time") }
        try collect("approved request's refunds add up", SQLStatement("""
            SELECT q.id, q.amount, COALESCE(SUM(r.amount), 0) AS parts FROM refund_requests q
            LEFT JOIN refund_orders r ON r.request_id = q.id WHERE q.state = 'approved'
            GROUP BY q.id HAVING COALESCE(SUM(r.amount), 0) != q.amount
            """)) { try ("refund request \(i($0, "id"))", "amount \(i($0, "amount")), refund orders \(i($0, "parts"))") }
        try Store.collectDrawerViolations(x, collect)
        for problem in try AuditLog.verify(x) {
            v.append(Violation(rule: "audit chain verifies", subject: "audit log", detail: problem))
        }
        return v
    }
}

extension SQLStatement {
    /// The same statement with `tail` after each of its forms.
    func followed(by tail: String) -> SQLStatement {
        postgresForm.map { SQLStatement(sqlite: sqlite + tail, postgres: $0 + tail) } ?? SQLStatement(sqlite + tail)
    }
}
