import CashierCore
import Foundation

/// The supervisor's own credentials to close the business day.
struct ZDialog: Equatable, Sendable {
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focusPin = false
}

/// The X report of the day so far, and the supervisor's Z report that closes the day.
struct ReportsScreen: Screen {
    var report: ReportView?
    var scroll = 0
    var confirm: ZDialog?
    /// Where Esc leads back to.
    var returnTo: Route = .orders

    var isModal: Bool { confirm != nil }

    func zReportReason(_ context: Context) -> String? {
        if context.session?.role != .supervisor { return "Z report: only a supervisor closes the business day." }
        if report == nil { return "Z report: wait for the X report to load first." }
        return nil
    }

    func keys(_ context: Context) -> [ScreenKey<ReportsScreen>] {
        let busy = context.isPending(.drawer(.report)) ? "wait for the answer." : nil
        if confirm != nil {
            return [
                .on(.enter, label: "Make the Z report", bar: true, disabled: busy.map { "Z report: " + $0 }) { s, c, _ in s.makeZ(&c) },
                .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.confirm?.focusPin.toggle(); return [] },
                .on(.backTab, .up, label: "Previous field") { s, _, _ in s.confirm?.focusPin.toggle(); return [] },
                .on(.escape, label: "Cancel", bar: true) { s, _, _ in s.confirm = nil; return [] },
            ] + KeyTable.textEditing { s, _, edit, key in
                if s.confirm?.focusPin == true { s.confirm?.pin.apply(edit, key: key) } else { s.confirm?.user.apply(edit, key: key) }
                return []
            }
        }
        let limit = max(0, lines(context).count - (context.bodyHeight - 1))
        let page = max(1, context.bodyHeight - 3)
        return KeyTable.scrolling(\.scroll, limit: limit, page: page) + [
            .on(.home, label: "Top") { s, _, _ in s.scroll = 0; return [] },
            .on(.end, label: "Bottom") { s, _, _ in s.scroll = limit; return [] },
            .on(.char("x"), .function(5), label: "X report", bar: true, disabled: busy.map { "X report: " + $0 }) { _, c, _ in
                guard let session = c.session else { return [] }
                return [c.request(.drawer(.xReport(session)))]
            },
            .on(.char("z"), label: "Z report", bar: true, disabled: zReportReason(context)) { s, c, _ in
                var dialog = ZDialog()
                // A supervisor at their own console only types the PIN.
                if let session = c.session, session.role == .supervisor { dialog.user.set(session.user); dialog.focusPin = true }
                s.confirm = dialog
                return []
            },
            .on(.escape, label: "Back", bar: true) { s, c, _ in c.go(.back(s.returnTo)); return [] },
        ]
    }

    mutating func makeZ(_ context: inout Context) -> [Effect] {
        guard var dialog = confirm else { return [] }
        let user = dialog.user.text.trimmingSpaces
        if user.isEmpty || dialog.pin.isEmpty {
            context.message = .error(user.isEmpty ? "Type the supervisor's user name." : "Type the supervisor's own PIN to close the day.")
            dialog.focusPin = !user.isEmpty
            confirm = dialog
            return []
        }
        guard let session = context.session else { return [] }
        context.message = Note("Making the Z report…", .pending)
        return [context.request(.drawer(.zReport(UserCredentials(user: user, pin: dialog.pin.text), session: session)))]
    }

    mutating func received(z: Bool, _ result: Result<ReportView, BackendError>, _ context: inout Context) -> [Effect] {
        guard case .success(let report) = result else {
            if case .failure(let error) = result { context.message = .error(error.message) }
            if z { confirm?.pin = TextField(secret: true, maxLength: 12) }
            return []
        }
        let wasZ = report.kind == .z
        self.report = report
        confirm = nil
        scroll = 0
        if wasZ { context.message = Note("Z report #\(report.number ?? 0) made: business day \(report.businessDate) is closed.", .succeeded) }
        return []
    }

    func table(_ context: Context) -> Table {
        Table([Column("", nil), Column("Count", 8, right: true), Column("Amount", 14, right: true)], totalWidth: min(76, context.size.width - 4))
    }

    /// The report as lines: one aligned table per section.
    func lines(_ context: Context) -> [StyledLine] {
        guard let r = report else { return [StyledLine("  Loading the report…", .dim)] }
        let t = table(context)
        var out: [StyledLine] = []
        for section in r.sections {
            let all = section.rows + (section.total.map { [$0] } ?? [])
            let counts = all.contains { $0.count != nil }, amounts = all.contains { $0.amount != nil }
            out.append(StyledLine(t.text([section.title, counts ? "Count" : "", amounts ? "Amount" : ""]), .title))
            if section.rows.isEmpty { out.append(StyledLine(t.text(["  none"]), .dim)) }
            for row in section.rows { out.append(reportRow(row, t, section.signed, total: false)) }
            if let total = section.total { out.append(reportRow(total, t, section.signed, total: true)) }
            out.append(StyledLine(""))
        }
        if out.last == StyledLine("") { out.removeLast() }
        return out
    }

    func reportRow(_ row: ReportRow, _ t: Table, _ signed: Bool, total: Bool) -> StyledLine {
        let amount = row.amount.map { m in signed && m.minor > 0 ? "+" + m.decimal : m.decimal } ?? ""
        let text = t.text(["  " + row.label, row.count.map(String.init) ?? "", amount])
        if signed, let m = row.amount, m.minor != 0 { return StyledLine(text, m.minor < 0 ? .failed : .warning) }
        return StyledLine(text, total ? .amount : .normal)
    }

    func heading(_ timeZone: TimeZone) -> String {
        guard let r = report else { return "" }
        let name = r.kind == .z ? "Z report #\(r.number ?? 0) · day \(r.businessDate)" : "X report · day \(r.businessDate) so far"
        return "\(name) · made \(Fmt.stamp(r.generatedAt, timeZone)) by \(r.generatedBy)"
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        grid.put(" " + heading(context.timeZone), x: 0, y: body.y, role: .title, maxWidth: body.width)
        let lines = lines(context)
        for (i, line) in lines.dropFirst(scroll).enumerated() where i < body.height - 1 {
            grid.put("  " + line.text, x: 0, y: body.y + 1 + i, role: line.role, maxWidth: body.width)
        }
        guard let dialog = confirm else { return }
        let (x, y) = grid.centredBox(width: 64, height: 11, title: "Close the business day")
        let day = report?.businessDate ?? ""
        grid.put("The Z report closes business day \(day). It is numbered", x: x + 3, y: y + 2, role: .dialog)
        grid.put("and can be made only once for the day.", x: x + 3, y: y + 3, role: .dialog)
        grid.put("Supervisor", x: x + 3, y: y + 5, role: .dialog)
        grid.field(dialog.user, x: x + 15, y: y + 5, width: 30, focused: !dialog.focusPin)
        grid.put("PIN", x: x + 3, y: y + 6, role: .dialog)
        grid.field(dialog.pin, x: x + 15, y: y + 6, width: 30, focused: dialog.focusPin)
        grid.put("Enter makes the Z report · Esc cancels", x: x + 3, y: y + 8, role: .dialog)
    }

    func summary(_ context: Context) -> [StyledLine] {
        guard let r = report else { return [] }
        let count = lines(context).count
        let shown = min(count, scroll + context.bodyHeight - 1)
        return [StyledLine(" \(r.kind == .z ? "Z" : "X") report · lines \(scroll + 1)–\(shown) of \(count) · ↑↓ PgUp PgDn scroll", .dim)]
    }
}
