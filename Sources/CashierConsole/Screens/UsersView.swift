import CashierCore

extension UsersScreen {
    func summary(_ context: Context) -> [StyledLine] {
        let users = self
        guard users.loaded else { return [StyledLine(" Loading users…", .dim)] }
        let disabled = users.rows.filter { $0.status == .disabled }.count
        let supervisors = users.rows.filter { $0.role == .supervisor && $0.status != .disabled }.count
        return [StyledLine(" \(Fmt.plural(users.rows.count, "user")) · \(Fmt.plural(supervisors, "enabled supervisor")) · \(disabled) disabled · changes need a supervisor's PIN")]
    }

    func userStatusText(_ row: UserRow) -> String { row.status.rawValue }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let users = self, timeZone = context.timeZone
        let table = Table([Column("Name", nil), Column("Role", 10), Column("Status", 8), Column("Added", 11),
                           Column("By", 10), Column("PIN changed", 11)], totalWidth: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y, rowRole: .title)
        let panel = 4
        let visible = max(1, body.height - 1 - panel)
        if users.rows.isEmpty {
            grid.centred(users.loaded ? "There are no users." : "Loading users…", y: body.y + 2, role: .dim)
        }
        let first = max(0, users.cursor - visible + 1)
        for (i, row) in users.rows.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 1 + i - first
            let statusRole: Role? = row.status == .disabled ? .dim : row.status == .locked ? .warning : nil
            let role: Role? = i == users.cursor ? .cursor : statusRole
            if i == users.cursor { grid.fill(x: 0, y: y, width: body.width, height: 1, role: .cursor) }
            table.draw([row.name, row.role.rawValue, userStatusText(row), row.createdAt.map { Fmt.stamp($0, timeZone) } ?? "—",
                        row.createdBy ?? "—", row.pinChangedAt.map { Fmt.stamp($0, timeZone) } ?? "—"],
                       into: &grid, x: 1, y: y, rowRole: role)
        }
        if let row = users.current {
            let top = body.bottom - panel
            grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
            var lines = [StyledLine(" \(row.name) · \(row.role.rawValue) · \(row.status.rawValue)", .title)]
            let added = row.createdAt.map { "Added \(Fmt.stamp($0, timeZone))" + (row.createdBy.map { " by \($0)" } ?? "") } ?? "Added when the store was set up"
            lines.append(StyledLine(" \(added) · PIN changed \(row.pinChangedAt.map { Fmt.stamp($0, timeZone) } ?? "—")", .dim))
            switch row.status {
            case .disabled: lines.append(StyledLine(" Disabled: cannot log in, pay or approve · d enables", .warning))
            case .locked:
                let until = row.lockedUntil.map { Fmt.time($0, timeZone) } ?? "later"
                lines.append(StyledLine(" Locked after wrong PINs until \(until) · p sets a new PIN and unlocks", .warning))
            case .enabled: break
            }
            for (i, line) in lines.enumerated() { grid.put(line.text, x: 0, y: top + 1 + i, role: line.role, maxWidth: body.width) }
        }
        if let form = users.form { drawUserForm(form, into: &grid) }
    }

    private func drawUserForm(_ form: UserForm, into grid: inout Grid) {
        enum Line { case text(String), field(UserForm.Field, String), blank }
        var lines: [Line] = [.blank]
        switch form.kind {
        case .add: lines += [.field(.name, "Name"), .field(.role, "Role"), .field(.newPin, "New PIN"), .field(.confirmPin, "Again")]
        case .resetPin:
            lines += [.text("A new PIN for \(form.target ?? ""); it also ends a lockout."), .blank,
                      .field(.newPin, "New PIN"), .field(.confirmPin, "Again")]
        case .disable: lines += [.text("\(form.target ?? "") will no longer log in, pay or approve.")]
        case .enable: lines += [.text("\(form.target ?? "") may log in again with their PIN.")]
        }
        lines += [.blank, .text("The supervisor's own credentials, for this change:"),
                  .field(.supervisor, "Supervisor"), .field(.pin, "PIN")]
        let (x, y) = grid.centredBox(width: 60, height: lines.count + 2, title: form.title)
        for (i, line) in lines.enumerated() {
            let row = y + 1 + i
            switch line {
            case .blank: break
            case .text(let text): grid.put(text, x: x + 2, y: row, role: .dialog, maxWidth: 56)
            case .field(let field, let label):
                grid.put(label, x: x + 2, y: row, role: .dialog)
                if field == .role {
                    let focused = form.focus == .role
                    grid.put(" \(form.role.rawValue) ", x: x + 14, y: row, role: focused ? .inputFocused : .input)
                    grid.put(focused ? "Space switches" : "cashier or supervisor", x: x + 28, y: row, role: .dim)
                } else {
                    grid.field(form[field], x: x + 14, y: row, width: 43, focused: form.focus == field)
                }
            }
        }
    }
}
