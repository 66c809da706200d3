import CashierCore
import SQLSeam

/// A stored Z report.
public struct ZReportRecord: Sendable, Equatable {
    public var number: Int
    public var businessDate: String
    public var from: Millis
    public var to: Millis
    public var supervisor: String
    public var createdAt: Millis
    public var figures: ReportFigures
}

extension Store {
    public func businessCalendar() throws -> BusinessCalendar { try read { try Store.calendar($0) } }

    static func calendar(_ x: any SQLExecutor) throws -> BusinessCalendar {
        BusinessCalendar(identifier: try x.value(String.self, "SELECT value FROM meta WHERE key = 'time_zone'") ?? "Asia/Shanghai")
    }

    public func zReport(date: String) throws -> ZReportRecord? {
        try read { x in try Store.zReport(x, "SELECT * FROM z_reports WHERE business_date = ?", [.text(date)]) }
    }

    public func lastZReport() throws -> ZReportRecord? {
        try read { x in try Store.zReport(x, "SELECT * FROM z_reports ORDER BY number DESC LIMIT 1", []) }
    }

    static func zReport(_ x: any SQLExecutor, _ sql: SQLStatement, _ args: [SQLValue]) throws -> ZReportRecord? {
        guard let row = try x.rows(sql, args).first else { return nil }
        return ZReportRecord(number: try row.get("number"), businessDate: try row.get("business_date"), from: try row.get("period_from"),
                             to: try row.get("period_to"), supervisor: try row.get("supervisor"), createdAt: try row.get("created_at"),
                             figures: try ReportFigures.decoded(row.get("figures")))
    }

    /// The period a report of `date` covers now: from the end of the last Z report (everything
    /// not yet closed) to the end of the day or now, whichever comes first. A closed day keeps
    /// its Z report's period. Throws for a day that cannot be reported.
    static func period(_ x: any SQLExecutor, date: String, now: Millis, inclusiveNow: Bool) throws -> (from: Millis, to: Millis, closed: ZReportRecord?) {
        let cal = try calendar(x)
        guard let day = cal.bounds(of: date) else {
            throw CashierError.invalid("refusal.report.bad_date", ["date": "\(date)", "today": "\(cal.date(at: now))"])
        }
        if let z = try zReport(x, "SELECT * FROM z_reports WHERE business_date = ?", [.text(date)]) { return (z.from, z.to, z) }
        guard day.start <= now else { throw CashierError.invalid("refusal.report.future_date", ["date": "\(date)", "today": "\(cal.date(at: now))"]) }
        let last = try zReport(x, "SELECT * FROM z_reports ORDER BY number DESC LIMIT 1", [])
        if let last, last.businessDate > date {
            throw CashierError.invalid("refusal.report.never_closed", ["date": "\(date)", "number": "\(last.number)", "day": "\(last.businessDate)"])
        }
        return (last?.to ?? 0, min(inclusiveNow ? now + 1 : now, day.end), nil)
    }

    /// Figures of an X report: a business day so far (a closed day: its Z period), or one shift.
    /// Without a date: everything since the last Z report (what the next Z would show now).
    public func reportX(date: String?, shiftId: Int64?, by user: String?) throws -> ReportFigures {
        try read { x in
            let now = clock.now()
            let cal = try Store.calendar(x)
            let openPeriod = date == nil
            let date = date ?? cal.date(at: now)
            if let shiftId {
                guard try x.value(Int64.self, "SELECT id FROM shifts WHERE id = ?", shiftId) != nil else {
                    throw CashierError.noShift(shiftId)
                }
                return try Store.figures(x, kind: .x, number: nil, date: date, shiftId: shiftId, from: 0, to: now + 1, now: now, by: user)
            }
            // No date: everything not yet closed by a Z report, even after today's Z.
            let p = try Store.period(x, date: date, now: now, inclusiveNow: true)
            let from = openPeriod ? (try Store.zReport(x, "SELECT * FROM z_reports ORDER BY number DESC LIMIT 1", [])?.to ?? 0) : p.from
            let to = openPeriod ? now + 1 : p.to
            return try Store.figures(x, kind: .x, number: nil, date: date, shiftId: nil, from: from, to: to, now: now, by: user)
        }
    }

