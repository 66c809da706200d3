import CashierCore

extension AuditScreen {
    func summary(_ context: Context) -> [StyledLine] {
        let audit = self, timeZone = context.timeZone, size = context.size
        guard let chain = audit.chain else { return [StyledLine(" Locked: a supervisor's PIN opens the audit log.", .dim)] }
        let checked = Fmt.time(chain.checkedAt, timeZone)
        guard chain.problems.isEmpty else {
            let text = " Chain BROKEN (\(Fmt.plural(chain.problems.count, "problem")), `cashier check` lists them): \(chain.problems[0])"
            return [StyledLine(DisplayWidth.truncate(text, to: size.width), .error)]
        }
        return [StyledLine(" Chain verified: \(chain.entries == 1 ? "1 entry" : "\(chain.entries) entries") at \(checked)", .succeeded),
                StyledLine(" · F5 verifies again", .dim)]
    }

    func auditTable(width: Int) -> Table {
        Table([Column("Time", 11), Column("Actor", 10), Column("Channel", 8), Column("Action", 17), Column("Subject", nil),
               Column("Amount", 10, right: true, role: .amount)], totalWidth: width)
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let audit = self, timeZone = context.timeZone
        drawAuditFilters(into: &grid, body)
        let table = auditTable(width: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y + 1, rowRole: .title)
        let panel = 4
        // While locked the gate's dialog and the summary line say what to do.
        if audit.rows.isEmpty && audit.viewer != nil {
            let note = !audit.loaded ? "Loading the audit log…" : audit.filtered ? "No audit entries match the filters." : "The audit log is empty."
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
                StyledLine(" #\(row.id) · \(Fmt.date(row.at, timeZone)) \(Fmt.time(row.at, timeZone)) · \(row.actor) via \(row.channel)", .title),
                StyledLine(" \(row.action) · \(row.subject)\(amount)", .amount),
                StyledLine(" \(row.detail.isEmpty ? "(no detail)" : row.detail)", row.detail.isEmpty ? .dim : .normal),
            ]
            for (i, line) in lines.enumerated() { grid.put(line.text, x: 0, y: top + 1 + i, role: line.role, maxWidth: body.width) }
        }
        if let gate = audit.gate { drawAuditGate(gate, into: &grid) }
    }

    private func drawAuditFilters(into grid: inout Grid, _ body: Rect) {
        let audit = self
        let page = "Page \(audit.page)" + (audit.hasMore ? " · more ▼" : "") + " "
        let fields: [(AuditScreen.FilterField, String, Int)] = [(.actor, "Actor", 14), (.action, "Action", 14), (.text, "Text", 18)]
        var x = 1
        for (field, label, width) in fields {
            x += grid.put(label + " ", x: x, y: body.y, role: .dim)
            if audit.editingFilter {
                grid.field(audit[field], x: x, y: body.y, width: width, focused: audit.filterFocus == field)
                x += width + 2
            } else {
                let value = audit[field].text
                x += grid.put(value.isEmpty ? "any" : value, x: x, y: body.y, maxWidth: width) + 2
            }
        }
        // While the filters are edited their fields need the whole line.
        if audit.viewer != nil && !audit.editingFilter { grid.putRight(page, right: body.width, y: body.y, role: .dim) }
    }

    private func drawAuditGate(_ gate: SupervisorGate, into grid: inout Grid) {
        let audit = self
        let (x, y) = grid.centredBox(width: 60, height: 8, title: "Audit log")
        grid.put("The audit log is a supervisor's screen: their own", x: x + 2, y: y + 2, role: .dialog, maxWidth: 56)
        grid.put("name and PIN open it.", x: x + 2, y: y + 3, role: .dialog, maxWidth: 56)
        grid.put("Supervisor", x: x + 2, y: y + 5, role: .dialog)
        grid.field(gate.user, x: x + 14, y: y + 5, width: 43, focused: !audit.gateOnPin)
        grid.put("PIN", x: x + 2, y: y + 6, role: .dialog)
        grid.field(gate.pin, x: x + 14, y: y + 6, width: 43, focused: audit.gateOnPin)
    }
}
