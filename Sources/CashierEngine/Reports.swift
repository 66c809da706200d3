import CashierCore
import CashierStore

extension Engine {
    /// The business date ("YYYY-MM-DD", store time zone) now.
    public func businessDate() throws(CashierError) -> String {
        let cal = try storeCall { try store.businessCalendar() }
        return cal.date(at: now())
    }

    /// X report: read-only figures of a business day so far (default today), or of one shift.
    /// A day already closed shows its Z period recomputed. Audited as read by `user`.
    public func reportX(date: String? = nil, shiftId: Int64? = nil, by user: String) throws(CashierError) -> ReportFigures {
        _ = try requireUser(user)
        let f = try storeCall { try store.reportX(date: date, shiftId: shiftId, by: user) }
        try storeCall { try store.auditReport(f, by: user, reprint: false) }
        return try withReconciliation(f)
    }

    /// Z report: closes a business day (default today). Supervisor only. A day already closed
    /// is never reported twice: `.alreadyClosed` carries the stored report, unchanged.
    public func reportZ(date: String? = nil, supervisor: String, pin: String) throws(CashierError) -> Store.ZOutcome {
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .runZReport)
        switch try storeCall({ try store.produceZReport(date: date, supervisor: supervisor) }) {
        case .produced(var z): z.figures = try withReconciliation(z.figures); return .produced(z)
        case .alreadyClosed(var z): z.figures = try withReconciliation(z.figures); return .alreadyClosed(z)
        }
    }

    /// A stored Z report, shown again exactly as it was produced (audited as a reprint).
    public func storedZ(date: String, by user: String) throws(CashierError) -> ZReportRecord? {
        _ = try requireUser(user)
        guard var z = try storeCall({ try store.zReport(date: date) }) else { return nil }
        try storeCall { try store.auditReport(z.figures, by: user, reprint: true) }
        z.figures = try withReconciliation(z.figures)
        return z
    }

    public func lastZReport() throws(CashierError) -> ZReportRecord? {
        try storeCall { try store.lastZReport() }
    }

    /// The day's reconciliation as it stands now, per platform that took or returned money
    /// online that day or whose bill of the day was matched.
    func withReconciliation(_ f: ReportFigures) throws(CashierError) -> ReportFigures {
        guard f.shiftId == nil else { return f }
        var out = f
        let days = try storeCall { try store.reconDays(date: f.businessDate) }
        let platforms = Set((f.onlineByPlatform ?? []).map(\.key) + (f.onlineRefundsByPlatform ?? []).map(\.key) + days.map(\.platform))
        out.reconciliation = platforms.sorted().map { p in
            let day = days.first { $0.platform == p }
            return ReportReconciliation(platform: p, reconciled: day.map { $0.held == 0 } ?? false, openItems: day?.openItems ?? 0)
        }
        return out
    }
}
