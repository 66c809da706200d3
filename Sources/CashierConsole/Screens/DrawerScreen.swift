import CashierCore

/// Cash put in or taken out of the drawer: amount and reason.
struct MovementDialog: Equatable, Sendable {
    var kind: CashMove
    var amount = TextField(maxLength: 16)
    var reason = TextField(maxLength: 60)
    var focusReason = false
}

/// The drawer of the operator's open shift: its figures and movements, cash in and out.
struct DrawerScreen: Screen {
    var scroll = 0
    var movement: MovementDialog?

    var isModal: Bool { movement != nil }

    /// The dialog's amount and reason, or the one sentence that says what is wrong.
    func movementCheck(_ d: MovementDialog, _ context: Context) -> Result<(Money, String), BackendError> {
        let currency = context.shift.setup?.currency ?? .cny
        let amount: Money
        do { amount = try Money.parse(d.amount.text, currency: currency) } catch {
            return .failure(BackendError(error.description))
        }
        if amount.minor == 0 { return .failure(BackendError("The amount must be more than 0.")) }
        if d.kind == .cashOut, let expected = context.shift.current?.expected, amount > expected {
            return .failure(BackendError("Cash out \(amount.decimal) is more than the \(expected.decimal) expected in the drawer."))
        }
        let reason = d.reason.text.trimmingSpaces
        if reason.isEmpty {
            return .failure(BackendError(d.kind == .cashOut ? "Type why the cash goes out, such as \"bank drop\"." : "Type where the cash comes from, such as \"change from the bank\"."))
        }
        return .success((amount, reason))
    }

