import CashierCore

/// Cash put in or taken out of the drawer: amount and reason.
struct MovementDialog: Equatable, Sendable {
    var kind: CashMove
    var amount = TextField(maxLength: 16)
    var reason = TextField(maxLength: 60)
    var focusReason = false
}

extension AppState {
    /// F8 on the orders screen: the drawer, or the open-shift form when there is no shift.
    var drawerKeyReason: String? {
        if !drawer.lookedUp { return "Drawer: still looking up your shift, wait a moment." }
        if !drawer.keepsShifts { return "Drawer: this store keeps no shifts yet." }
        return nil
    }

    mutating func openDrawer() -> [Effect] {
        guard let session else { return [] }
        if drawer.shift == nil {
            openShiftScreen()
            return []
        }
        route = .drawer(.overview)
        drawer.scroll = 0
        return [request(.drawer(.lookup(session)))]
    }

    /// The dialog's amount and reason, or the one sentence that says what is wrong.
    func movementCheck(_ d: MovementDialog) -> Result<(Money, String), BackendError> {
        let currency = drawer.setup?.currency ?? .cny
        let amount: Money
        do { amount = try Money.parse(d.amount.text, currency: currency) } catch {
            return .failure(BackendError(error.description))
        }
        if amount.minor == 0 { return .failure(BackendError("The amount must be more than 0.")) }
        if d.kind == .cashOut, let expected = drawer.shift?.expected, amount > expected {
            return .failure(BackendError("Cash out \(amount.decimal) is more than the \(expected.decimal) expected in the drawer."))
        }
        let reason = d.reason.text.trimmingSpaces
        if reason.isEmpty {
            return .failure(BackendError(d.kind == .cashOut ? "Type why the cash goes out, such as \"bank drop\"." : "Type where the cash comes from, such as \"change from the bank\"."))
        }
        return .success((amount, reason))
    }

    var drawerOverviewBindings: [KeyBinding] {
        if drawer.movement != nil {
            let busy = isPending(.drawer(.shift)) ? "Record: wait for the answer." : nil
            return [
                .on(.enter, do: .confirm, "Record", bar: true, disabled: busy),
                .on(.tab, .down, do: .nextField, "Next field", bar: true),
                .on(.backTab, .up, do: .prevField, "Previous field"),
                .on(.escape, do: .back, "Cancel", bar: true),
            ] + KeyTable.textEditing()
        }
        let none = drawer.shift == nil ? "there is no open shift: Enter opens one." : nil
        return [
            .on(.up, do: .up, "Scroll up"),
            .on(.down, do: .down, "Scroll down"),
            .on(.pageUp, do: .pageUp, "Page up"),
            .on(.pageDown, do: .pageDown, "Page down"),
            .on(.char("i"), do: .cashIn, "Cash in", bar: true, disabled: none.map { "Cash in: " + $0 }),
            .on(.char("o"), do: .cashOut, "Cash out", bar: true, disabled: none.map { "Cash out: " + $0 }),
            .on(.char("c"), do: .closeShift, "Close shift", bar: true, disabled: none.map { "Close shift: " + $0 }),
            .on(.char("r"), do: .reports, "Reports"),
            .on(.enter, do: .confirm, "Open a shift", disabled: none == nil ? "Open a shift: yours is open already." : nil),
            // Not in the bar: the figures refresh by themselves when the store changes.
            .on(.function(5), do: .refresh, "Refresh"),
            .on(.escape, do: .back, "Orders", bar: true),
        ]
    }

    mutating func drawerOverviewCommand(_ command: Command, key: Key) -> [Effect] {
        if var dialog = drawer.movement {
            switch command {
            case .nextField, .prevField: dialog.focusReason.toggle()
            case .back:
                drawer.movement = nil
                return []
            case .confirm:
                switch movementCheck(dialog) {
                case .failure(let problem):
                    message = .error(problem.message)
                case .success(let (amount, reason)):
                    guard let session else { return [] }
                    return [request(.drawer(.move(dialog.kind, amount: amount, reason: reason, session: session)))]
                }
            default:
                if dialog.focusReason { dialog.reason.apply(command, key: key) } else { dialog.amount.apply(command, key: key) }
            }
            drawer.movement = dialog
            return []
        }
        let limit = max(0, drawerLines.count - bodyHeight)
        switch command {
        case .up: drawer.scroll = max(0, drawer.scroll - 1)
        case .down: drawer.scroll = min(limit, drawer.scroll + 1)
        case .pageUp: drawer.scroll = max(0, drawer.scroll - max(1, bodyHeight - 2))
        case .pageDown: drawer.scroll = min(limit, drawer.scroll + max(1, bodyHeight - 2))
        case .cashIn: drawer.movement = MovementDialog(kind: .cashIn)
        case .cashOut: drawer.movement = MovementDialog(kind: .cashOut)
        case .closeShift: startCount()
        case .reports: return openReports()
        case .confirm: openShiftScreen()
        case .refresh:
            guard let session else { return [] }
            return [request(.drawer(.lookup(session)))]
        case .back: return openOrders()
        default: break
        }
        return []
    }

