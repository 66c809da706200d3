import CashierCore
import CashierStore
import Foundation

/// X and Z reports as aligned text and as CSV, both from the figures alone (a stored Z report
/// renders the same way every time).
enum ReportText {
    static func render(_ f: ReportFigures) -> String {
        let cur = Currency.named(f.currency) ?? .cny
        func m(_ v: Int64) -> String { Money.format(minor: v, currency: cur) }
        let tz = TimeZone(identifier: f.timeZone) ?? .current
        func t(_ millis: Int64) -> String {
            let fmt = DateFormatter()
            fmt.locale = Locale(identifier: "en_US_POSIX")
            fmt.timeZone = tz
            fmt.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return fmt.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
        }
        var out: [String] = []
        let title = f.kind == .z ? "Z report \(f.number ?? 0)" : "X report" + (f.shiftId.map { " of shift \($0)" } ?? "")
        out.append("\(title) — business day \(f.businessDate) (\(f.timeZone)), \(f.currency)")
        if f.shiftId == nil { out.append("Period \(f.from == 0 ? "the first record" : t(f.from)) to \(t(f.to))") }
        out.append("Produced \(t(f.generatedAt))" + (f.generatedBy.map { " by \($0)" } ?? ""))

        var rows: [[String]] = []
        func section(_ name: String, _ lines: [ReportLine], total: Int64?) {
            rows.append([""]); rows.append([name, "count", "amount"])
            if lines.isEmpty { rows.append(["  none", "", ""]) }
            for l in lines { rows.append(["  " + l.key, String(l.count), m(l.amount)]) }
            if let total { rows.append(["  total", "", m(total)]) }
        }
        section("Payments by method", f.byMethod, total: f.salesTotal)
        section("By order type", f.byType, total: nil)
        section("By operator", f.byOperator, total: nil)
        section("By channel", f.byChannel, total: nil)
        section("Refunds by method", f.refundsByMethod, total: f.refundsTotal)
        section("Coupons used", f.coupons, total: nil)
        rows.append([""])
        rows.append(["Net (payments − refunds)", "", m(f.net)])
        rows.append([""]); rows.append(["Counts", "count", ""])
        rows += [["  payments", String(f.payments), ""], ["  re-payments", String(f.repayments), ""],
                 ["  failed online", String(f.failed), ""], ["  cancelled/closed online", String(f.closed), ""]]
        rows.append([""]); rows.append(["Drawer", "", "amount"])
        rows += [["  opening floats", "", m(f.floats)], ["  cash taken", "", m(f.cashTaken)], ["  change given", "", m(f.changeGiven)],
                 ["  cash refunds", "", m(f.cashRefunds)], ["  cash in", "", m(f.cashIn)], ["  cash out", "", m(f.cashOut)],
                 ["  over/short", "", m(f.overShort)]]
        out.append(Columns.render(rows, right: [1, 2]))
        if !f.shifts.isEmpty {
            out.append("")
            out.append(Columns.render([["Shift", "terminal", "operator", "state", "float", "cash in", "cash out", "expected", "counted", "over/short"]]
                + f.shifts.map { s in [String(s.id), s.terminal, s.operatorName, s.state, m(s.float), m(s.cashIn), m(s.cashOut), m(s.expected),
                                       s.counted.map(m) ?? "-", s.overShort.map(m) ?? "-"] }, right: [0, 4, 5, 6, 7, 8, 9]))
        }
        return out.joined(separator: "\n")
    }

    static func csv(_ f: ReportFigures) -> String {
        let cur = Currency.named(f.currency) ?? .cny
        func m(_ v: Int64) -> String { Money.format(minor: v, currency: cur) }
        func q(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var rows = ["section,key,count,amount"]
        func add(_ section: String, _ lines: [ReportLine]) { for l in lines { rows.append("\(section),\(q(l.key)),\(l.count),\(m(l.amount))") } }
        add("method", f.byMethod); add("type", f.byType); add("operator", f.byOperator); add("channel", f.byChannel)
        add("refund", f.refundsByMethod); add("coupon", f.coupons)
        rows += ["total,sales,\(f.payments),\(m(f.salesTotal))", "total,refunds,,\(m(f.refundsTotal))", "total,net,,\(m(f.net))",
                 "count,repayments,\(f.repayments),", "count,failed,\(f.failed),", "count,closed,\(f.closed),",
                 "drawer,floats,,\(m(f.floats))", "drawer,cash_taken,,\(m(f.cashTaken))", "drawer,change_given,,\(m(f.changeGiven))",
                 "drawer,cash_refunds,,\(m(f.cashRefunds))", "drawer,cash_in,,\(m(f.cashIn))", "drawer,cash_out,,\(m(f.cashOut))",
                 "drawer,over_short,,\(m(f.overShort))"]
        for s in f.shifts { rows.append("over_short,shift \(s.id),,\(s.overShort.map(m) ?? "")") }
        return rows.joined(separator: "\n") + "\n"
    }
}