    public enum ZOutcome: Sendable, Equatable {
        case produced(ZReportRecord)
        /// The day already has its Z report: this is it, unchanged.
        case alreadyClosed(ZReportRecord)
    }

    /// Closes a business day: refuses while a shift or a payment of the period is open, numbers
    /// the report max + 1 inside this write (serialized: IMMEDIATE on SQLite, the audit chain's
    /// advisory lock on PostgreSQL) and stores its figures. `supervisor` was
    /// authenticated by the engine; the role is checked again here.
    public func produceZReport(date: String?, supervisor: String) throws -> ZOutcome {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveUser(x, supervisor)
            guard try Store.role(x, supervisor) == .supervisor else {
                throw CashierError.supervisorOnly(supervisor, .runZReport)
            }
            let date = try date ?? Store.calendar(x).date(at: now)
            let p = try Store.period(x, date: date, now: now, inclusiveNow: false)
            if let closed = p.closed { return .alreadyClosed(closed) }
            // A period that reaches now is blocked by anything open; a past day by what began in it.
            let began = p.to >= now ? Millis.max : p.to
            if let s = try x.row("SELECT * FROM shifts WHERE state = 'open' AND opened_at < ? ORDER BY id LIMIT 1", began).map(ShiftRecord.init(row:)) {
                throw CashierError.conflict("refusal.report.shift_open", ["id": "\(s.id)", "user": "\(s.operatorName)", "terminal": "\(s.terminal)", "date": "\(date)"])
            }
            if let row = try x.row("""
                SELECT c.id, p.trade_no FROM checkouts c LEFT JOIN payment_orders p ON p.checkout_id = c.id
                WHERE c.state = 'open' AND c.created_at < ? ORDER BY c.id LIMIT 1
                """, began) {
                let trade = try row.get("trade_no", as: String?.self)
                throw CashierError.conflict(trade == nil ? "refusal.report.checkout_in_flight" : "refusal.report.payment_in_flight",
                                            ["checkout": "\(try row.get("id", as: Int64.self))", "trade": "\(trade ?? "")", "date": "\(date)"])
            }
            let number = (try x.value(Int.self, "SELECT COALESCE(MAX(number), 0) FROM z_reports") ?? 0) + 1
            let figures = try Store.figures(x, kind: .z, number: number, date: date, shiftId: nil, from: p.from, to: p.to, now: now, by: supervisor)
            try x.execute("""
                INSERT INTO z_reports (number, business_date, period_from, period_to, currency, supervisor, created_at, figures)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, number, date, p.from, p.to, figures.currency, supervisor, now, figures.encoded())
            try AuditLog.append(x, at: now, AuditEvent(
                actor: supervisor, channel: "counter", action: "report.z", subject: "Z \(number) of \(date)", amount: figures.net,
                currency: figures.currency, detail: "sales=\(figures.salesTotal) refunds=\(figures.refundsTotal) over_short=\(figures.overShort) payments=\(figures.payments)"))
            return .produced(try Store.zReport(x, "SELECT * FROM z_reports WHERE number = ?", [.integer(Int64(number))])!)
        }
    }

    /// Records that someone read an X report (reports are audited like every drawer action).
    public func auditReport(_ f: ReportFigures, by user: String, reprint: Bool) throws {
        try write(.serialized(key: Store.auditChain)) { x in
            let what = f.kind == .z ? "Z \(f.number ?? 0) of \(f.businessDate)" : "X of \(f.businessDate)" + (f.shiftId.map { " shift \($0)" } ?? "")
            try AuditLog.append(x, at: clock.now(), AuditEvent(actor: user, channel: "counter", action: reprint ? "report.reprint" : "report.x",
                                                                subject: what, amount: f.net, currency: f.currency))
        }
    }
}
