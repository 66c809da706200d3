import CashierCore
import Localization

extension UsersScreen {
    func summary(_ context: Context) -> [StyledLine] {
        let users = self, l = context.lang
        guard users.loaded else { return [StyledLine(" " + l.t("console.users.loading"), .dim)] }
        let disabled = users.rows.filter { $0.status == .disabled }.count
        let supervisors = users.rows.filter { $0.role == .supervisor && $0.status != .disabled }.count
        return [StyledLine(" " + l.plural("console.users.count", count: users.rows.count) + " · "
            + l.plural("console.users.supervisors", count: supervisors) + " · "
            + l.t("console.users.summary_rest", ["disabled": disabled]))]
    }

    func userStatusText(_ row: UserRow, _ l: Language) -> String {
        switch row.status {
        case .enabled: return l.t("console.users.status_enabled")
        case .disabled: return l.t("console.users.status_disabled")
        case .locked: return l.t("console.users.status_locked")
        }
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let users = self, timeZone = context.timeZone, l = context.lang
        let table = Table([Column(l.t("console.users.col_name"), nil), Column(l.t("console.users.col_role"), 10),
                           Column(l.t("console.users.col_status"), 8), Column(l.t("console.users.col_added"), 11),
                           Column(l.t("console.users.col_by"), 10), Column(l.t("console.users.col_pin_changed"), 11)], totalWidth: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y, rowRole: .title)
        let panel = 4
        let visible = max(1, body.height - 1 - panel)
        if users.rows.isEmpty {
            grid.centred(users.loaded ? l.t("console.users.empty") : l.t("console.users.loading"), y: body.y + 2, role: .dim)
        }
        let first = max(0, users.cursor - visible + 1)
        for (i, row) in users.rows.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 1 + i - first
            let statusRole: Role? = row.status == .disabled ? .dim : row.status == .locked ? .warning : nil
            let role: Role? = i == users.cursor ? .cursor : statusRole
            if i == users.cursor { grid.fill(x: 0, y: y, width: body.width, height: 1, role: .cursor) }
            table.draw([row.name, l.role(row.role), userStatusText(row, l), row.createdAt.map { Fmt.stamp($0, timeZone) } ?? "—",
                        row.createdBy ?? "—", row.pinChangedAt.map { Fmt.stamp($0, timeZone) } ?? "—"],
                       into: &grid, x: 1, y: y, rowRole: role)
        }
        if let row = users.current {
            let top = body.bottom - panel
            grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
            var lines = [StyledLine(" \(row.name) · \(l.role(row.role)) · \(userStatusText(row, l))", .title)]
            let added: String
            if let at = row.createdAt {
                added = row.createdBy.map { l.t("console.users.added_at_by", ["time": Fmt.stamp(at, timeZone), "user": $0]) }
                    ?? l.t("console.users.added_at", ["time": Fmt.stamp(at, timeZone)])
            } else {
                added = l.t("console.users.added_setup")
            }
            lines.append(StyledLine(" " + added + " · " + l.t("console.users.pin_changed", ["time": row.pinChangedAt.map { Fmt.stamp($0, timeZone) } ?? "—"]), .dim))
            switch row.status {
            case .disabled: lines.append(StyledLine(" " + l.t("console.users.disabled_note"), .warning))
            case .locked:
                let until = row.lockedUntil.map { Fmt.time($0, timeZone) } ?? l.t("console.users.later")
                lines.append(StyledLine(" " + l.t("console.users.locked_note", ["time": until]), .warning))
            case .enabled: break
            }
            for (i, line) in lines.enumerated() { grid.put(line.text, x: 0, y: top + 1 + i, role: line.role, maxWidth: body.width) }
        }
        if let form = users.form { drawUserForm(form, l, into: &grid) }
    }

    private func drawUserForm(_ form: UserForm, _ l: Language, into grid: inout Grid) {
        enum Line { case text(String), field(UserForm.Field, String), blank }
        var lines: [Line] = [.blank]
        let newPin = l.t("console.users.new_pin"), again = l.t("console.users.again"), who = form.target ?? ""
        switch form.kind {
        case .add: lines += [.field(.name, l.t("console.users.col_name")), .field(.role, l.t("console.users.col_role")), .field(.newPin, newPin), .field(.confirmPin, again)]
        case .resetPin:
            lines += [.text(l.t("console.users.reset_explain", ["user": who])), .blank, .field(.newPin, newPin), .field(.confirmPin, again)]
        case .disable: lines += [.text(l.t("console.users.disable_explain", ["user": who]))]
        case .enable: lines += [.text(l.t("console.users.enable_explain", ["user": who]))]
        }
        lines += [.blank, .text(l.t("console.users.credentials")),
                  .field(.supervisor, l.t("console.users.supervisor")), .field(.pin, l.t("console.users.pin"))]
        let (x, y) = grid.centredBox(width: 60, height: lines.count + 2, title: form.title(l))
        for (i, line) in lines.enumerated() {
            let row = y + 1 + i
            switch line {
            case .blank: break
            case .text(let text): grid.put(text, x: x + 2, y: row, role: .dialog, maxWidth: 56)
            case .field(let field, let label):
                grid.put(label, x: x + 2, y: row, role: .dialog)
                if field == .role {
                    let focused = form.focus == .role
                    grid.put(" \(l.role(form.role)) ", x: x + 14, y: row, role: focused ? .inputFocused : .input)
                    grid.put(focused ? l.t("console.users.space_switches") : l.t("console.users.role_hint"), x: x + 28, y: row, role: .dim)
                } else {
                    grid.field(form[field], x: x + 14, y: row, width: 43, focused: form.focus == field)
                }
            }
        }
    }
}
