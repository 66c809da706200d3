import CashierCore
import SQLSeam

extension Store {
    /// Every figure of a report, one SQL query each, over [from, to) or one shift:
    /// payments by when they finished, refunds by when they succeeded, drawer movements by when
    /// they happened, shifts by when they closed (open ones too on an X report).
    /// Every statement reads the same on both engines: on PostgreSQL `SUM(bigint)` is numeric,
    /// which the seam reads back as an exact integer.
    static func figures(_ x: any SQLExecutor, kind: ReportFigures.Kind, number: Int?, date: String, shiftId: Int64?,
                        from: Millis, to: Millis, now: Millis, by user: String?) throws -> ReportFigures {
        // The scope of checkouts, refund orders and movements, as SQL and arguments.
        let checkoutScope = shiftId == nil ? "c.finished_at >= ? AND c.finished_at < ?" : "c.shift_id = ?"
        let refundScope = shiftId == nil ? "r.updated_at >= ? AND r.updated_at < ?"
            : "r.id IN (SELECT refund_order_id FROM cash_movements WHERE shift_id = ? AND refund_order_id IS NOT NULL)"
        let movementScope = shiftId == nil ? "m.at >= ? AND m.at < ?" : "m.shift_id = ?"
        let scope: [SQLValue] = shiftId.map { [.integer($0)] } ?? [.integer(from), .integer(to)]

        func lines(_ sql: String) throws -> [ReportLine] {
            try x.rows(SQLStatement(sql), scope).map { row in
                ReportLine(key: try row.get("key", as: String?.self) ?? "", count: try row.get("n"), amount: try row.get("amount"))
            }
        }
        func count(_ sql: String) throws -> Int { try x.rows(SQLStatement(sql), scope).first?.get(at: 0, as: Int.self) ?? 0 }

        let byMethod = try lines("""
            SELECT d.method AS key, COUNT(DISTINCT d.checkout_id) AS n, SUM(d.amount) AS amount
            FROM payment_details d JOIN checkouts c ON c.id = d.checkout_id
            WHERE c.state = 'succeeded' AND \(checkoutScope)
            GROUP BY d.method ORDER BY CASE d.method WHEN 'coupon' THEN 0 WHEN 'cash' THEN 1 ELSE 2 END
            """)
        let byType = try lines("""
            SELECT o.type AS key, COUNT(*) AS n, SUM(co.amount) AS amount
            FROM checkout_orders co JOIN checkouts c ON c.id = co.checkout_id JOIN orders o ON o.id = co.order_id
            WHERE c.state = 'succeeded' AND \(checkoutScope) GROUP BY o.type ORDER BY o.type
            """)
        let byOperator = try lines("""
            SELECT c.operator AS key, COUNT(*) AS n, SUM(c.total) AS amount FROM checkouts c
            WHERE c.state = 'succeeded' AND \(checkoutScope) GROUP BY c.operator ORDER BY c.operator
            """)
        let byChannel = try lines("""
            SELECT c.channel AS key, COUNT(*) AS n, SUM(c.total) AS amount FROM checkouts c
            WHERE c.state = 'succeeded' AND \(checkoutScope) GROUP BY c.channel ORDER BY c.channel
            """)
        let coupons = try lines("""
            SELECT c.coupon_code AS key, COUNT(*) AS n, SUM(c.coupon) AS amount FROM checkouts c
            WHERE c.state = 'succeeded' AND c.coupon > 0 AND \(checkoutScope) GROUP BY c.coupon_code ORDER BY c.coupon_code
            """)
        let refundsByMethod = try lines("""
            SELECT r.method AS key, COUNT(*) AS n, SUM(r.amount) AS amount FROM refund_orders r
            WHERE r.state = 'succeeded' AND \(refundScope)
            GROUP BY r.method ORDER BY CASE r.method WHEN 'coupon' THEN 0 WHEN 'cash' THEN 1 ELSE 2 END
            """)
        let onlineByPlatform = try lines("""
            SELECT p.platform AS key, COUNT(DISTINCT d.checkout_id) AS n, SUM(d.amount) AS amount
            FROM payment_details d JOIN checkouts c ON c.id = d.checkout_id JOIN payment_orders p ON p.checkout_id = c.id
            WHERE c.state = 'succeeded' AND d.method = 'online' AND p.state = 'succeeded' AND \(checkoutScope)
            GROUP BY p.platform ORDER BY p.platform
            """)
        let onlineRefundsByPlatform = try lines("""
            SELECT p.platform AS key, COUNT(*) AS n, SUM(r.amount) AS amount
            FROM refund_orders r JOIN payment_orders p ON p.trade_no = r.trade_no
            WHERE r.state = 'succeeded' AND r.method = 'online' AND \(refundScope)
            GROUP BY p.platform ORDER BY p.platform
            """)
        let payments = try count("SELECT COUNT(*) FROM checkouts c WHERE c.state = 'succeeded' AND \(checkoutScope)")
        let repayments = try count("SELECT COUNT(*) FROM checkouts c WHERE c.state != 'open' AND c.retry_of IS NOT NULL AND \(checkoutScope)")
        let failed = try count("""
            SELECT COUNT(*) FROM checkouts c JOIN payment_orders p ON p.checkout_id = c.id
            WHERE c.state = 'failed' AND p.state = 'failed' AND \(checkoutScope)
            """)
        let closed = try count("""
            SELECT COUNT(*) FROM checkouts c JOIN payment_orders p ON p.checkout_id = c.id
            WHERE c.state = 'failed' AND p.state = 'closed' AND \(checkoutScope)
            """)
        var drawer: [String: Int64] = [:]
        for row in try x.rows(SQLStatement("SELECT m.kind, SUM(m.amount) AS total FROM cash_movements m WHERE \(movementScope) GROUP BY m.kind"), scope) {
            drawer[try row.get("kind", as: String.self)] = try row.get("total", as: Int64.self)
        }
        func moved(_ k: CashMovementKind) -> Int64 { drawer[k.rawValue] ?? 0 }

        let shiftSQL = shiftId != nil ? "s.id = ?"
            : (kind == .x ? "(s.closed_at >= ? AND s.closed_at < ?) OR (s.state = 'open' AND s.opened_at < ?)" : "s.closed_at >= ? AND s.closed_at < ?")
        let shiftArgs: [SQLValue] = shiftId.map { [.integer($0)] } ?? (kind == .x ? [.integer(from), .integer(to), .integer(to)] : [.integer(from), .integer(to)])
        let shifts = try x.rows(SQLStatement("""
            SELECT s.*, (SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'cash_in') AS moved_in,
                   (SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'cash_out') AS moved_out,
                   (SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = s.id) AS live
            FROM shifts s WHERE \(shiftSQL) ORDER BY s.id
            """), shiftArgs).map { row in
            ReportShift(id: try row.get("id"), terminal: try row.get("terminal"), operatorName: try row.get("operator"), state: try row.get("state"),
                        float: try row.get("opening_float"), cashIn: try row.get("moved_in"), cashOut: try row.get("moved_out"),
                        expected: try row.get("expected", as: Int64?.self) ?? row.get("live"), counted: try row.get("counted"),
                        overShort: try row.get("over_short"))
        }
        return ReportFigures(
            kind: kind, number: number, businessDate: date, timeZone: try calendar(x).timeZone.identifier, shiftId: shiftId,
            from: from, to: to, currency: try currency(x).code, generatedAt: now, generatedBy: user,
            byMethod: byMethod, byType: byType, byOperator: byOperator, byChannel: byChannel, refundsByMethod: refundsByMethod,
            coupons: coupons, payments: payments, repayments: repayments, failed: failed, closed: closed,
            floats: moved(.float), cashTaken: moved(.sale), changeGiven: moved(.change), cashRefunds: moved(.refund),
            cashIn: moved(.cashIn), cashOut: moved(.cashOut), shifts: shifts,
            onlineByPlatform: onlineByPlatform, onlineRefundsByPlatform: onlineRefundsByPlatform)
    }
}
