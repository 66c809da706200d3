import CashierCore
import SQLSeam

extension Store {
    /// Opens a shift with its counted float. The partial unique indexes refuse a second open
    /// shift on the terminal or for the operator, even from two processes at once.
    public func openShift(terminal: String, operatorName: String, float: Int64) throws -> ShiftRecord {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveUser(x, operatorName)
            let till = terminal.trimmingSpaces
            guard !till.isEmpty else { throw CashierError(.invalid, "refusal.shift.terminal_empty", remedy: .nameTerminal) }
            guard float >= 0 else { throw CashierError.invalid("refusal.shift.float_negative") }
            if let other = try x.row("SELECT * FROM shifts WHERE operator = ? AND state = 'open'", operatorName).map(ShiftRecord.init(row:)) {
                throw CashierError.conflict("refusal.shift.operator_has_open", ["user": "\(operatorName)", "id": "\(other.id)", "terminal": "\(other.terminal)", "since": "\(Store.time(other.openedAt))"])
            }
            if let other = try x.row("SELECT * FROM shifts WHERE terminal = ? AND state = 'open'", till).map(ShiftRecord.init(row:)) {
                throw CashierError.conflict("refusal.shift.terminal_has_open", ["terminal": "\(till)", "id": "\(other.id)", "user": "\(other.operatorName)", "since": "\(Store.time(other.openedAt))"])
            }
            let currency = try Store.currency(x)
            guard let id = try x.insert("""
                INSERT INTO shifts (terminal, operator, currency, state, opening_float, opened_at) VALUES (?, ?, ?, 'open', ?, ?)
                """, till, operatorName, currency.code, float, now, returning: "id") else { throw CashierError.bug("a shift's insert returned no id") }
            try Store.addMovement(x, shiftId: id, kind: .float, amount: float, currency: currency, reason: "opening float",
                                  operatorName: operatorName, now: now)
            try AuditLog.append(x, at: now, AuditEvent(actor: operatorName, channel: "counter", action: "shift.opened",
                                                        subject: "shift \(id) terminal \(till)", amount: float, currency: currency.code))
            return try x.row("SELECT * FROM shifts WHERE id = ?", id).map(ShiftRecord.init(row:))!
        }
    }

    /// Cash put into (`cashIn`) or taken out of (`cashOut`: paid-outs, bank drops) the drawer of
    /// the operator's open shift. A cash-out never takes more than the drawer should hold.
    public func moveCash(operatorName: String, kind: CashMovementKind, amount: Int64, reason: String) throws -> CashMovementRecord {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            guard kind == .cashIn || kind == .cashOut else { throw CashierError.bug("moveCash takes cash_in or cash_out, not \(kind.rawValue)") }
            try Store.requireActiveUser(x, operatorName)
            guard amount > 0 else { throw CashierError.invalid("refusal.shift.amount_not_positive") }
            guard !reason.trimmingSpaces.isEmpty else {
                throw CashierError.invalid(kind == .cashIn ? "refusal.shift.cash_in_needs_reason" : "refusal.shift.cash_out_needs_reason")
            }
            let shift = try Store.requireOpenShift(x, operatorName: operatorName, for: .moveCash)
            if kind == .cashOut {
                let held = try Store.drawerTotal(x, shiftId: shift.id)
                guard amount <= held else {
                    throw CashierError.invalid("refusal.shift.cash_out_over_drawer", ["id": "\(shift.id)", "held": .amount(Money(minor: held, currency: shift.currency))])
                }
            }
            let signed = kind == .cashIn ? amount : -amount
            guard let id = try Store.addMovement(x, shiftId: shift.id, kind: kind, amount: signed, currency: shift.currency,
                                                 reason: reason.trimmingSpaces, operatorName: operatorName, now: now)
            else { throw CashierError.bug("a cash movement's insert returned no id") }
            try AuditLog.append(x, at: now, AuditEvent(actor: operatorName, channel: "counter", action: "shift.\(kind.rawValue)",
                                                        subject: "shift \(shift.id)", amount: signed, currency: shift.currency.code,
                                                        detail: reason.trimmingSpaces))
            return try x.row("SELECT * FROM cash_movements WHERE id = ?", id).map(CashMovementRecord.init(row:))!
        }
    }

    /// Closes a shift with the drawer's count. `closedBy` and `supervisor` are already
    /// authenticated; their roles, the in-flight payments and the over/short limit are checked here,
    /// inside the write, against the drawer as it stands.
    public func closeShift(id: Int64, closedBy: String, supervisor: String?, count: DrawerCount, overShortLimit: Int64) throws -> ShiftRecord {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveUser(x, closedBy)
            guard let shift = try x.row("SELECT * FROM shifts WHERE id = ?", id).map(ShiftRecord.init(row:)) else {
                throw CashierError.noShift(id)
            }
            guard shift.isOpen else {
                throw CashierError.conflict("refusal.shift.closed", ["id": "\(id)", "at": "\(Store.time(shift.closedAt ?? 0))", "by": "\(shift.closedBy ?? "?")"])
            }
            let closerIsSupervisor = try Store.role(x, closedBy) == .supervisor
            if let supervisor {
                try Store.requireActiveUser(x, supervisor)
                guard try Store.role(x, supervisor) == .supervisor else {
                    throw CashierError.supervisorOnly(supervisor, .approveShiftClose)
                }
            }
            let supervising = supervisor ?? (closerIsSupervisor ? closedBy : nil)
            if closedBy != shift.operatorName && supervising == nil {
                throw CashierError.forbidden("refusal.shift.not_yours", ["id": "\(id)", "owner": "\(shift.operatorName)"])
            }
            guard count.currency == shift.currency else {
                throw CashierError.invalid("refusal.shift.count_currency", ["counted": "\(count.currency.code)", "drawer": "\(shift.currency.code)"])
            }
            if let flight = try Store.openCheckouts(x, shiftId: id).first {
                throw CashierError.conflict(flight.tradeNo == nil ? "refusal.shift.checkout_in_flight" : "refusal.shift.payment_in_flight",
                                            ["checkout": "\(flight.id)", "trade": "\(flight.tradeNo ?? "")", "id": "\(id)"])
            }
            let expected = try Store.drawerTotal(x, shiftId: id)
            let counted = count.total
            let diff = counted - expected
            if abs(diff) > overShortLimit && supervising == nil {
                let f = { (m: Int64) in CashierError.Argument.amount(Money(minor: m, currency: shift.currency)) }
                throw CashierError.forbidden(diff > 0 ? "refusal.shift.over_limit" : "refusal.shift.short_limit",
                                             ["difference": f(abs(diff)), "expected": f(expected), "counted": f(counted), "limit": f(overShortLimit)])
            }
            for d in Denominations.of(count.currency) where count.quantity(d) > 0 {
                try x.execute("INSERT INTO shift_counts (shift_id, denomination, quantity) VALUES (?, ?, ?)", id, d, count.quantity(d))
            }
            let approvedBy = (closedBy != shift.operatorName || abs(diff) > overShortLimit) ? supervising : nil
            guard try x.execute("""
                UPDATE shifts SET state = 'closed', closed_at = ?, closed_by = ?, approved_by = ?, expected = ?, counted = ?, over_short = ?
                WHERE id = ? AND state = 'open'
                """, now, closedBy, approvedBy, expected, counted, diff, id) == 1 else { throw CashierError.conflict("refusal.shift.changed", ["id": "\(id)"]) }
            try AuditLog.append(x, at: now, AuditEvent(
                actor: closedBy, channel: "counter", action: "shift.closed", subject: "shift \(id) terminal \(shift.terminal)",
                amount: counted, currency: shift.currency.code,
                detail: "expected=\(expected) counted=\(counted) over_short=\(diff) count=\(count.text)" + (approvedBy.map { " approved_by=\($0)" } ?? "")))
            return try x.row("SELECT * FROM shifts WHERE id = ?", id).map(ShiftRecord.init(row:))!
        }
    }

    /// The store's currency (meta `currency`): floats, counts and cash movements are in it.
    public func currency() throws -> Currency { try read { x in try Store.currency(x) } }

    public func shift(id: Int64) throws -> ShiftRecord? {
        try read { x in try x.row("SELECT * FROM shifts WHERE id = ?", id).map(ShiftRecord.init(row:)) }
    }

    public func openShift(operatorName: String) throws -> ShiftRecord? {
        try read { x in try x.row("SELECT * FROM shifts WHERE operator = ? AND state = 'open'", operatorName).map(ShiftRecord.init(row:)) }
    }

    public func openShift(terminal: String) throws -> ShiftRecord? {
        try read { x in try x.row("SELECT * FROM shifts WHERE terminal = ? AND state = 'open'", terminal).map(ShiftRecord.init(row:)) }
    }

    /// Newest first.
    public func shifts(openOnly: Bool = false, limit: Int = 50) throws -> [ShiftRecord] {
        try read { x in
            try x.rows(SQLStatement("SELECT * FROM shifts \(openOnly ? "WHERE state = 'open'" : "") ORDER BY id DESC LIMIT ?"), [.integer(Int64(limit))])
                .map(ShiftRecord.init(row:))
        }
    }

    public func cashMovements(shiftId: Int64) throws -> [CashMovementRecord] {
        try read { x in try x.rows("SELECT * FROM cash_movements WHERE shift_id = ? ORDER BY id", shiftId).map(CashMovementRecord.init(row:)) }
    }

    /// The drawer of a shift, every figure summed from its movements in one snapshot.
    public func drawer(shiftId: Int64) throws -> DrawerSummary? {
        try read { x in
            guard let shift = try x.row("SELECT * FROM shifts WHERE id = ?", shiftId).map(ShiftRecord.init(row:)) else { return nil }
            var sums: [String: Int64] = [:]
            var n = 0
            for row in try x.rows("SELECT kind, SUM(amount) AS total, COUNT(*) AS n FROM cash_movements WHERE shift_id = ? GROUP BY kind", shiftId) {
                sums[try row.get("kind")] = try row.get("total", as: Int64.self)
                n += try row.get("n", as: Int.self)
            }
            var count: DrawerCount?
            if !shift.isOpen {
                var q: [Int64: Int] = [:]
                for row in try x.rows("SELECT denomination, quantity FROM shift_counts WHERE shift_id = ?", shiftId) {
                    q[try row.get("denomination")] = try row.get("quantity", as: Int.self)
                }
                count = try DrawerCount(currency: shift.currency, quantities: q)
            }
            func s(_ k: CashMovementKind) -> Int64 { sums[k.rawValue] ?? 0 }
            return DrawerSummary(shift: shift, float: s(.float), sales: s(.sale), change: s(.change), refunds: s(.refund),
                                 cashIn: s(.cashIn), cashOut: s(.cashOut), movements: n, count: count,
                                 inFlight: try Store.inFlight(x, shiftId: shiftId))
        }
    }
}

