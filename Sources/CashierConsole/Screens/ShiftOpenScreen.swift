import CashierCore

/// After log-in, when the operator has no open shift on this terminal: the counted opening float.
extension AppState {
    mutating func openShiftScreen() {
        drawer.openFloat = TextField(maxLength: 16)
        route = .drawer(.openShift)
    }

    /// The float as typed, or the one sentence that says what is wrong with it.
    var openFloatCheck: Result<Money, BackendError> {
        let currency = drawer.setup?.currency ?? .cny
        let text = drawer.openFloat.text
        if text.trimmingSpaces.isEmpty {
            return .failure(BackendError("Type the opening float you counted, such as 200.00 (0 for an empty drawer)."))
        }
        do { return .success(try Money.parse(text, currency: currency)) } catch {
            return .failure(BackendError(error.description))
        }
    }

    var openShiftBindings: [KeyBinding] {
        let busy = isPending(.drawer(.shift)) ? "Open shift: wait for the answer." : nil
        return [
            .on(.enter, do: .confirm, "Open shift", bar: true, disabled: busy),
            .on(.escape, do: .back, "Skip", bar: true),
        ] + KeyTable.textEditing()
    }

    mutating func openShiftCommand(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .confirm:
            switch openFloatCheck {
            case .failure(let problem):
                message = .error(problem.message)
            case .success(let float):
                guard let session else { return [] }
                message = Note("Opening the shift…", .pending)
                return [request(.drawer(.open(float: float, session: session)))]
            }
        case .back:
            // Skipping is allowed (a supervisor may only approve or read reports); paying waits.
            message = Note("No shift open: paying needs one (F8 opens it).", .warning)
            return openOrders()
        default:
            drawer.openFloat.apply(command, key: key)
        }
        return []
    }

    mutating func shiftArrived(_ call: DrawerCall, _ shift: ShiftSummary) -> [Effect] {
        drawer.shift = shift
        let code = shift.float.currency.code
        switch call {
        case .open:
            message = Note("Shift #\(shift.id) opened on \(shift.terminal) with a float of \(shift.float.decimal) \(code).", .succeeded)
            return openOrders()
        case .move(let kind, let amount, let reason, _):
            drawer.movement = nil
            message = Note("Recorded \(kind.rawValue) of \(amount.decimal) \(code): \(reason).", .succeeded)
        default: break
        }
        return []
    }

    func drawOpenShift(into grid: inout Grid, _ body: Rect) {
        let width = 64, height = 12
        let x = (body.width - width) / 2, y = body.y + (body.height - height) / 2
        grid.box(x: x, y: y, width: width, height: height, title: "Open shift")
        let setup = drawer.setup
        let who = session?.user ?? ""
        grid.put("Terminal  \(setup?.terminal ?? "")", x: x + 3, y: y + 2, role: .dialog, maxWidth: 28)
        grid.put("Operator  \(who)", x: x + 32, y: y + 2, role: .dialog, maxWidth: width - 35)
        grid.put("You have no open shift here. Count the cash in the drawer", x: x + 3, y: y + 4, role: .dialog)
        grid.put("and type the total: the opening float.", x: x + 3, y: y + 5, role: .dialog)
        grid.put("Opening float", x: x + 3, y: y + 7, role: .dialog)
        grid.field(drawer.openFloat, x: x + 18, y: y + 7, width: 18, focused: true)
        grid.put(setup?.currency.code ?? "", x: x + 37, y: y + 7, role: .dialog)
        // The problem with what is typed, inline and live; a hint while the field is empty.
        if case .failure(let problem) = openFloatCheck {
            let role: Role = drawer.openFloat.isEmpty ? .dialog : .error
            for (i, line) in wrap(problem.message, width: width - 6).prefix(2).enumerated() {
                grid.put(line, x: x + 3, y: y + 9 + i, role: role)
            }
        }
    }
}
