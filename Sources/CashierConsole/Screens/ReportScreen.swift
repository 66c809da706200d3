import CashierCore

/// The supervisor's own credentials to close the business day.
struct ZDialog: Equatable, Sendable {
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focusPin = false
}

struct ReportState: Equatable, Sendable {
    var report: ReportView?
    var scroll = 0
    var confirm: ZDialog?
}

extension AppState {
    mutating func openReports() -> [Effect] {
        guard let session else { return [] }
        if case .drawer(let page) = route, page == .reports { return [] }
        drawer.returnTo = route
        route = .drawer(.reports)
        drawer.reports.scroll = 0
        return [request(.drawer(.xReport(session)))]
    }

    var zReportReason: String? {
        if session?.role != .supervisor { return "Z report: only a supervisor closes the business day." }
        if drawer.reports.report == nil { return "Z report: wait for the X report to load first." }
        return nil
    }

    var reportBindings: [KeyBinding] {
        let busy = isPending(.drawer(.report)) ? "wait for the answer." : nil
        if drawer.reports.confirm != nil {
            return [
                .on(.enter, do: .confirm, "Make the Z report", bar: true, disabled: busy.map { "Z report: " + $0 }),
                .on(.tab, .down, do: .nextField, "Next field", bar: true),
                .on(.backTab, .up, do: .prevField, "Previous field"),
                .on(.escape, do: .back, "Cancel", bar: true),
            ] + KeyTable.textEditing()
        }
        return [
            .on(.up, do: .up, "Scroll up"),
            .on(.down, do: .down, "Scroll down"),
            .on(.pageUp, do: .pageUp, "Page up"),
            .on(.pageDown, do: .pageDown, "Page down"),
            .on(.home, do: .home, "Top"),
            .on(.end, do: .end, "Bottom"),
            .on(.char("x"), .function(5), do: .xReport, "X report", bar: true, disabled: busy.map { "X report: " + $0 }),
            .on(.char("z"), do: .zReport, "Z report", bar: true, disabled: zReportReason),
            .on(.escape, do: .back, "Back", bar: true),
        ]
    }

    mutating func reportCommand(_ command: Command, key: Key) -> [Effect] {
        if var dialog = drawer.reports.confirm {
            switch command {
            case .nextField, .prevField: dialog.focusPin.toggle()
            case .back:
                drawer.reports.confirm = nil
                return []
            case .confirm:
                let user = dialog.user.text.trimmingSpaces
                if user.isEmpty || dialog.pin.isEmpty {
                    message = .error(user.isEmpty ? "Type the supervisor's user name." : "Type the supervisor's own PIN to close the day.")
                    dialog.focusPin = !user.isEmpty
                } else if let session {
                    message = Note("Making the Z report…", .pending)
                    return [request(.drawer(.zReport(UserCredentials(user: user, pin: dialog.pin.text), session: session)))]
                }
            default:
                if dialog.focusPin { dialog.pin.apply(command, key: key) } else { dialog.user.apply(command, key: key) }
            }
            drawer.reports.confirm = dialog
            return []
        }
        let limit = max(0, reportLines.count - (bodyHeight - 1))
        let page = max(1, bodyHeight - 3)
        switch command {
        case .up: drawer.reports.scroll = max(0, drawer.reports.scroll - 1)
        case .down: drawer.reports.scroll = min(limit, drawer.reports.scroll + 1)
        case .pageUp: drawer.reports.scroll = max(0, drawer.reports.scroll - page)
        case .pageDown: drawer.reports.scroll = min(limit, drawer.reports.scroll + page)
        case .home: drawer.reports.scroll = 0
        case .end: drawer.reports.scroll = limit
        case .xReport:
            guard let session else { return [] }
            return [request(.drawer(.xReport(session)))]
        case .zReport:
            var dialog = ZDialog()
            // A supervisor at their own console only types the PIN.
            if let session, session.role == .supervisor { dialog.user.set(session.user); dialog.focusPin = true }
            drawer.reports.confirm = dialog
        case .back:
            route = drawer.returnTo
            return refreshVisible()
        default: break
        }
        return []
    }

    mutating func reportArrived(_ report: ReportView) {
        let wasZ = report.kind == .z
        drawer.reports.report = report
        drawer.reports.confirm = nil
        drawer.reports.scroll = 0
        if wasZ { message = Note("Z report #\(report.number ?? 0) made: business day \(report.businessDate) is closed.", .succeeded) }
    }

    var reportTable: Table {
        Table([Column("", nil), Column("Count", 8, right: true), Column("Amount", 14, right: true)], totalWidth: min(76, size.width - 4))
    }

    /// The report as lines: one aligned table per section.
    var reportLines: [StyledLine] {
        guard let r = drawer.reports.report else { return [StyledLine("  Loading the report…", .dim)] }
        let t = reportTable
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

    var reportHeading: String {
        guard let r = drawer.reports.report else { return "" }
        let name = r.kind == .z ? "Z report #\(r.number ?? 0) · day \(r.businessDate)" : "X report · day \(r.businessDate) so far"
        return "\(name) · made \(Fmt.stamp(r.generatedAt, timeZone)) by \(r.generatedBy)"
    }

    func drawReports(into grid: inout Grid, _ body: Rect) {
        grid.put(" " + reportHeading, x: 0, y: body.y, role: .title, maxWidth: body.width)
        let lines = reportLines
        for (i, line) in lines.dropFirst(drawer.reports.scroll).enumerated() where i < body.height - 1 {
            grid.put("  " + line.text, x: 0, y: body.y + 1 + i, role: line.role, maxWidth: body.width)
        }
        guard let dialog = drawer.reports.confirm else { return }
        let (x, y) = grid.centredBox(width: 64, height: 11, title: "Close the business day")
        let day = drawer.reports.report?.businessDate ?? ""
        grid.put("The Z report closes business day \(day). It is numbered", x: x + 3, y: y + 2, role: .dialog)
        grid.put("and can be made only once for the day.", x: x + 3, y: y + 3, role: .dialog)
        grid.put("Supervisor", x: x + 3, y: y + 5, role: .dialog)
        grid.field(dialog.user, x: x + 15, y: y + 5, width: 30, focused: !dialog.focusPin)
        grid.put("PIN", x: x + 3, y: y + 6, role: .dialog)
        grid.field(dialog.pin, x: x + 15, y: y + 6, width: 30, focused: dialog.focusPin)
        grid.put("Enter makes the Z report · Esc cancels", x: x + 3, y: y + 8, role: .dialog)
    }

    var reportSummary: [StyledLine] {
        guard let r = drawer.reports.report else { return [] }
        let shown = min(reportLines.count, drawer.reports.scroll + bodyHeight - 1)
        return [StyledLine(" \(r.kind == .z ? "Z" : "X") report · lines \(drawer.reports.scroll + 1)–\(shown) of \(reportLines.count) · ↑↓ PgUp PgDn scroll", .dim)]
    }
}
