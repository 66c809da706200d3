import CashierCore
import Localization

/// The log-in screen: a user name and a PIN.
struct LoginScreen: Screen {
    enum Field: Equatable, Sendable { case user, pin }
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focus: Field = .user

    var focusedField: WritableKeyPath<LoginScreen, TextField> { focus == .user ? \.user : \.pin }

    func keys(_ context: Context) -> [ScreenKey<LoginScreen>] {
        let l = context.lang
        let busy = context.isPending(.login) ? l.t("console.login.busy") : nil
        return [
            .on(.enter, label: l.t("console.login.log_in"), bar: true, disabled: busy) { s, c, _ in s.submit(&c) },
            .on(.tab, .down, label: l.t("console.login.next_field")) { s, _, _ in s.switchField() },
            .on(.backTab, .up, label: l.t("console.login.previous_field")) { s, _, _ in s.switchField() },
            .on(.escape, label: l.t("console.login.clear"), bar: true) { s, _, _ in s = LoginScreen(); return [] },
        ] + KeyTable.textEditing(context.lang) { $0.focusedField }
    }

    mutating func switchField() -> [Effect] {
        focus = focus == .user ? .pin : .user
        return []
    }

    mutating func submit(_ context: inout Context) -> [Effect] {
        let name = user.text.trimmingSpaces
        if name.isEmpty {
            focus = .user
            context.message = .error(context.lang.t("console.login.type_user"))
        } else if pin.isEmpty {
            if focus == .pin { context.message = .error(context.lang.t("console.login.type_pin")) }
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
            context.message = Note(context.lang.t("console.login.logged_in", ["user": session.user, "role": context.lang.role(session.role)]), .succeeded)
            context.go(.loggedIn(session))
        case .failure(let error):
            context.message = .error(error.text(context.lang))
            pin = TextField(secret: true, maxLength: 12)
            focus = .pin
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        [StyledLine(" " + context.lang.t("console.login.hint"), .dim)]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let width = 44, height = 8
        let x = (body.width - width) / 2, y = body.y + (body.height - height) / 2
        let l = context.lang
        grid.box(x: x, y: y, width: width, height: height, title: l.t("console.login.log_in"))
        grid.put(l.t("console.login.store", ["store": context.storeLabel]), x: x + 3, y: y + 1, role: .dialog, maxWidth: width - 6)
        grid.put(l.t("console.login.user"), x: x + 3, y: y + 3, role: .dialog)
        grid.field(user, x: x + 10, y: y + 3, width: width - 13, focused: focus == .user)
        grid.put(l.t("console.login.pin"), x: x + 3, y: y + 5, role: .dialog)
        grid.field(pin, x: x + 10, y: y + 5, width: width - 13, focused: focus == .pin)
        // A notice too long for the message line (a bad theme file, say) is shown whole here.
        if let message = context.message, DisplayWidth.of(" " + message.text) > grid.size.width {
            for (i, line) in wrap(message.text, width: body.width - 4).enumerated() where y + height + 1 + i < body.y + body.height {
                grid.put(line, x: 2, y: y + height + 1 + i, role: message.role)
            }
        }
    }
}
