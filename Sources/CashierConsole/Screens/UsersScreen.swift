import CashierCore

/// A supervisor's own name and PIN, typed for one change (as on Approvals).
struct SupervisorGate: Equatable, Sendable {
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    init(prefill: String? = nil) { if let prefill { user.set(prefill) } }
}

/// The dialog for one change to users. PIN fields are drawn as bullets and cleared after a refusal.
struct UserForm: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case add, disable, enable, resetPin }
    enum Field: Equatable, Sendable { case name, role, newPin, confirmPin, supervisor, pin }
    var kind: Kind
    /// The user changed (nil while adding).
    var target: String?
    var name = TextField(maxLength: 32)
    var role: UserRole = .cashier
    var newPin = TextField(secret: true, maxLength: 8)
    var confirmPin = TextField(secret: true, maxLength: 8)
    var gate: SupervisorGate
    var focus: Field

    init(_ kind: Kind, target: String?, supervisor: String?) {
        self.kind = kind; self.target = target; gate = SupervisorGate(prefill: supervisor)
        focus = kind == .add ? .name : kind == .resetPin ? .newPin : supervisor == nil ? .supervisor : .pin
    }

    var fields: [Field] {
        switch kind {
        case .add: return [.name, .role, .newPin, .confirmPin, .supervisor, .pin]
        case .resetPin: return [.newPin, .confirmPin, .supervisor, .pin]
        case .disable, .enable: return [.supervisor, .pin]
        }
    }

    var verb: String {
        switch kind {
        case .add: return "Add"
        case .disable: return "Disable"
        case .enable: return "Enable"
        case .resetPin: return "Reset PIN"
        }
    }

    var title: String { kind == .add ? "Add a user" : "\(verb) · \(target ?? "")" }

    subscript(field: Field) -> TextField {
        get {
            switch field {
            case .name, .role: return name
            case .newPin: return newPin
            case .confirmPin: return confirmPin
            case .supervisor: return gate.user
            case .pin: return gate.pin
            }
        }
        set {
            switch field {
            case .name, .role: name = newValue
            case .newPin: newPin = newValue
            case .confirmPin: confirmPin = newValue
            case .supervisor: gate.user = newValue
            case .pin: gate.pin = newValue
            }
        }
    }
}

struct UsersState: Equatable, Sendable {
    var rows: [UserRow] = []
    var cursor = 0
    var loaded = false
    var form: UserForm?
    /// The user just changed: the cursor goes to them when the list arrives.
    var focusAfterLoad: String?

    var current: UserRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
}

extension AppState {
    var usersBindings: [KeyBinding] {
        if let form = users.form {
            let busy = isPending(.admin(.userChange)) ? "\(form.verb): wait for the answer." : nil
            var rows: [KeyBinding] = [
                .on(.enter, do: .confirm, form.verb, bar: true, disabled: busy),
                .on(.tab, .down, do: .nextField, "Next field", bar: true),
                .on(.backTab, .up, do: .prevField, "Previous field"),
                .on(.escape, do: .back, "Cancel", bar: true),
            ]
            if form.focus == .role {
                rows.append(.on(.char(" "), .left, .right, do: .select, "Cashier or supervisor", bar: true))
            } else {
                rows += KeyTable.textEditing()
            }
            return rows
        }
        let none = users.current == nil ? "there is no user here." : nil
        let toggle = users.current?.status == .disabled ? "Enable" : "Disable"
        return [
            .on(.up, do: .up, "Up"),
            .on(.down, do: .down, "Down"),
            .on(.home, do: .home, "First user"),
            .on(.end, do: .end, "Last user"),
            .on(.char("a"), do: .addUser, "Add", bar: true),
            .on(.char("d"), do: .toggleUser, toggle, bar: true, disabled: none.map { "\(toggle): " + $0 }),
            .on(.char("p"), do: .resetPin, "Reset PIN", bar: true, disabled: none.map { "Reset PIN: " + $0 }),
            .on(.function(5), do: .refresh, "Refresh"),
            .on(.escape, do: .back, "Back", bar: true),
        ]
    }

