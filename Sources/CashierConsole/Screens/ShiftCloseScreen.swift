import CashierCore

/// Closing: the drawer counted by denomination, and a supervisor when the difference is too big.
struct CountForm: Equatable, Sendable {
    enum Field: Equatable, Sendable { case row(Int), ownPin, user, pin }
    var shiftId: Int64
    var denominations: [Denomination]
    var quantities: [TextField]
    /// The operator signs the count with their own PIN.
    var ownPin = TextField(secret: true, maxLength: 12)
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focus: Field = .row(0)

    init(shiftId: Int64, denominations: [Denomination]) {
        self.shiftId = shiftId
        self.denominations = denominations
        quantities = denominations.map { _ in TextField(maxLength: 5) }
    }

    func quantity(_ i: Int) -> Int { Int(quantities[i].text) ?? 0 }

    func lineTotal(_ i: Int) -> Money {
        Money(minor: denominations[i].value.minor * Int64(quantity(i)), currency: denominations[i].value.currency)
    }

    func count(_ currency: Currency) -> DrawerTally {
        var q: [Denomination: Int] = [:]
        for (i, d) in denominations.enumerated() where quantity(i) > 0 { q[d] = quantity(i) }
        return DrawerTally(quantities: q, currency: currency)
    }
}

extension AppState {
    mutating func startCount() {
        guard let shift = drawer.shift, let setup = drawer.setup else { return }
        // Coming back to the same shift's count keeps what was typed (Esc is never destructive).
        if drawer.count?.shiftId != shift.id {
            drawer.count = CountForm(shiftId: shift.id, denominations: setup.denominations)
        }
        route = .drawer(.closeShift)
    }

    /// Counted minus expected, and whether it is beyond the limit.
    var countFigures: (counted: Money, difference: Money, beyondLimit: Bool)? {
        guard let form = drawer.count, let shift = drawer.shift, let setup = drawer.setup else { return nil }
        let counted = form.count(setup.currency).total
        let difference = counted - shift.expected
        return (counted, difference, abs(difference.minor) > setup.overShortLimit.minor)
    }

    /// Beyond the limit a supervisor accepts the difference; a supervisor's own count needs nobody else.
    var countNeedsSupervisor: Bool { countFigures?.beyondLimit == true && session?.role != .supervisor }

    var countFields: [CountForm.Field] {
        guard let form = drawer.count else { return [] }
        return form.denominations.indices.map { .row($0) } + [.ownPin] + (countNeedsSupervisor ? [.user, .pin] : [])
    }

    var closeShiftBindings: [KeyBinding] {
        let busy = isPending(.drawer(.shift)) ? "Close shift: wait for the answer." : nil
        let last = drawer.count?.focus == countFields.last
        return [
            .on(.function(2), do: .confirm, "Close shift", bar: true, disabled: busy),
            last ? .on(.enter, do: .confirm, "Close shift", disabled: busy) : .on(.enter, do: .nextField, "Next field"),
            .on(.tab, .down, do: .nextField, "Next field", bar: true),
            .on(.backTab, .up, do: .prevField, "Previous field"),
            .on(.escape, do: .back, "Back", bar: true),
        ] + KeyTable.textEditing()
    }

    mutating func closeShiftCommand(_ command: Command, key: Key) -> [Effect] {
        guard var form = drawer.count else { return [] }
        let fields = countFields
        switch command {
        case .nextField: form.focus = fields.cycling(from: form.focus, by: 1)
        case .prevField: form.focus = fields.cycling(from: form.focus, by: -1)
        case .back:
            route = .drawer(.overview)
            return []
        case .confirm:
            return submitCount(form)
        default:
            switch form.focus {
            case .row(let r):
                // Quantities are whole numbers: anything else is refused as it is typed.
                if command == .type, case .char(let c) = key, !c.isASCIIDigitCharacter {
                    message = .error("Quantities are whole numbers: type digits, such as 3.")
                    return []
                }
                form.quantities[r].apply(command, key: key)
            case .ownPin: form.ownPin.apply(command, key: key)
            case .user: form.user.apply(command, key: key)
            case .pin: form.pin.apply(command, key: key)
            }
        }
        drawer.count = form
        // A count back within the limit no longer needs the supervisor fields.
        if !countFields.contains(form.focus) { drawer.count?.focus = .ownPin }
        return []
    }

    mutating func submitCount(_ form: CountForm) -> [Effect] {
        guard countFigures != nil, let setup = drawer.setup, let session else { return [] }
        if form.ownPin.isEmpty {
            message = .error("Type your PIN to sign the count.")
            drawer.count?.focus = .ownPin
            return []
        }
        var supervisor: UserCredentials?
        if countNeedsSupervisor {
            let user = form.user.text.trimmingSpaces
            let problem: (String, CountForm.Field)?
            if user.isEmpty {
                problem = ("Beyond the ±\(setup.overShortLimit.decimal) limit: a supervisor types their name and PIN to accept it.", .user)
            } else if form.pin.isEmpty {
                problem = ("Type the supervisor's own PIN to accept the difference.", .pin)
            } else { problem = nil }
            if let (text, field) = problem {
                message = .error(text)
                drawer.count?.focus = field
                return []
            }
            supervisor = UserCredentials(user: user, pin: form.pin.text)
        }
        message = Note("Closing the shift…", .pending)
        return [request(.drawer(.close(form.count(setup.currency), pin: form.ownPin.text, supervisor: supervisor, session: session)))]
    }

    mutating func shiftClosed(_ closing: ShiftClosing) {
        drawer.closing = closing
        drawer.shift = nil
        drawer.count = nil
        route = .drawer(.closed)
        message = Note("Shift #\(closing.shift.id) closed.", .succeeded)
    }

