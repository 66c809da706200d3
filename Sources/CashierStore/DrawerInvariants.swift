import CashierCore
import GRDB

extension Store {
    /// The drawer's rules, checked by `cashier check`: every figure of a shift is derivable from
    /// its movements, and every cash payment and cash refund is in exactly one drawer.
    static func collectDrawerViolations(_ db: Database, _ collect: (String, String, (Row) -> (String, String)) throws -> Void) throws {
        try collect("closed shift's figures follow its movements and count", """
            SELECT s.id, s.expected, s.counted, s.over_short,
                   (SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = s.id) AS moved,
                   (SELECT COALESCE(SUM(denomination * quantity), 0) FROM shift_counts WHERE shift_id = s.id) AS tallied
            FROM shifts s WHERE s.state = 'closed' AND (s.expected != moved OR s.counted != tallied OR s.over_short != tallied - moved)
            """) { ("shift \($0["id"] as Int64)", "expected \($0["expected"] as Int64) vs movements \($0["moved"] as Int64), counted \($0["counted"] as Int64) vs count \($0["tallied"] as Int64)") }
        try collect("a drawer never holds less than nothing", """
            SELECT shift_id, SUM(amount) AS total FROM cash_movements GROUP BY shift_id HAVING total < 0
            """) { ("shift \($0["shift_id"] as Int64)", "movements sum to \($0["total"] as Int64)") }
        try collect("shift's float movement is its opening float", """
            SELECT s.id, s.opening_float, COUNT(m.id) AS n, COALESCE(SUM(m.amount), 0) AS total
            FROM shifts s LEFT JOIN cash_movements m ON m.shift_id = s.id AND m.kind = 'float'
            GROUP BY s.id HAVING n != 1 OR total != s.opening_float
            """) { ("shift \($0["id"] as Int64)", "opening float \($0["opening_float"] as Int64), \($0["n"] as Int) float movement(s) of \($0["total"] as Int64)") }
        try collect("counter payment has its operator's shift", """
            SELECT c.id, c.operator, c.shift_id, s.operator AS shift_operator FROM checkouts c LEFT JOIN shifts s ON s.id = c.shift_id
            WHERE (c.shift_id IS NOT NULL AND (s.id IS NULL OR s.operator != c.operator OR c.channel != 'counter'))
               OR (c.shift_id IS NULL AND c.channel = 'counter'
                   AND c.id > CAST(COALESCE((SELECT value FROM meta WHERE key = 'shifts_from_checkout'), 0) AS INTEGER))
            """) { ("checkout \($0["id"] as Int64)", "operator \($0["operator"] as String), shift \(($0["shift_id"] as Int64?).map(String.init) ?? "none") of \(($0["shift_operator"] as String?) ?? "nobody")") }
        try collect("paid cash is in the drawer", """
            SELECT c.id, c.state, c.cash, c.tendered,
                   COALESCE((SELECT SUM(amount) FROM cash_movements WHERE checkout_id = c.id AND kind = 'sale'), 0) AS sale,
                   COALESCE((SELECT SUM(amount) FROM cash_movements WHERE checkout_id = c.id AND kind = 'change'), 0) AS change,
                   (SELECT COUNT(*) FROM cash_movements WHERE checkout_id = c.id AND shift_id IS NOT c.shift_id) AS elsewhere
            FROM checkouts c
            WHERE c.id IN (SELECT checkout_id FROM cash_movements WHERE checkout_id IS NOT NULL)
               OR (c.shift_id IS NOT NULL AND c.state = 'succeeded' AND c.cash > 0)
            GROUP BY c.id
            HAVING elsewhere > 0 OR sale != (CASE WHEN c.state = 'succeeded' AND c.shift_id IS NOT NULL AND c.cash > 0 THEN c.tendered ELSE 0 END)
                OR change != (CASE WHEN c.state = 'succeeded' AND c.shift_id IS NOT NULL AND c.cash > 0 THEN c.cash - c.tendered ELSE 0 END)
            """) { ("checkout \($0["id"] as Int64)", "\($0["state"] as String), cash \($0["cash"] as Int64) tendered \($0["tendered"] as Int64); drawer took \($0["sale"] as Int64) and gave \($0["change"] as Int64)") }
        try collect("cash refund is paid from a drawer", """
            SELECT r.refund_no, r.state, r.method, r.amount, COALESCE(SUM(m.amount), 0) AS paid_out, COUNT(m.id) AS n
            FROM refund_orders r LEFT JOIN cash_movements m ON m.refund_order_id = r.id
            WHERE r.method = 'cash' OR m.id IS NOT NULL
            GROUP BY r.id
            HAVING (r.method = 'cash' AND r.state = 'succeeded' AND (n != 1 OR paid_out != -r.amount))
                OR ((r.method != 'cash' OR r.state != 'succeeded') AND n > 0)
            """) { ("refund \($0["refund_no"] as String)", "\($0["method"] as String) \($0["state"] as String) of \($0["amount"] as Int64), drawer paid \($0["paid_out"] as Int64) in \($0["n"] as Int) movement(s)") }
        try collect("Z reports are numbered without gaps", """
            SELECT number, business_date FROM z_reports z
            WHERE number > 1 AND NOT EXISTS (SELECT 1 FROM z_reports p WHERE p.number = z.number - 1 AND p.period_to = z.period_from
                                              AND p.business_date < z.business_date)
            """) { ("Z report \($0["number"] as Int64)", "for \($0["business_date"] as String) does not follow Z report \(($0["number"] as Int64) - 1)") }
    }
}
