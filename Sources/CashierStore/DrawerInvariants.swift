import CashierCore
import SQLSeam

extension Store {
    /// The drawer's rules, checked by `cashier check`: every figure of a shift is derivable from
    /// its movements, and every cash payment and cash refund is in exactly one drawer. One form for
    /// both engines (see `invariantViolations`) but for `IS NOT` between two columns: PostgreSQL's
    /// `IS DISTINCT FROM`, which SQLite reads only from 3.39 on.
    static func collectDrawerViolations(_ x: any SQLExecutor, _ collect: (String, SQLStatement, (SQLRow) throws -> (String, String)) throws -> Void) throws {
        func i(_ row: SQLRow, _ column: String) throws -> Int64 { try row.get(column) }
        func s(_ row: SQLRow, _ column: String) throws -> String { try row.get(column) }
        try collect("closed shift's figures follow its movements and count", """
            SELECT * FROM (
                SELECT s.id, s.expected, s.counted, s.over_short,
                       (SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = s.id) AS moved,
                       (SELECT COALESCE(SUM(denomination * quantity), 0) FROM shift_counts WHERE shift_id = s.id) AS tallied
                FROM shifts s WHERE s.state = 'closed') AS t
            WHERE expected != moved OR counted != tallied OR over_short != tallied - moved
            """) { try ("shift \(i($0, "id"))", "expected \(i($0, "expected")) vs movements \(i($0, "moved")), counted \(i($0, "counted")) vs count \(i($0, "tallied"))") }
        try collect("a drawer never holds less than nothing", """
            SELECT shift_id, SUM(amount) AS total FROM cash_movements GROUP BY shift_id HAVING SUM(amount) < 0
            """) { try ("shift \(i($0, "shift_id"))", "movements sum to \(i($0, "total"))") }
        try collect("shift's float movement is its opening float", """
            SELECT s.id, s.opening_float, COUNT(m.id) AS n, COALESCE(SUM(m.amount), 0) AS total
            FROM shifts s LEFT JOIN cash_movements m ON m.shift_id = s.id AND m.kind = 'float'
            GROUP BY s.id HAVING COUNT(m.id) != 1 OR COALESCE(SUM(m.amount), 0) != s.opening_float
            """) { try ("shift \(i($0, "id"))", "opening float \(i($0, "opening_float")), \(i($0, "n")) float movement(s) of \(i($0, "total"))") }
        // meta holds text: the default is text too, for PostgreSQL's COALESCE.
        try collect("counter payment has its operator's shift", """
            SELECT c.id, c.operator, c.shift_id, s.operator AS shift_operator FROM checkouts c LEFT JOIN shifts s ON s.id = c.shift_id
            WHERE (c.shift_id IS NOT NULL AND (s.id IS NULL OR s.operator != c.operator OR c.channel != 'counter'))
               OR (c.shift_id IS NULL AND c.channel = 'counter'
                   AND c.id > CAST(COALESCE((SELECT value FROM meta WHERE key = 'shifts_from_checkout'), '0') AS BIGINT))
            """) { try ("checkout \(i($0, "id"))", "operator \(s($0, "operator")), shift \($0.get("shift_id", as: Int64?.self).map(String.init) ?? "none") of \($0.get("shift_operator", as: String?.self) ?? "nobody")") }
        let paidCash = """
            SELECT * FROM (
                SELECT c.id, c.state, c.cash, c.tendered, c.shift_id,
                       COALESCE((SELECT SUM(amount) FROM cash_movements WHERE checkout_id = c.id AND kind = 'sale'), 0) AS sale,
                       COALESCE((SELECT SUM(amount) FROM cash_movements WHERE checkout_id = c.id AND kind = 'change'), 0) AS change,
                       (SELECT COUNT(*) FROM cash_movements WHERE checkout_id = c.id AND shift_id IS NOT c.shift_id) AS elsewhere
                FROM checkouts c
                WHERE c.id IN (SELECT checkout_id FROM cash_movements WHERE checkout_id IS NOT NULL)
                   OR (c.shift_id IS NOT NULL AND c.state = 'succeeded' AND c.cash > 0)
                GROUP BY c.id) AS t
            WHERE elsewhere > 0 OR sale != (CASE WHEN state = 'succeeded' AND shift_id IS NOT NULL AND cash > 0 THEN tendered ELSE 0 END)
               OR change != (CASE WHEN state = 'succeeded' AND shift_id IS NOT NULL AND cash > 0 THEN cash - tendered ELSE 0 END)
            """
        try collect("paid cash is in the drawer", SQLStatement(
            sqlite: paidCash,
            postgres: paidCash.replacingOccurrences(of: "shift_id IS NOT c.shift_id", with: "shift_id IS DISTINCT FROM c.shift_id"))
        ) { try ("checkout \(i($0, "id"))", "\(s($0, "state")), cash \(i($0, "cash")) tendered \(i($0, "tendered")); drawer took \(i($0, "sale")) and gave \(i($0, "change"))") }
        try collect("cash refund is paid from a drawer", """
            SELECT r.refund_no, r.state, r.method, r.amount, COALESCE(SUM(m.amount), 0) AS paid_out, COUNT(m.id) AS n
            FROM refund_orders r LEFT JOIN cash_movements m ON m.refund_order_id = r.id
            WHERE r.method = 'cash' OR m.id IS NOT NULL
            GROUP BY r.id
            HAVING (r.method = 'cash' AND r.state = 'succeeded' AND (COUNT(m.id) != 1 OR COALESCE(SUM(m.amount), 0) != -r.amount))
                OR ((r.method != 'cash' OR r.state != 'succeeded') AND COUNT(m.id) > 0)
            """) { try ("refund \(s($0, "refund_no"))", "\(s($0, "method")) \(s($0, "state")) of \(i($0, "amount")), drawer paid \(i($0, "paid_out")) in \(i($0, "n")) movement(s)") }
        try collect("Z reports are numbered without gaps", """
            SELECT number, business_date FROM z_reports z
            WHERE number > 1 AND NOT EXISTS (SELECT 1 FROM z_reports p WHERE p.number = z.number - 1 AND p.period_to = z.period_from
                                              AND p.business_date < z.business_date)
            """) { try ("Z report \(i($0, "number"))", "for \(s($0, "business_date")) does not follow Z report \(i($0, "number") - 1)") }
    }
}