    func keys(_ context: Context) -> [ScreenKey<DrawerScreen>] {
        if movement != nil {
            let busy = context.isPending(.drawer(.shift)) ? "Record: wait for the answer." : nil
            return [
                .on(.enter, label: "Record", bar: true, disabled: busy) { s, c, _ in s.record(&c) },
                .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.movement?.focusReason.toggle(); return [] },
                .on(.backTab, .up, label: "Previous field") { s, _, _ in s.movement?.focusReason.toggle(); return [] },
                .on(.escape, label: "Cancel", bar: true) { s, _, _ in s.movement = nil; return [] },
            ] + KeyTable.textEditing { s, _, edit, key in
                if s.movement?.focusReason == true { s.movement?.reason.apply(edit, key: key) } else { s.movement?.amount.apply(edit, key: key) }
                return []
            }
        }
        let none = context.shift.current == nil ? "there is no open shift: Enter opens one." : nil
        let limit = max(0, lines(context).count - context.bodyHeight)
        let page = max(1, context.bodyHeight - 2)
        return KeyTable.scrolling(\.scroll, limit: limit, page: page) + [
            .on(.char("i"), label: "Cash in", bar: true, disabled: none.map { "Cash in: " + $0 }) { s, _, _ in
                s.movement = MovementDialog(kind: .cashIn)
                return []
            },
            .on(.char("o"), label: "Cash out", bar: true, disabled: none.map { "Cash out: " + $0 }) { s, _, _ in
                s.movement = MovementDialog(kind: .cashOut)
                return []
            },
            .on(.char("c"), label: "Close shift", bar: true, disabled: none.map { "Close shift: " + $0 }) { _, c, _ in
                c.go(.closeShift)
                return []
            },
            .on(.char("r"), label: "Reports") { _, c, _ in c.go(.reports); return [] },
            .on(.enter, label: "Open a shift", disabled: none == nil ? "Open a shift: yours is open already." : nil) { _, c, _ in
                c.go(.openShift)
                return []
            },
            // Not in the bar: the figures refresh by themselves when the store changes.
            .on(.function(5), label: "Refresh") { _, c, _ in c.lookUpShift() },
            .on(.escape, label: "Orders", bar: true) { _, c, _ in c.go(.orders); return [] },
        ]
    }

    func record(_ context: inout Context) -> [Effect] {
        guard let dialog = movement else { return [] }
        switch movementCheck(dialog, context) {
        case .failure(let problem):
            context.message = .error(problem.message)
            return []
        case .success(let (amount, reason)):
            guard let session = context.session else { return [] }
            return [context.request(.drawer(.move(dialog.kind, amount: amount, reason: reason, session: session)))]
        }
    }

    mutating func refresh(_ context: inout Context) -> [Effect] {
        context.isPending(.drawer(.shift)) ? [] : context.lookUpShift()
    }

    mutating func moved(_ kind: CashMove, _ amount: Money, _ reason: String, _ result: Result<ShiftSummary, BackendError>,
                        _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let shift):
            context.shift.current = shift
            movement = nil
            context.message = Note("Recorded \(kind.rawValue) of \(amount.decimal) \(shift.float.currency.code): \(reason).", .succeeded)
        case .failure(let error):
            context.message = .error(error.message)
        }
        return []
    }

    func lines(_ context: Context) -> [StyledLine] {
        let timeZone = context.timeZone
        guard let s = context.shift.current else {
            return [StyledLine(""), StyledLine("  You have no open shift on this terminal. Enter opens one.", .dim)]
        }
        var out = [StyledLine("Shift #\(s.id) · terminal \(s.terminal) · \(s.operatorName) · opened \(Fmt.stamp(s.openedAt, timeZone))", .title),
                   StyledLine("")]
        out += shiftFigures(s)
        out += [StyledLine(""), StyledLine("Cash in and out", .title)]
        if s.movements.isEmpty {
            out.append(StyledLine("  None yet: i records cash put in, o cash taken out (a bank drop, a paid-out).", .dim))
        } else {
            out.append(StyledLine("  " + movementTable(context).text(["Time", "Kind", "Amount", "By", "Reason"]), .dim))
            for m in s.movements {
                out.append(StyledLine("  " + movementTable(context).text([Fmt.time(m.at, timeZone), m.kind.rawValue, m.amount.decimal, m.by, m.reason])))
            }
        }
        return out
    }

    func movementTable(_ context: Context) -> Table {
        Table([Column("Time", 8), Column("Kind", 8), Column("Amount", 12, right: true), Column("By", 12), Column("Reason", nil)],
              totalWidth: max(50, context.size.width - 4))
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        for (i, line) in lines(context).dropFirst(scroll).enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
        guard let dialog = movement else { return }
        let title = dialog.kind == .cashIn ? "Cash in" : "Cash out"
        let (x, y) = grid.centredBox(width: 64, height: 11, title: title)
        let code = context.shift.setup?.currency.code ?? ""
        grid.put("Amount", x: x + 3, y: y + 2, role: .dialog)
        grid.field(dialog.amount, x: x + 11, y: y + 2, width: 18, focused: !dialog.focusReason)
        grid.put(code, x: x + 30, y: y + 2, role: .dialog)
        grid.put("Reason", x: x + 3, y: y + 4, role: .dialog)
        grid.field(dialog.reason, x: x + 11, y: y + 4, width: 50, focused: dialog.focusReason)
        if case .failure(let problem) = movementCheck(dialog, context), !dialog.amount.isEmpty || !dialog.reason.isEmpty {
            for (i, line) in wrap(problem.message, width: 58).prefix(2).enumerated() {
                grid.put(line, x: x + 3, y: y + 6 + i, role: .error)
            }
        } else if let expected = context.shift.current?.expected {
            grid.put("Expected in the drawer now: \(expected.decimal) \(code)", x: x + 3, y: y + 6, role: .dialog)
        }
        grid.put("Enter records it · Esc cancels", x: x + 3, y: y + 9, role: .dialog)
    }

    func summary(_ context: Context) -> [StyledLine] {
        guard let s = context.shift.current else { return [StyledLine(" No open shift · Enter opens one", .dim)] }
        return [StyledLine(" Expected in the drawer "), StyledLine(s.expected.decimal, .amount),
                StyledLine(" \(s.expected.currency.code) · i cash in · o cash out · c closes the shift")]
    }
}

extension Context {
    /// Asks for the terminal's drawer rules and the operator's open shift.
    mutating func lookUpShift() -> [Effect] {
        guard let session else { return [] }
        return [request(.drawer(.lookup(session)))]
    }
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

