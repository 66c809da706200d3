import CashierCore
import Localization

extension AuditScreen {
    func summary(_ context: Context) -> [StyledLine] {
        let audit = self, timeZone = context.timeZone, size = context.size, l = context.lang
        guard let chain = audit.chain else { return [StyledLine(" " + l.t("console.audit.locked"), .dim)] }
        let checked = Fmt.time(chain.checkedAt, timeZone)
        guard chain.problems.isEmpty else {
            let text = " " + l.plural("console.audit.broken", count: chain.problems.count, ["first": chain.problems[0]])
            return [StyledLine(DisplayWidth.truncate(text, to: size.width), .error)]
        }
        return [StyledLine(" " + l.plural("console.audit.verified", count: chain.entries, ["time": checked]), .succeeded),
                StyledLine(" · " + l.t("console.audit.verify_again"), .dim)]
    }

    func auditTable(width: Int, _ l: Language) -> Table {
        Table([Column(l.t("console.audit.col_time"), 11), Column(l.t("console.audit.col_actor"), 10), Column(l.t("console.audit.col_channel"), 8),
               Column(l.t("console.audit.col_action"), 17), Column(l.t("console.audit.col_subject"), nil),
               Column(l.t("console.audit.col_amount"), 10, right: true, role: .amount)], totalWidth: width)
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let audit = self, timeZone = context.timeZone, l = context.lang
        drawAuditFilters(into: &grid, body, l)
        let table = auditTable(width: body.width - 2, l)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y + 1, rowRole: .title)
        let panel = 4
        // While locked the gate's dialog and the summary line say what to do.
        if audit.rows.isEmpty && audit.viewer != nil {
            let note = !audit.loaded ? l.t("console.audit.loading") : audit.filtered ? l.t("console.audit.no_match") : l.t("console.audit.empty")
            grid.centred(note, y: body.y + 3, role: .dim)
        }
        for (i, row) in audit.rows.enumerated() where body.y + 2 + i < body.bottom - panel {
            let y = body.y + 2 + i
            let role: Role? = i == audit.cursor ? .cursor : nil
            if let role { grid.fill(x: 0, y: y, width: body.width, height: 1, role: role) }
            table.draw([Fmt.stamp(row.at, timeZone), row.actor, row.channel, row.action, row.subject, row.amount?.decimal ?? ""],
                       into: &grid, x: 1, y: y, rowRole: role)
        }
        if let row = audit.current {
            let top = body.bottom - panel
            grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
            let amount = row.amount.map { " · \($0.decimal) \($0.currency.code)" } ?? ""
            let lines = [
                StyledLine(" " + l.t("console.audit.panel_head", ["id": row.id, "time": l.dateTime(row.at, timeZone), "actor": row.actor,
                                                                   "channel": row.channel]), .title),
                StyledLine(" \(row.action) · \(row.subject)\(amount)", .amount),
                StyledLine(" \(row.detail.isEmpty ? l.t("console.audit.no_detail") : row.detail)", row.detail.isEmpty ? .dim : .normal),
            ]
            for (i, line) in lines.enumerated() { grid.put(line.text, x: 0, y: top + 1 + i, role: line.role, maxWidth: body.width) }
        }
        if let gate = audit.gate { drawAuditGate(gate, l, into: &grid) }
    }

    private func drawAuditFilters(into grid: inout Grid, _ body: Rect, _ l: Language) {
        let audit = self
        let page = (audit.hasMore ? l.t("console.audit.page_more", ["page": audit.page]) : l.t("console.audit.page", ["page": audit.page])) + " "
        let fields: [(AuditScreen.FilterField, String, Int)] = [(.actor, l.t("console.audit.col_actor"), 14),
                                                               (.action, l.t("console.audit.col_action"), 14), (.text, l.t("console.audit.text"), 18)]
        var x = 1
        for (field, label, width) in fields {
            x += grid.put(label + " ", x: x, y: body.y, role: .dim)
            if audit.editingFilter {
                grid.field(audit[field], x: x, y: body.y, width: width, focused: audit.filterFocus == field)
                x += width + 2
            } else {
                let value = audit[field].text
                x += grid.put(value.isEmpty ? l.t("console.audit.any") : value, x: x, y: body.y, maxWidth: width) + 2
            }
        }
        // While the filters are edited their fields need the whole line.
        if audit.viewer != nil && !audit.editingFilter { grid.putRight(page, right: body.width, y: body.y, role: .dim) }
    }

    private func drawAuditGate(_ gate: SupervisorGate, _ l: Language, into grid: inout Grid) {
        let audit = self
        let (x, y) = grid.centredBox(width: 60, height: 8, title: l.t("console.audit.title"))
        for (i, line) in wrap(l.t("console.audit.gate_explain"), width: 51).prefix(2).enumerated() {
            grid.put(line, x: x + 2, y: y + 2 + i, role: .dialog, maxWidth: 56)
        }
        grid.put(l.t("console.audit.supervisor"), x: x + 2, y: y + 5, role: .dialog)
        grid.field(gate.user, x: x + 14, y: y + 5, width: 43, focused: !audit.gateOnPin)
        grid.put(l.t("console.audit.pin"), x: x + 2, y: y + 6, role: .dialog)
        grid.field(gate.pin, x: x + 14, y: y + 6, width: 43, focused: audit.gateOnPin)
    }
}