extension Store {
    static func currency(_ x: any SQLExecutor) throws -> Currency {
        Currency.named(try x.value(String.self, "SELECT value FROM meta WHERE key = 'currency'") ?? "CNY") ?? .cny
    }

    static func role(_ x: any SQLExecutor, _ user: String) throws -> UserRole? {
        try x.value(String.self, "SELECT role FROM users WHERE name = ?", user).flatMap(UserRole.init(rawValue:))
    }

    static func requireOpenShift(_ x: any SQLExecutor, operatorName: String, for purpose: Remedy.ShiftPurpose) throws -> ShiftRecord {
        guard let s = try x.row("SELECT * FROM shifts WHERE operator = ? AND state = 'open'", operatorName).map(ShiftRecord.init(row:)) else {
            throw noOpenShift(operatorName, for: purpose)
        }
        return s
    }

    static func noOpenShift(_ operatorName: String, for purpose: Remedy.ShiftPurpose) -> CashierError {
        CashierError(.conflict, "refusal.shift.no_open_shift", ["user": "\(operatorName)"], remedy: .openShift(operatorName: operatorName, purpose: purpose))
    }

    static func drawerTotal(_ x: any SQLExecutor, shiftId: Int64) throws -> Int64 {
        try x.value(Int64.self, "SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = ?", shiftId) ?? 0
    }

