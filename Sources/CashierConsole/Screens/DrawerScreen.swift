import CashierCore
import Localization

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
        let l = context.lang
        let amount: Money
        do { amount = try Money.parse(d.amount.text, currency: currency) } catch {
            return .failure(BackendError(l.words(error)))
        }
        if amount.minor == 0 { return .failure(BackendError(l.t("console.drawer.amount_zero"))) }
        if d.kind == .cashOut, let expected = context.shift.current?.expected, amount > expected {
            return .failure(BackendError(l.t("console.drawer.out_over", ["amount": amount.decimal, "expected": expected.decimal])))
        }
        let reason = d.reason.text.trimmingSpaces
        if reason.isEmpty {
            return .failure(BackendError(d.kind == .cashOut ? l.t("console.drawer.why_out") : l.t("console.drawer.why_in")))
        }
        return .success((amount, reason))
    }

    func keys(_ context: Context) -> [ScreenKey<DrawerScreen>] {
        let l = context.lang
        if movement != nil {
            let busy = context.isPending(.drawer(.shift)) ? l.t("console.drawer.record_busy") : nil
            return [
                .on(.enter, label: l.t("console.drawer.record"), bar: true, disabled: busy) { s, c, _ in s.record(&c) },
                .on(.tab, .down, label: l.t("console.drawer.next_field"), bar: true) { s, _, _ in s.movement?.focusReason.toggle(); return [] },
                .on(.backTab, .up, label: l.t("console.drawer.previous_field")) { s, _, _ in s.movement?.focusReason.toggle(); return [] },
                .on(.escape, label: l.t("console.drawer.cancel"), bar: true) { s, _, _ in s.movement = nil; return [] },
            ] + KeyTable.textEditing(context.lang) { s, _, edit, key in
                if s.movement?.focusReason == true { s.movement?.reason.apply(edit, key: key) } else { s.movement?.amount.apply(edit, key: key) }
                return []
            }
        }
        let none = context.shift.current == nil ? l.t("console.drawer.no_shift_why") : nil
        let limit = max(0, lines(context).count - context.bodyHeight)
        let page = max(1, context.bodyHeight - 2)
        return KeyTable.scrolling(context.lang, \.scroll, limit: limit, page: page) + [
            .on(.char("i"), label: l.t("console.drawer.cash_in"), bar: true,
                disabled: none.map { l.t("console.drawer.cash_in_blocked", ["why": $0]) }) { s, _, _ in
                s.movement = MovementDialog(kind: .cashIn)
                return []
            },
            .on(.char("o"), label: l.t("console.drawer.cash_out"), bar: true,
                disabled: none.map { l.t("console.drawer.cash_out_blocked", ["why": $0]) }) { s, _, _ in
                s.movement = MovementDialog(kind: .cashOut)
                return []
            },
            .on(.char("c"), label: l.t("console.drawer.close_shift"), bar: true,
                disabled: none.map { l.t("console.drawer.close_shift_blocked", ["why": $0]) }) { _, c, _ in
                c.go(.closeShift)
                return []
            },
            .on(.char("r"), label: l.t("console.drawer.reports")) { _, c, _ in c.go(.reports); return [] },
            .on(.enter, label: l.t("console.drawer.open_shift"), disabled: none == nil ? l.t("console.drawer.open_already") : nil) { _, c, _ in
                c.go(.openShift)
                return []
            },
            // Not in the bar: the figures refresh by themselves when the store changes.
            .on(.function(5), label: l.t("console.drawer.refresh")) { _, c, _ in c.lookUpShift() },
            .on(.escape, label: l.t("console.drawer.orders"), bar: true) { _, c, _ in c.go(.orders); return [] },
        ]
    }

    func record(_ context: inout Context) -> [Effect] {
        guard let dialog = movement else { return [] }
        switch movementCheck(dialog, context) {
        case .failure(let problem):
            context.message = .error(problem.text(context.lang))
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
            context.message = Note(context.lang.t("console.drawer.recorded", ["kind": kind.words(context.lang), "amount": "\(amount.decimal) \(shift.float.currency.code)",
                                                                  "reason": reason]), .succeeded)
        case .failure(let error):
            context.message = .error(error.text(context.lang))
        }
        return []
    }

    func lines(_ context: Context) -> [StyledLine] {
        let timeZone = context.timeZone, l = context.lang
        guard let s = context.shift.current else {
            return [StyledLine(""), StyledLine("  " + l.t("console.drawer.no_shift"), .dim)]
        }
        var out = [StyledLine(l.t("console.drawer.heading", ["id": s.id, "terminal": s.terminal, "user": s.operatorName,
                                                             "time": Fmt.stamp(s.openedAt, timeZone)]), .title),
                   StyledLine("")]
        out += shiftFigures(s, l)
        out += [StyledLine(""), StyledLine(l.t("console.drawer.movements"), .title)]
        let table = movementTable(context)
        if s.movements.isEmpty {
            out.append(StyledLine("  " + l.t("console.drawer.no_movements"), .dim))
        } else {
            out.append(StyledLine("  " + table.text(table.columns.map(\.title)), .dim))
            for m in s.movements {
                out.append(StyledLine("  " + table.text([Fmt.time(m.at, timeZone), m.kind.words(l), m.amount.decimal, m.by, m.reason])))
            }
        }
        return out
    }

    func movementTable(_ context: Context) -> Table {
        let l = context.lang
        return Table([Column(l.t("console.drawer.col_time"), 8), Column(l.t("console.drawer.col_kind"), 8),
                      Column(l.t("console.drawer.col_amount"), 12, right: true), Column(l.t("console.drawer.col_by"), 12),
                      Column(l.t("console.drawer.col_reason"), nil)], totalWidth: max(50, context.size.width - 4))
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        for (i, line) in lines(context).dropFirst(scroll).enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
        guard let dialog = movement else { return }
        let l = context.lang
        let (x, y) = grid.centredBox(width: 64, height: 11, title: dialog.kind.title(l))
        let code = context.shift.setup?.currency.code ?? ""
        grid.put(l.t("console.drawer.amount"), x: x + 3, y: y + 2, role: .dialog)
        grid.field(dialog.amount, x: x + 11, y: y + 2, width: 18, focused: !dialog.focusReason)
        grid.put(code, x: x + 30, y: y + 2, role: .dialog)
        grid.put(l.t("console.drawer.reason"), x: x + 3, y: y + 4, role: .dialog)
        grid.field(dialog.reason, x: x + 11, y: y + 4, width: 50, focused: dialog.focusReason)
        if case .failure(let problem) = movementCheck(dialog, context), !dialog.amount.isEmpty || !dialog.reason.isEmpty {
            for (i, line) in wrap(problem.text(context.lang), width: 58).prefix(2).enumerated() {
                grid.put(line, x: x + 3, y: y + 6 + i, role: .error)
            }
        } else if let expected = context.shift.current?.expected {
            grid.put(l.t("console.drawer.expected_now", ["amount": "\(expected.decimal) \(code)"]), x: x + 3, y: y + 6, role: .dialog)
        }
        grid.put(l.t("console.drawer.dialog_keys"), x: x + 3, y: y + 9, role: .dialog)
    }

    func summary(_ context: Context) -> [StyledLine] {
        let l = context.lang
        guard let s = context.shift.current else { return [StyledLine(" " + l.t("console.drawer.summary_none"), .dim)] }
        return [StyledLine(" " + l.t("console.drawer.summary_expected") + " "), StyledLine(s.expected.decimal, .amount),
                StyledLine(" \(s.expected.currency.code) · " + l.t("console.drawer.summary_keys"))]
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
func shiftFigures(_ s: ShiftSummary, _ l: Language, label: Int = 28) -> [StyledLine] {
    func row(_ name: String, _ m: Money, _ sign: String) -> StyledLine {
        StyledLine("  " + DisplayWidth.pad(name, to: label) + DisplayWidth.pad((m.minor == 0 ? " " : sign) + " " + m.decimal, to: 14, alignRight: true))
    }
    return [
        row(l.t("console.drawer.fig_float"), s.float, " "),
        row(l.t("console.drawer.fig_cash_taken"), s.cashTaken, "+"),
        row(l.t("console.drawer.fig_change_given"), s.changeGiven, "-"),
        row(l.t("console.drawer.fig_cash_refunds"), s.cashRefunds, "-"),
        row(l.t("console.drawer.cash_in"), s.cashIn, "+"),
        row(l.t("console.drawer.cash_out"), s.cashOut, "-"),
        StyledLine("  " + String(repeating: "─", count: label + 14), .dim),
        StyledLine("  " + DisplayWidth.pad(l.t("console.drawer.fig_expected"), to: label)
            + DisplayWidth.pad(s.expected.decimal, to: 14, alignRight: true) + " " + s.expected.currency.code, .amount),
    ]
}


extension CashMove {
    /// "cash in" as a sentence and the movements table say it.
    func words(_ l: Language) -> String {
        switch self {
        case .cashIn: return l.t("console.drawer.kind_in")
        case .cashOut: return l.t("console.drawer.kind_out")
        }
    }

    /// The dialog's title.
    func title(_ l: Language) -> String {
        switch self {
        case .cashIn: return l.t("console.drawer.cash_in")
        case .cashOut: return l.t("console.drawer.cash_out")
        }
    }
}
