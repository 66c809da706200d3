import CashierCore
import SQLSeam

extension Store {
    /// Every settled payment and refund has exactly one receipt, nothing else has one, and the
    /// numbers run 1…n without a gap (UNIQUE and > 0 in the schema; count = max here).
    public func receiptViolations() throws -> [Violation] {
        try read { x in try Store.receiptViolations(x) }
    }

    static func receiptViolations(_ x: any SQLExecutor) throws -> [Violation] {
        var v: [Violation] = []
        for row in try x.rows("""
            SELECT c.id FROM checkouts c LEFT JOIN receipts r ON r.checkout_id = c.id
            WHERE c.state = 'succeeded' AND r.id IS NULL LIMIT 50
            """) {
            v.append(Violation(rule: "a settled payment has a receipt", subject: "checkout \(try row.get(at: 0, as: Int64.self))", detail: "no receipt"))
        }
        for row in try x.rows("""
            SELECT ro.refund_no FROM refund_orders ro LEFT JOIN receipts r ON r.refund_order_id = ro.id
            WHERE ro.state = 'succeeded' AND r.id IS NULL LIMIT 50
            """) {
            v.append(Violation(rule: "a settled refund has a receipt", subject: try row.get(at: 0, as: String.self), detail: "no receipt"))
        }
        // SQLite's `IS NOT` is PostgreSQL's `IS DISTINCT FROM` (SQLite reads the latter only from 3.39 on).
        for row in try x.rows(SQLStatement(sqlite: """
            SELECT r.number FROM receipts r LEFT JOIN checkouts c ON c.id = r.checkout_id
            LEFT JOIN refund_orders ro ON ro.id = r.refund_order_id
            WHERE COALESCE(c.state, ro.state) IS NOT 'succeeded' LIMIT 50
            """, postgres: """
            SELECT r.number FROM receipts r LEFT JOIN checkouts c ON c.id = r.checkout_id
            LEFT JOIN refund_orders ro ON ro.id = r.refund_order_id
            WHERE COALESCE(c.state, ro.state) IS DISTINCT FROM 'succeeded' LIMIT 50
            """)) {
            v.append(Violation(rule: "only settled payments and refunds have receipts", subject: "receipt \(try row.get("number", as: Int64.self))",
                               detail: "its payment or refund is not settled"))
        }
        if let row = try x.row("SELECT COUNT(*) AS n, COALESCE(MAX(number), 0) AS top FROM receipts") {
            let n: Int64 = try row.get("n"), top: Int64 = try row.get("top")
            if n != top {
                v.append(Violation(rule: "receipt numbers have no gaps", subject: "receipts", detail: "\(n) receipts but the highest number is \(top)"))
            }
        }
        return v
    }
}