    /// Every open checkout of the shift, as data.
    static func inFlight(_ x: any SQLExecutor, shiftId: Int64) throws -> [InFlight] {
        try openCheckouts(x, shiftId: shiftId).map { InFlight(checkout: $0.id, tradeNo: $0.tradeNo) }
    }

    /// Every open checkout of the shift, with its trade number when it has an online payment.
    static func openCheckouts(_ x: any SQLExecutor, shiftId: Int64) throws -> [(id: Int64, tradeNo: String?)] {
        try x.rows("""
            SELECT c.id, p.trade_no FROM checkouts c LEFT JOIN payment_orders p ON p.checkout_id = c.id
            WHERE c.shift_id = ? AND c.state = 'open' ORDER BY c.id
            """, shiftId).map { row in (try row.get("id", as: Int64.self), try row.get("trade_no", as: String?.self)) }
    }

    /// Returns the movement's id (SQLite's last row id: no RETURNING).
    @discardableResult
    static func addMovement(_ x: any SQLExecutor, shiftId: Int64, kind: CashMovementKind, amount: Int64, currency: Currency, reason: String?,
                            checkoutId: Int64? = nil, refundOrderId: Int64? = nil, operatorName: String, now: Millis) throws -> Int64? {
        let insert = """
            INSERT INTO cash_movements (shift_id, kind, amount, currency, reason, checkout_id, refund_order_id, at, operator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        let values: [SQLValue] = [.integer(shiftId), .text(kind.rawValue), .integer(amount), .text(currency.code), reason.sqlValue,
                                  checkoutId.sqlValue, refundOrderId.sqlValue, .integer(now), .text(operatorName)]
        return try x.insert(SQLStatement(insert), values, returning: "id")
    }

    /// A successful checkout's cash: what was tendered goes in, the change comes out. Written
    /// in the transaction that records the success.
    static func recordCheckoutCash(_ x: any SQLExecutor, _ c: CheckoutRecord, now: Millis) throws {
        guard let shiftId = c.shiftId, c.cash > 0 else { return }
        try addMovement(x, shiftId: shiftId, kind: .sale, amount: c.tendered, currency: c.currency, reason: nil,
                        checkoutId: c.id, operatorName: c.operatorName, now: now)
        if c.changeDue > 0 {
            try addMovement(x, shiftId: shiftId, kind: .change, amount: -c.changeDue, currency: c.currency, reason: nil,
                            checkoutId: c.id, operatorName: c.operatorName, now: now)
        }
    }

    /// The drawer a cash refund is paid from: the open shift of whoever requested it (the cashier
    /// at the counter with the customer), else the approving supervisor's own open shift.
    static func cashRefundShift(_ x: any SQLExecutor, requestedBy: String, approver: String, requestId: Int64, paying: Int64) throws -> ShiftRecord {
        for who in [requestedBy, approver] {
            guard let s = try x.row("SELECT * FROM shifts WHERE operator = ? AND state = 'open'", who).map(ShiftRecord.init(row:)) else { continue }
            let held = try drawerTotal(x, shiftId: s.id)
            guard paying <= held else {
                let f = { (m: Int64) in CashierError.Argument.amount(Money(minor: m, currency: s.currency)) }
                throw CashierError(.conflict, "refusal.shift.drawer_short_for_refund", ["request": "\(requestId)", "paying": f(paying), "id": "\(s.id)", "user": "\(who)", "held": f(held)],
                                   remedy: .cashInThenApprove)
            }
            return s
        }
        throw CashierError.conflict("refusal.shift.no_drawer_for_refund", ["request": "\(requestId)", "requester": "\(requestedBy)", "approver": "\(approver)"])
    }
}
