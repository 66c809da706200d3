import CashierCore
import CashierEngine
import Foundation

/// X and Z reports as aligned text and as CSV, both from the figures alone (a stored Z report
/// renders the same way every time).
enum ReportText {
    static func render(_ f: ReportFigures) -> String {
        var out = f.heading
        var rows: [[String]] = []
        var shiftTable: ReportSection?
        for section in f.sections {
            if section.title == "Shifts" { shiftTable = section; continue }
            // Counts sit in the count column, amounts in the last one, in every section alike.
            let pad: (Int) -> [String] = { n in [String](repeating: "", count: max(0, 2 - n)) }
            rows.append([""])
            let heading = section.columns.count == 1 && section.columns[0] == "amount" ? [""] + section.columns : section.columns
            rows.append([section.title] + heading + pad(heading.count))
            for row in section.rows {
                let cells = Array(row.dropFirst())
                let placed = section.columns == ["amount"] ? [""] + cells : cells
                rows.append(["  " + row[0]] + placed + pad(placed.count))
            }
        }
        out.append(Columns.render(rows, right: [1, 2]))
        if let shifts = shiftTable, !shifts.rows.isEmpty {
            out.append("")
            out.append(Columns.render([["Shift"] + shifts.columns] + shifts.rows, right: [0, 4, 5, 6, 7, 8, 9]))
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
        add("online_platform", f.onlineByPlatform ?? []); add("online_refund_platform", f.onlineRefundsByPlatform ?? [])
        rows += ["total,sales,\(f.payments),\(m(f.salesTotal))", "total,refunds,,\(m(f.refundsTotal))", "total,net,,\(m(f.net))",
                 "count,repayments,\(f.repayments),", "count,failed,\(f.failed),", "count,closed,\(f.closed),",
                 "drawer,floats,,\(m(f.floats))", "drawer,cash_taken,,\(m(f.cashTaken))", "drawer,change_given,,\(m(f.changeGiven))",
                 "drawer,cash_refunds,,\(m(f.cashRefunds))", "drawer,cash_in,,\(m(f.cashIn))", "drawer,cash_out,,\(m(f.cashOut))",
                 "drawer,over_short,,\(m(f.overShort))"]
        for s in f.shifts { rows.append("over_short,shift \(s.id),,\(s.overShort.map(m) ?? "")") }
        for r in f.reconciliation ?? [] { rows.append("reconciliation,\(r.platform) \(r.reconciled ? "reconciled" : "not_reconciled"),\(r.openItems),") }
        return rows.joined(separator: "\n") + "\n"
    }
}
