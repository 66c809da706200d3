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

/// The users of the store: add, disable or enable, reset a PIN; each change needs a supervisor's PIN.
struct UsersScreen: Screen {
    var rows: [UserRow] = []
    var cursor = 0
    var loaded = false
    var form: UserForm?
    /// The user just changed: the cursor goes to them when the list arrives.
    var focusAfterLoad: String?

    var current: UserRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
    var isModal: Bool { form != nil }

    func keys(_ context: Context) -> [ScreenKey<UsersScreen>] {
        if let form {
            let busy = context.isPending(.admin(.userChange)) ? "\(form.verb): wait for the answer." : nil
            var keys: [ScreenKey<UsersScreen>] = [
                .on(.enter, label: form.verb, bar: true, disabled: busy) { s, c, _ in s.submitForm(&c) },
                .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.moveFocus(by: 1) },
                .on(.backTab, .up, label: "Previous field") { s, _, _ in s.moveFocus(by: -1) },
                .on(.escape, label: "Cancel", bar: true) { s, _, _ in s.form = nil; return [] },
            ]
            if form.focus == .role {
                keys.append(.on(.char(" "), .left, .right, label: "Cashier or supervisor", bar: true) { s, _, _ in
                    let role = s.form?.role
                    s.form?.role = role == .cashier ? .supervisor : .cashier
                    return []
                })
            } else {
                keys += KeyTable.textEditing { s, _, edit, key in
                    if let focus = s.form?.focus { s.form?[focus].apply(edit, key: key) }
                    return []
                }
            }
            return keys
        }
        let none = current == nil ? "there is no user here." : nil
        let toggle = current?.status == .disabled ? "Enable" : "Disable"
        let last = max(0, rows.count - 1)
        let supervisor = context.session?.role == .supervisor ? context.session?.user : nil
        return [
            .on(.up, label: "Up") { s, _, _ in s.cursor = max(0, s.cursor - 1); return [] },
            .on(.down, label: "Down") { s, _, _ in s.cursor = min(last, s.cursor + 1); return [] },
            .on(.home, label: "First user") { s, _, _ in s.cursor = 0; return [] },
            .on(.end, label: "Last user") { s, _, _ in s.cursor = last; return [] },
            .on(.char("a"), label: "Add", bar: true) { s, _, _ in
                s.form = UserForm(.add, target: nil, supervisor: supervisor)
                return []
            },
            .on(.char("d"), label: toggle, bar: true, disabled: none.map { "\(toggle): " + $0 }) { s, _, _ in
                guard let row = s.current else { return [] }
                s.form = UserForm(row.status == .disabled ? .enable : .disable, target: row.name, supervisor: supervisor)
                return []
            },
            .on(.char("p"), label: "Reset PIN", bar: true, disabled: none.map { "Reset PIN: " + $0 }) { s, _, _ in
                guard let row = s.current else { return [] }
                s.form = UserForm(.resetPin, target: row.name, supervisor: supervisor)
                return []
            },
            .on(.function(5), label: "Refresh") { s, c, _ in s.refresh(&c) },
            .on(.escape, label: "Back", bar: true) { _, c, _ in c.go(.orders); return [] },
        ]
    }

    mutating func moveFocus(by step: Int) -> [Effect] {
        guard let form else { return [] }
        self.form?.focus = form.fields.cycling(from: form.focus, by: step)
        return []
    }

    mutating func refresh(_ context: inout Context) -> [Effect] { [context.request(.admin(.users))] }
    func isLoading(_ context: Context) -> Bool { context.isPending(.admin(.users)) }

    /// Checks what the console can before asking the engine (which checks it all again).
    mutating func submitForm(_ context: inout Context) -> [Effect] {
        guard let form else { return [] }
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
            context.message = .error(text)
            self.form?.focus = field
            if field == .newPin { self.form?.newPin = TextField(secret: true, maxLength: 8); self.form?.confirmPin = TextField(secret: true, maxLength: 8) }
            return []
        }
        let pin = form.gate.pin.text, target = form.target ?? ""
        context.message = Note("\(form.verb)…", .pending)
        switch form.kind {
        case .add:
            return [context.request(.admin(.addUser(name: name, role: form.role, newPin: form.newPin.text, supervisor: supervisor, pin: pin)))]
        case .disable, .enable:
            return [context.request(.admin(.setDisabled(name: target, disabled: form.kind == .disable, supervisor: supervisor, pin: pin)))]
        case .resetPin:
            return [context.request(.admin(.resetPin(name: target, newPin: form.newPin.text, supervisor: supervisor, pin: pin)))]
        }
    }

    mutating func changed(_ change: UserChange, _ result: Result<UserRow, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let row):
            form = nil
            switch change {
            case .added: context.message = Note("Added \(row.role.rawValue) \(row.name): they can log in now.", .succeeded)
            case .disabled(let disabled): context.message = Note("\(disabled ? "Disabled" : "Enabled") \(row.name).", .succeeded)
            case .pinReset: context.message = Note("New PIN set for \(row.name); any lockout is cleared.", .succeeded)
            }
            cursor = rows.firstIndex { $0.name == row.name } ?? cursor
            focusAfterLoad = row.name
            return [context.request(.admin(.users))]
        case .failure(let error):
            context.message = .error(error.message)
            // The supervisor's PIN is typed again from scratch after any refusal.
            form?.gate.pin = TextField(secret: true, maxLength: 12)
            form?.focus = .pin
        }
        return []
    }

    mutating func received(_ result: Result<[UserRow], BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let rows):
            let keep = focusAfterLoad ?? current?.name
            focusAfterLoad = nil
            self.rows = rows
            loaded = true
            cursor = rows.firstIndex { $0.name == keep } ?? min(cursor, max(0, rows.count - 1))
        case .failure(let error): context.message = .error(error.message)
        }
        return []
    }
}
