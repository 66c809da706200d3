import CashierCore

/// After log-in, when the operator has no open shift on this terminal: the counted opening float.
struct OpenShiftScreen: Screen {
    var openFloat = TextField(maxLength: 16)

    /// The float as typed, or the one sentence that says what is wrong with it.
    func check(_ context: Context) -> Result<Money, BackendError> {
        let currency = context.shift.setup?.currency ?? .cny
        let text = openFloat.text
        if text.trimmingSpaces.isEmpty {
            return .failure(BackendError("Type the opening float you counted, such as 200.00 (0 for an empty drawer)."))
        }
        do { return .success(try Money.parse(text, currency: currency)) } catch {
            return .failure(BackendError(error.description))
        }
    }

    func keys(_ context: Context) -> [ScreenKey<OpenShiftScreen>] {
        let busy = context.isPending(.drawer(.shift)) ? "Open shift: wait for the answer." : nil
        return [
            .on(.enter, label: "Open shift", bar: true, disabled: busy) { s, c, _ in s.submit(&c) },
            .on(.escape, label: "Skip", bar: true) { _, c, _ in
                // Skipping is allowed (a supervisor may only approve or read reports); paying waits.
                c.message = Note("No shift open: paying needs one (F8 opens it).", .warning)
                c.go(.orders)
                return []
            },
        ] + KeyTable.textEditing { _ in \.openFloat }
    }

    func submit(_ context: inout Context) -> [Effect] {
        switch check(context) {
        case .failure(let problem):
            context.message = .error(problem.message)
            return []
        case .success(let float):
            guard let session = context.session else { return [] }
            context.message = Note("Opening the shift…", .pending)
            return [context.request(.drawer(.open(float: float, session: session)))]
        }
    }

    func opened(_ result: Result<ShiftSummary, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let shift):
            context.shift.current = shift
            context.message = Note("Shift #\(shift.id) opened on \(shift.terminal) with a float of \(shift.float.decimal) \(shift.float.currency.code).", .succeeded)
            context.go(.orders)
        case .failure(let error):
            context.message = .error(error.message)
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        [StyledLine(" Type the opening float, then press Enter · Esc skips (paying needs a shift)", .dim)]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let width = 64, height = 12
        let x = (body.width - width) / 2, y = body.y + (body.height - height) / 2
        grid.box(x: x, y: y, width: width, height: height, title: "Open shift")
        let setup = context.shift.setup
        let who = context.session?.user ?? ""
        grid.put("Terminal  \(setup?.terminal ?? "")", x: x + 3, y: y + 2, role: .dialog, maxWidth: 28)
        grid.put("Operator  \(who)", x: x + 32, y: y + 2, role: .dialog, maxWidth: width - 35)
        grid.put("You have no open shift here. Count the cash in the drawer", x: x + 3, y: y + 4, role: .dialog)
        grid.put("and type the total: the opening float.", x: x + 3, y: y + 5, role: .dialog)
        grid.put("Opening float", x: x + 3, y: y + 7, role: .dialog)
        grid.field(openFloat, x: x + 18, y: y + 7, width: 18, focused: true)
        grid.put(setup?.currency.code ?? "", x: x + 37, y: y + 7, role: .dialog)
        // The problem with what is typed, inline and live; a hint while the field is empty.
        if case .failure(let problem) = check(context) {
            let role: Role = openFloat.isEmpty ? .dialog : .error
            for (i, line) in wrap(problem.message, width: width - 6).prefix(2).enumerated() {
                grid.put(line, x: x + 3, y: y + 9 + i, role: role)
            }
        }
    }
}
