import CashierCore

/// The log-in screen: a user name and a PIN.
struct LoginScreen: Screen {
    enum Field: Equatable, Sendable { case user, pin }
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focus: Field = .user

    var focusedField: WritableKeyPath<LoginScreen, TextField> { focus == .user ? \.user : \.pin }

    func keys(_ context: Context) -> [ScreenKey<LoginScreen>] {
        let busy = context.isPending(.login) ? "Logging in: wait for the answer." : nil
        return [
            .on(.enter, label: "Log in", bar: true, disabled: busy) { s, c, _ in s.submit(&c) },
            .on(.tab, .down, label: "Next field") { s, _, _ in s.switchField() },
            .on(.backTab, .up, label: "Previous field") { s, _, _ in s.switchField() },
            .on(.escape, label: "Clear", bar: true) { s, _, _ in s = LoginScreen(); return [] },
        ] + KeyTable.textEditing { $0.focusedField }
    }

    mutating func switchField() -> [Effect] {
        focus = focus == .user ? .pin : .user
        return []
    }

    mutating func submit(_ context: inout Context) -> [Effect] {
        let name = user.text.trimmingSpaces
        if name.isEmpty {
            focus = .user
            context.message = .error("Type your user name.")
        } else if pin.isEmpty {
            if focus == .pin { context.message = .error("Type your PIN.") }
            focus = .pin
        } else {
            return [context.request(.login(user: name, pin: pin.text))]
        }
        return []
    }

    mutating func receive(_ result: Result<UserSession, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let session):
            self = LoginScreen()
            context.message = Note("Logged in as \(session.user) (\(session.role.rawValue)).", .succeeded)
            context.go(.loggedIn(session))
        case .failure(let error):
            context.message = .error(error.message)
            pin = TextField(secret: true, maxLength: 12)
            focus = .pin
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        [StyledLine(" Type your user name and PIN, then press Enter.", .dim)]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let width = 44, height = 8
        let x = (body.width - width) / 2, y = body.y + (body.height - height) / 2
        grid.box(x: x, y: y, width: width, height: height, title: "Log in")
        grid.put("Store: \(context.storeLabel)", x: x + 3, y: y + 1, role: .dialog, maxWidth: width - 6)
        grid.put("User", x: x + 3, y: y + 3, role: .dialog)
        grid.field(user, x: x + 10, y: y + 3, width: width - 13, focused: focus == .user)
        grid.put("PIN", x: x + 3, y: y + 5, role: .dialog)
        grid.field(pin, x: x + 10, y: y + 5, width: width - 13, focused: focus == .pin)
        // A notice too long for the message line (a bad theme file, say) is shown whole here.
        if let message = context.message, DisplayWidth.of(" " + message.text) > grid.size.width {
            for (i, line) in wrap(message.text, width: body.width - 4).enumerated() where y + height + 1 + i < body.y + body.height {
                grid.put(line, x: 2, y: y + height + 1 + i, role: message.role)
            }
        }
    }
}