    /// "+1.50 over", "-2.00 short", "0.00 balanced".
    func signed(_ m: Money) -> String { signedAmount(m) + " " + overShortWord(m) }
    func signedAmount(_ m: Money) -> String { m.minor > 0 ? "+\(m.decimal)" : m.decimal }
    func overShortWord(_ m: Money) -> String { m.minor > 0 ? "over" : m.minor < 0 ? "short" : "balanced" }

    func differenceRole(_ m: Money, beyondLimit: Bool) -> Role {
        m.minor == 0 ? .succeeded : beyondLimit ? .failed : .warning
    }

    func drawCloseShift(into grid: inout Grid, _ body: Rect) {
        guard let form = drawer.count, let shift = drawer.shift, let setup = drawer.setup, let figures = countFigures else { return }
        grid.put(" Count the drawer: how many of each note and coin (Tab moves, F2 closes).", x: 0, y: body.y, role: .dim, maxWidth: body.width)
        let table = Table([Column("Denomination", 12, right: true), Column("Kind", 5), Column("Quantity", 10),
                           Column("Line total", 14, right: true)], totalWidth: 44)
        table.draw(["Denomination", "Kind", "Quantity", "Line total"], into: &grid, x: 1, y: body.y + 2, rowRole: .title)
        let visible = max(1, body.height - 3)
        let focusRow: Int = { if case .row(let r) = form.focus { return r }; return form.denominations.count - 1 }()
        let first = max(0, focusRow - visible + 1)
        for (i, d) in form.denominations.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 3 + i - first
            table.draw([d.value.decimal, d.kind.rawValue, "", form.lineTotal(i).decimal], into: &grid, x: 1, y: y)
            grid.field(form.quantities[i], x: 20, y: y, width: 10, focused: form.focus == .row(i))
        }
        // The figures, live, on the right.
        let x = 48, w = body.width - x - 1
        func figure(_ label: String, _ text: String, _ y: Int, _ role: Role = .normal) {
            grid.put(label, x: x, y: y, role: .dim)
            grid.put(DisplayWidth.pad(text, to: w - 12, alignRight: true), x: x + 12, y: y, role: role)
        }
        grid.put("Shift #\(shift.id) · \(shift.operatorName)", x: x, y: body.y + 2, role: .title, maxWidth: w)
        figure("Expected", shift.expected.decimal, body.y + 4)
        figure("Counted", figures.counted.decimal, body.y + 5, .amount)
        let role = differenceRole(figures.difference, beyondLimit: figures.beyondLimit)
        figure("Difference", signed(figures.difference), body.y + 6, role)
        let limit = "Limit ±\(setup.overShortLimit.decimal) \(setup.currency.code)"
        grid.put(limit + (figures.beyondLimit ? ": beyond it" : ": within it"), x: x, y: body.y + 8, role: figures.beyondLimit ? .failed : .dim, maxWidth: w)
        grid.put("Sign the count:", x: x, y: body.y + 10, maxWidth: w)
        grid.put("PIN", x: x, y: body.y + 11, role: .dim)
        grid.field(form.ownPin, x: x + 6, y: body.y + 11, width: w - 6, focused: form.focus == .ownPin)
        guard countNeedsSupervisor else { return }
        grid.put("A supervisor accepts it:", x: x, y: body.y + 13, maxWidth: w)
        grid.put("Name", x: x, y: body.y + 14, role: .dim)
        grid.field(form.user, x: x + 6, y: body.y + 14, width: w - 6, focused: form.focus == .user)
        grid.put("PIN", x: x, y: body.y + 15, role: .dim)
        grid.field(form.pin, x: x + 6, y: body.y + 15, width: w - 6, focused: form.focus == .pin)
    }

    var closeShiftSummary: [StyledLine] {
        guard let figures = countFigures else { return [] }
        return [StyledLine(" Counted "), StyledLine(figures.counted.decimal, .amount),
                StyledLine(" · difference "), StyledLine(signed(figures.difference), differenceRole(figures.difference, beyondLimit: figures.beyondLimit))]
    }

    // MARK: After closing

    var closedBindings: [KeyBinding] {
        [.on(.enter, do: .confirm, "Log out", bar: true)]
    }

    mutating func closedCommand(_ command: Command) -> [Effect] {
        command == .confirm ? logout() : []
    }

    func drawClosed(into grid: inout Grid, _ body: Rect) {
        guard let c = drawer.closing else { return }
        let s = c.shift
        var lines = [StyledLine("Shift #\(s.id) · terminal \(s.terminal) · \(s.operatorName) · opened \(Fmt.stamp(s.openedAt, timeZone)) · closed \(Fmt.stamp(c.closedAt, timeZone))", .title),
                     StyledLine("")]
        lines += shiftFigures(s)
        lines.append(StyledLine("  " + DisplayWidth.pad("Counted", to: 28) + DisplayWidth.pad(c.counted.decimal, to: 14, alignRight: true), .amount))
        let role = differenceRole(c.difference, beyondLimit: c.approvedBy != nil)
        lines.append(StyledLine("  " + DisplayWidth.pad("Difference", to: 28) + DisplayWidth.pad(signedAmount(c.difference), to: 14, alignRight: true)
            + " " + overShortWord(c.difference), role))
        if let by = c.approvedBy { lines.append(StyledLine("  Accepted by \(by).", .dim)) }
        lines += [StyledLine(""), StyledLine("  The shift is closed and read-only. Enter logs out.", .dim)]
        for (i, line) in lines.enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