    mutating func usersCommand(_ command: Command, key: Key) -> [Effect] {
        if var form = users.form {
            let fields = form.fields
            switch command {
            case .nextField: form.focus = fields.cycling(from: form.focus, by: 1)
            case .prevField: form.focus = fields.cycling(from: form.focus, by: -1)
            case .back:
                users.form = nil
                return []
            case .confirm: return submitUserForm(form)
            case .select: form.role = form.role == .cashier ? .supervisor : .cashier
            default: form[form.focus].apply(command, key: key)
            }
            users.form = form
            return []
        }
        let last = max(0, users.rows.count - 1)
        let supervisor = session?.role == .supervisor ? session?.user : nil
        switch command {
        case .up: users.cursor = max(0, users.cursor - 1)
        case .down: users.cursor = min(last, users.cursor + 1)
        case .home: users.cursor = 0
        case .end: users.cursor = last
        case .addUser: users.form = UserForm(.add, target: nil, supervisor: supervisor)
        case .toggleUser, .resetPin:
            guard let row = users.current else { return [] }
            let kind: UserForm.Kind = command == .resetPin ? .resetPin : row.status == .disabled ? .enable : .disable
            users.form = UserForm(kind, target: row.name, supervisor: supervisor)
        case .refresh: return [request(.admin(.users))]
        case .back: return openOrders()
        default: break
        }
        return []
    }

    /// Checks what the console can before asking the engine (which checks it all again).
    mutating func submitUserForm(_ form: UserForm) -> [Effect] {
        let name = form.name.text.trimmingSpaces
        let supervisor = form.gate.user.text.trimmingSpaces
        var problem: (String, UserForm.Field)?
        if form.kind == .add, let p = UserRules.nameProblem(name) { problem = (name.isEmpty ? "Type the new user's name." : p, .name) }
        if problem == nil, form.fields.contains(.newPin) {
            if let p = UserRules.pinProblem(form.newPin.text) ?? UserRules.weakPinProblem(form.newPin.text) {
                problem = (p, .newPin)
            } else if form.newPin.text != form.confirmPin.text {
                problem = ("The two new PINs differ: type the new PIN twice.", .newPin)
            }
        }
        if problem == nil, supervisor.isEmpty { problem = ("Type the supervisor's user name.", .supervisor) }
        if problem == nil, form.gate.pin.isEmpty { problem = ("Type the supervisor's own PIN for this change.", .pin) }
        if let (text, field) = problem {
            message = .error(text)
            users.form?.focus = field
            if field == .newPin { users.form?.newPin = TextField(secret: true, maxLength: 8); users.form?.confirmPin = TextField(secret: true, maxLength: 8) }
            return []
        }
        let pin = form.gate.pin.text, target = form.target ?? ""
        message = Note("\(form.verb)…", .pending)
        switch form.kind {
        case .add:
            return [request(.admin(.addUser(name: name, role: form.role, newPin: form.newPin.text, supervisor: supervisor, pin: pin)))]
        case .disable, .enable:
            return [request(.admin(.setDisabled(name: target, disabled: form.kind == .disable, supervisor: supervisor, pin: pin)))]
        case .resetPin:
            return [request(.admin(.resetPin(name: target, newPin: form.newPin.text, supervisor: supervisor, pin: pin)))]
        }
    }

    mutating func userChangeReplied(_ call: AdminCall, _ result: Result<AdminReply, BackendError>) -> [Effect] {
        switch result {
        case .success(.user(let row)):
            users.form = nil
            switch call {
            case .addUser: message = Note("Added \(row.role.rawValue) \(row.name): they can log in now.", .succeeded)
            case .setDisabled(_, let disabled, _, _): message = Note("\(disabled ? "Disabled" : "Enabled") \(row.name).", .succeeded)
            default: message = Note("New PIN set for \(row.name); any lockout is cleared.", .succeeded)
            }
            users.cursor = users.rows.firstIndex { $0.name == row.name } ?? users.cursor
            users.focusAfterLoad = row.name
            return [request(.admin(.users))]
        case .failure(let error):
            message = .error(error.message)
            // The supervisor's PIN is typed again from scratch after any refusal.
            users.form?.gate.pin = TextField(secret: true, maxLength: 12)
            users.form?.focus = .pin
        default: break
        }
        return []
    }

    mutating func usersReplied(_ result: Result<AdminReply, BackendError>) -> [Effect] {
        switch result {
        case .success(.users(let rows)):
            let keep = users.focusAfterLoad ?? users.current?.name
            users.focusAfterLoad = nil
            users.rows = rows
            users.loaded = true
            users.cursor = rows.firstIndex { $0.name == keep } ?? min(users.cursor, max(0, rows.count - 1))
        case .failure(let error): message = .error(error.message)
        default: break
        }
        return []
    }
}
