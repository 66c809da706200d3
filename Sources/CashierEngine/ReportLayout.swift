import CashierCore
import CashierStore
import Foundation

/// A report laid out as titled tables of text cells, amounts already formatted: the CLI prints
/// them in aligned columns, a console screen draws them in its own table. Both show the same rows.
public struct ReportSection: Sendable, Equatable {
    public var title: String
    /// Column headings after the title column (e.g. ["count", "amount"]).
    public var columns: [String]
    public var rows: [[String]]
}

extension ReportFigures {
    public var currencyValue: Currency { Currency.named(currency) ?? .cny }

    public func money(_ minor: Int64) -> String { Money.format(minor: minor, currency: currencyValue) }

    /// "Z report 3", "X report", "X report of shift 4".
    public var title: String {
        kind == .z ? "Z report \(number ?? 0)" : "X report" + (shiftId.map { " of shift \($0)" } ?? "")
    }

    /// A time in the store's time zone, "2026-11-24 22:13:05".
    public func localTime(_ millis: Millis) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: timeZone) ?? .current
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// The header lines: title, business day, period, who produced it.
    public var heading: [String] {
        var lines = ["\(title) — business day \(businessDate) (\(timeZone)), \(currency)"]
        if shiftId == nil { lines.append("Period \(from == 0 ? "the first record" : localTime(from)) to \(localTime(to))") }
        lines.append("Produced \(localTime(generatedAt))" + (generatedBy.map { " by \($0)" } ?? ""))
        if let line = reconciliationLine { lines.append(line) }
        return lines
    }

    /// Whether the day is reconciled with every platform and how many items are open, as of now.
    public var reconciliationLine: String? {
        guard let r = reconciliation else { return nil }
        if r.isEmpty { return "Reconciliation: nothing to reconcile (no online payments or refunds)" }
        let open = r.reduce(0) { $0 + $1.openItems }
        let items = open == 1 ? "1 item open" : "\(open) items open"
        let waiting: [String] = r.filter { !$0.reconciled }.map { $0.platform }
        return waiting.isEmpty ? "Reconciliation: the day is reconciled, \(items)"
            : "Reconciliation: NOT reconciled yet (\(waiting.joined(separator: ", "))), \(items)"
    }

    /// Per platform: whether its bill of the day was matched, and the items still open.
    var reconciliationSections: [ReportSection] {
        guard let r = reconciliation else { return [] }
        let rows: [[String]] = r.map { ["\($0.platform) \($0.reconciled ? "reconciled" : "not reconciled")", String($0.openItems)] }
        return [ReportSection(title: "Reconciliation", columns: ["open"], rows: rows.isEmpty ? [["none", ""]] : rows)]
    }

    /// Every table of the report, in reading order.
    public var sections: [ReportSection] {
        func lines(_ title: String, _ ls: [ReportLine], total: Int64?) -> ReportSection {
            var rows = ls.map { [$0.key, String($0.count), money($0.amount)] }
            if rows.isEmpty { rows.append(["none", "", ""]) }
            if let total { rows.append(["total", "", money(total)]) }
            return ReportSection(title: title, columns: ["count", "amount"], rows: rows)
        }
        var byPlatform: [ReportSection] = []
        if let online = onlineByPlatform { byPlatform.append(lines("Online by platform", online, total: nil)) }
        if let back = onlineRefundsByPlatform { byPlatform.append(lines("Online refunds by platform", back, total: nil)) }
        return [
            lines("Payments by method", byMethod, total: salesTotal),
        ] + byPlatform + [
            lines("By order type", byType, total: nil),
            lines("By operator", byOperator, total: nil),
            lines("By channel", byChannel, total: nil),
            lines("Refunds by method", refundsByMethod, total: refundsTotal),
            lines("Coupons used", coupons, total: nil),
            ReportSection(title: "Totals", columns: ["", "amount"], rows: [
                ["payments", "", money(salesTotal)], ["refunds", "", money(refundsTotal)], ["net", "", money(net)]]),
            ReportSection(title: "Counts", columns: ["count"], rows: [
                ["payments", String(payments)], ["re-payments", String(repayments)],
                ["failed online", String(failed)], ["cancelled/closed online", String(closed)]]),
            ReportSection(title: "Drawer", columns: ["amount"], rows: [
                ["opening floats", money(floats)], ["cash taken", money(cashTaken)], ["change given", money(changeGiven)],
                ["cash refunds", money(cashRefunds)], ["cash in", money(cashIn)], ["cash out", money(cashOut)],
                ["over/short", money(overShort)]]),
        ] + reconciliationSections + [
            ReportSection(title: "Shifts", columns: ["terminal", "operator", "state", "float", "cash in", "cash out", "expected", "counted", "over/short"],
                          rows: shifts.map { s in
                              [String(s.id), s.terminal, s.operatorName, s.state, money(s.float), money(s.cashIn), money(s.cashOut),
                               money(s.expected), s.counted.map(money) ?? "-", s.overShort.map(money) ?? "-"]
                          }),
        ]
    }
}