    /// The shift's figures, each as a signed step towards what the drawer should hold.
    func shiftFigures(_ s: ShiftSummary, label: Int = 28) -> [StyledLine] {
        func row(_ name: String, _ m: Money, _ sign: String) -> StyledLine {
            StyledLine("  " + DisplayWidth.pad(name, to: label) + DisplayWidth.pad((m.minor == 0 ? " " : sign) + " " + m.decimal, to: 14, alignRight: true))
        }
        return [
            row("Opening float", s.float, " "),
            row("Cash taken", s.cashTaken, "+"),
            row("Change given", s.changeGiven, "-"),
            row("Cash refunds", s.cashRefunds, "-"),
            row("Cash in", s.cashIn, "+"),
            row("Cash out", s.cashOut, "-"),
            StyledLine("  " + String(repeating: "─", count: label + 14), .dim),
            StyledLine("  " + DisplayWidth.pad("Expected in the drawer", to: label)
                + DisplayWidth.pad(s.expected.decimal, to: 14, alignRight: true) + " " + s.expected.currency.code, .amount),
        ]
    }

    var drawerLines: [StyledLine] {
        guard let s = drawer.shift else {
            return [StyledLine(""), StyledLine("  You have no open shift on this terminal. Enter opens one.", .dim)]
        }
        var out = [StyledLine("Shift #\(s.id) · terminal \(s.terminal) · \(s.operatorName) · opened \(Fmt.stamp(s.openedAt, timeZone))", .title),
                   StyledLine("")]
        out += shiftFigures(s)
        out += [StyledLine(""), StyledLine("Cash in and out", .title)]
        if s.movements.isEmpty {
            out.append(StyledLine("  None yet: i records cash put in, o cash taken out (a bank drop, a paid-out).", .dim))
        } else {
            out.append(StyledLine("  " + movementTable.text(["Time", "Kind", "Amount", "By", "Reason"]), .dim))
            for m in s.movements {
                out.append(StyledLine("  " + movementTable.text([Fmt.time(m.at, timeZone), m.kind.rawValue, m.amount.decimal, m.by, m.reason])))
            }
        }
        return out
    }

    var movementTable: Table {
        Table([Column("Time", 8), Column("Kind", 8), Column("Amount", 12, right: true), Column("By", 12), Column("Reason", nil)],
              totalWidth: max(50, size.width - 4))
    }

    func drawDrawerOverview(into grid: inout Grid, _ body: Rect) {
        for (i, line) in drawerLines.dropFirst(drawer.scroll).enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
        guard let dialog = drawer.movement else { return }
        let title = dialog.kind == .cashIn ? "Cash in" : "Cash out"
        let (x, y) = grid.centredBox(width: 64, height: 11, title: title)
        let code = drawer.setup?.currency.code ?? ""
        grid.put("Amount", x: x + 3, y: y + 2, role: .dialog)
        grid.field(dialog.amount, x: x + 11, y: y + 2, width: 18, focused: !dialog.focusReason)
        grid.put(code, x: x + 30, y: y + 2, role: .dialog)
        grid.put("Reason", x: x + 3, y: y + 4, role: .dialog)
        grid.field(dialog.reason, x: x + 11, y: y + 4, width: 50, focused: dialog.focusReason)
        if case .failure(let problem) = movementCheck(dialog), !dialog.amount.isEmpty || !dialog.reason.isEmpty {
            for (i, line) in wrap(problem.message, width: 58).prefix(2).enumerated() {
                grid.put(line, x: x + 3, y: y + 6 + i, role: .error)
            }
        } else if let expected = drawer.shift?.expected {
            grid.put("Expected in the drawer now: \(expected.decimal) \(code)", x: x + 3, y: y + 6, role: .dialog)
        }
        grid.put("Enter records it · Esc cancels", x: x + 3, y: y + 9, role: .dialog)
    }

    var drawerSummary: [StyledLine] {
        guard let s = drawer.shift else { return [StyledLine(" No open shift · Enter opens one", .dim)] }
        return [StyledLine(" Expected in the drawer "), StyledLine(s.expected.decimal, .amount),
                StyledLine(" \(s.expected.currency.code) · i cash in · o cash out · c closes the shift")]
    }
}
