import CashierCore

/// Closing: the drawer counted by denomination, and a supervisor when the difference is too big.
struct CloseShiftScreen: Screen {
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

    /// Counted minus expected, and whether it is beyond the limit.
    func figures(_ context: Context) -> (counted: Money, difference: Money, beyondLimit: Bool)? {
        guard let shift = context.shift.current, let setup = context.shift.setup else { return nil }
        let counted = count(setup.currency).total
        let difference = counted - shift.expected
        return (counted, difference, abs(difference.minor) > setup.overShortLimit.minor)
    }

    /// Beyond the limit a supervisor accepts the difference; a supervisor's own count needs nobody else.
    func needsSupervisor(_ context: Context) -> Bool {
        figures(context)?.beyondLimit == true && context.session?.role != .supervisor
    }

    func fields(_ context: Context) -> [Field] {
        denominations.indices.map { .row($0) } + [.ownPin] + (needsSupervisor(context) ? [.user, .pin] : [])
    }

    func keys(_ context: Context) -> [ScreenKey<CloseShiftScreen>] {
        let busy = context.isPending(.drawer(.shift)) ? "Close shift: wait for the answer." : nil
        let last = focus == fields(context).last
        return [
            .on(.function(2), label: "Close shift", bar: true, disabled: busy) { s, c, _ in s.submit(&c) },
            last ? .on(.enter, label: "Close shift", disabled: busy) { s, c, _ in s.submit(&c) }
                : .on(.enter, label: "Next field") { s, c, _ in s.moveFocus(by: 1, c) },
            .on(.tab, .down, label: "Next field", bar: true) { s, c, _ in s.moveFocus(by: 1, c) },
            .on(.backTab, .up, label: "Previous field") { s, c, _ in s.moveFocus(by: -1, c) },
            .on(.escape, label: "Back", bar: true) { _, c, _ in c.go(.show(.drawer)); return [] },
        ] + KeyTable.textEditing { s, c, edit, key in s.edit(edit, key, &c) }
    }

    mutating func moveFocus(by step: Int, _ context: Context) -> [Effect] {
        focus = fields(context).cycling(from: focus, by: step)
        return []
    }

    mutating func edit(_ edit: TextEdit, _ key: Key, _ context: inout Context) -> [Effect] {
        switch focus {
        case .row(let r):
            // Quantities are whole numbers: anything else is refused as it is typed.
            if edit == .type, case .char(let c) = key, !c.isASCIIDigitCharacter {
                context.message = .error("Quantities are whole numbers: type digits, such as 3.")
                return []
            }
            quantities[r].apply(edit, key: key)
        case .ownPin: ownPin.apply(edit, key: key)
        case .user: user.apply(edit, key: key)
        case .pin: pin.apply(edit, key: key)
        }
        // A count back within the limit no longer needs the supervisor fields.
        if !fields(context).contains(focus) { focus = .ownPin }
        return []
    }

    mutating func submit(_ context: inout Context) -> [Effect] {
        guard figures(context) != nil, let setup = context.shift.setup, let session = context.session else { return [] }
        if ownPin.isEmpty {
            context.message = .error("Type your PIN to sign the count.")
            focus = .ownPin
            return []
        }
        var supervisor: UserCredentials?
        if needsSupervisor(context) {
            let name = user.text.trimmingSpaces
            let problem: (String, Field)?
            if name.isEmpty {
                problem = ("Beyond the ±\(setup.overShortLimit.decimal) limit: a supervisor types their name and PIN to accept it.", .user)
            } else if pin.isEmpty {
                problem = ("Type the supervisor's own PIN to accept the difference.", .pin)
            } else { problem = nil }
            if let (text, field) = problem {
                context.message = .error(text)
                focus = field
                return []
            }
            supervisor = UserCredentials(user: name, pin: pin.text)
        }
        context.message = Note("Closing the shift…", .pending)
        return [context.request(.drawer(.close(count(setup.currency), pin: ownPin.text, supervisor: supervisor, session: session)))]
    }

    mutating func closed(_ result: Result<ShiftClosing, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let closing):
            context.shift.current = nil
            context.message = Note("Shift #\(closing.shift.id) closed.", .succeeded)
            context.go(.shiftClosed(closing))
        case .failure(let error):
            context.message = .error(error.message)
            // The PINs are typed again from scratch (which one was wrong is the engine's to say); the count stays.
            ownPin = TextField(secret: true, maxLength: 12)
            pin = TextField(secret: true, maxLength: 12)
            focus = .ownPin
        }
        return []
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let form = self
        guard let shift = context.shift.current, let setup = context.shift.setup, let figures = figures(context) else { return }
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
        guard needsSupervisor(context) else { return }
        grid.put("A supervisor accepts it:", x: x, y: body.y + 13, maxWidth: w)
        grid.put("Name", x: x, y: body.y + 14, role: .dim)
        grid.field(form.user, x: x + 6, y: body.y + 14, width: w - 6, focused: form.focus == .user)
        grid.put("PIN", x: x, y: body.y + 15, role: .dim)
        grid.field(form.pin, x: x + 6, y: body.y + 15, width: w - 6, focused: form.focus == .pin)
    }

    func summary(_ context: Context) -> [StyledLine] {
        guard let figures = figures(context) else { return [] }
        return [StyledLine(" Counted "), StyledLine(figures.counted.decimal, .amount),
                StyledLine(" · difference "), StyledLine(signed(figures.difference), differenceRole(figures.difference, beyondLimit: figures.beyondLimit))]
    }
}

/// After closing: the shift's final figures, then log-out.
struct ShiftClosedScreen: Screen {
    var closing: ShiftClosing

    func keys(_ context: Context) -> [ScreenKey<ShiftClosedScreen>] {
        [.on(.enter, label: "Log out", bar: true) { _, c, _ in c.go(.logout); return [] }]
    }

    func summary(_ context: Context) -> [StyledLine] { [StyledLine(" Enter logs out", .dim)] }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let c = closing, timeZone = context.timeZone
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

/// "+1.50 over", "-2.00 short", "0.00 balanced".
func signed(_ m: Money) -> String { signedAmount(m) + " " + overShortWord(m) }
func signedAmount(_ m: Money) -> String { m.minor > 0 ? "+\(m.decimal)" : m.decimal }
func overShortWord(_ m: Money) -> String { m.minor > 0 ? "over" : m.minor < 0 ? "short" : "balanced" }

func differenceRole(_ m: Money, beyondLimit: Bool) -> Role {
    m.minor == 0 ? .succeeded : beyondLimit ? .failed : .warning
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
