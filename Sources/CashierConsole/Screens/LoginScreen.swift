import CashierCore

struct LoginState: Equatable, Sendable {
    enum Field: Equatable, Sendable { case user, pin }
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focus: Field = .user

    var focused: TextField {
        get { focus == .user ? user : pin }
        set { if focus == .user { user = newValue } else { pin = newValue } }
    }
}

extension AppState {
    var loginBindings: [KeyBinding] {
        let busy = isPending(.login) ? "Logging in: wait for the answer." : nil
        return [
            .on(.enter, do: .confirm, "Log in", bar: true, disabled: busy),
            .on(.tab, .down, do: .nextField, "Next field"),
            .on(.backTab, .up, do: .prevField, "Previous field"),
            .on(.escape, do: .back, "Clear", bar: true),
        ] + KeyTable.textEditing()
    }

    mutating func loginCommand(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .nextField, .prevField:
            login.focus = login.focus == .user ? .pin : .user
        case .back:
            login = LoginState()
        case .confirm:
            let user = login.user.text.trimmingSpaces
            if user.isEmpty {
                login.focus = .user
                message = .error("Type your user name.")
            } else if login.pin.isEmpty {
                if login.focus == .pin { message = .error("Type your PIN.") }
                login.focus = .pin
            } else {
                return [request(.login(user: user, pin: login.pin.text))]
            }
        default:
            login.focused.apply(command, key: key)
        }
        return []
    }

    mutating func loginReplied(_ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.session(let newSession)):
            session = newSession
            login = LoginState()
            route = .orders
            message = Note("Logged in as \(newSession.user) (\(newSession.role.rawValue)).", .succeeded)
            return [request(.orderTypes), loadList(.open, .first), request(.drawer(.lookup(newSession)))]
        case .failure(let error):
            message = .error(error.message)
            login.pin = TextField(secret: true, maxLength: 12)
            login.focus = .pin
        default: break
        }
        return []
    }

    func drawLogin(into grid: inout Grid, _ body: Rect) {
        let width = 44, height = 8
        let x = (body.width - width) / 2, y = body.y + (body.height - height) / 2
        grid.box(x: x, y: y, width: width, height: height, title: "Log in")
        grid.put("Store: \(storeLabel)", x: x + 3, y: y + 1, role: .dialog, maxWidth: width - 6)
        grid.put("User", x: x + 3, y: y + 3, role: .dialog)
        grid.field(login.user, x: x + 10, y: y + 3, width: width - 13, focused: login.focus == .user)
        grid.put("PIN", x: x + 3, y: y + 5, role: .dialog)
        grid.field(login.pin, x: x + 10, y: y + 5, width: width - 13, focused: login.focus == .pin)
        // A notice too long for the message line (a bad theme file, say) is shown whole here.
        if let message, DisplayWidth.of(" " + message.text) > grid.size.width {
            for (i, line) in wrap(message.text, width: body.width - 4).enumerated() where y + height + 1 + i < body.y + body.height {
                grid.put(line, x: 2, y: y + height + 1 + i, role: message.role)
            }
        }
    }
}
