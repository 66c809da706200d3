import CashierCore
import GRDB
import SQLiteSupport

extension Store {
    /// Every settled payment and refund has exactly one receipt, nothing else has one, and the
    /// numbers run 1…n without a gap (UNIQUE and > 0 in the schema; count = max here).
    public func receiptViolations() throws -> [Violation] {
        try grdbRead { db in
            var v: [Violation] = []
            for id in try Int64.all(db, sql: """
                SELECT c.id FROM checkouts c LEFT JOIN receipts r ON r.checkout_id = c.id
                WHERE c.state = 'succeeded' AND r.id IS NULL LIMIT 50
                """) {
                v.append(Violation(rule: "a settled payment has a receipt", subject: "checkout \(id)", detail: "no receipt"))
            }
            for no in try String.all(db, sql: """
                SELECT ro.refund_no FROM refund_orders ro LEFT JOIN receipts r ON r.refund_order_id = ro.id
                WHERE ro.state = 'succeeded' AND r.id IS NULL LIMIT 50
                """) {
                v.append(Violation(rule: "a settled refund has a receipt", subject: no, detail: "no receipt"))
            }
            for row in try Row.all(db, sql: """
                SELECT r.number FROM receipts r LEFT JOIN checkouts c ON c.id = r.checkout_id
                LEFT JOIN refund_orders ro ON ro.id = r.refund_order_id
                WHERE COALESCE(c.state, ro.state) IS NOT 'succeeded' LIMIT 50
                """) {
                v.append(Violation(rule: "only settled payments and refunds have receipts", subject: "receipt \(row["number"] as Int64)",
                                   detail: "its payment or refund is not settled"))
            }
            if let row = try Row.one(db, sql: "SELECT COUNT(*) AS n, COALESCE(MAX(number), 0) AS top FROM receipts"),
               (row["n"] as Int64) != (row["top"] as Int64) {
                v.append(Violation(rule: "receipt numbers have no gaps", subject: "receipts",
                                   detail: "\(row["n"] as Int64) receipts but the highest number is \(row["top"] as Int64)"))
            }
            return v
        }
    }
}
