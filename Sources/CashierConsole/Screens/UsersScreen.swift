import CashierCore
import Localization

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

    func verb(_ l: Language) -> String {
        switch kind {
        case .add: return l.t("console.users.add")
        case .disable: return l.t("console.users.disable")
        case .enable: return l.t("console.users.enable")
        case .resetPin: return l.t("console.users.reset_pin")
        }
    }

    func title(_ l: Language) -> String {
        kind == .add ? l.t("console.users.add_title") : l.t("console.users.change_title", ["verb": verb(l), "user": target ?? ""])
    }

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
        let l = context.lang
        if let form {
            let busy = context.isPending(.admin(.userChange)) ? l.t("console.users.busy", ["verb": form.verb(l)]) : nil
            var keys: [ScreenKey<UsersScreen>] = [
                .on(.enter, label: form.verb(l), bar: true, disabled: busy) { s, c, _ in s.submitForm(&c) },
                .on(.tab, .down, label: l.t("console.users.next_field"), bar: true) { s, _, _ in s.moveFocus(by: 1) },
                .on(.backTab, .up, label: l.t("console.users.previous_field")) { s, _, _ in s.moveFocus(by: -1) },
                .on(.escape, label: l.t("console.users.cancel"), bar: true) { s, _, _ in s.form = nil; return [] },
            ]
            if form.focus == .role {
                keys.append(.on(.char(" "), .left, .right, label: l.t("console.users.role_key"), bar: true) { s, _, _ in
                    let role = s.form?.role
                    s.form?.role = role == .cashier ? .supervisor : .cashier
                    return []
                })
            } else {
                keys += KeyTable.textEditing(context.lang) { s, _, edit, key in
                    if let focus = s.form?.focus { s.form?[focus].apply(edit, key: key) }
                    return []
                }
            }
            return keys
        }
        let none = current == nil ? l.t("console.users.none_here") : nil
        let toggle = current?.status == .disabled ? l.t("console.users.enable") : l.t("console.users.disable")
        let last = max(0, rows.count - 1)
        let supervisor = context.session?.role == .supervisor ? context.session?.user : nil
        return [
            .on(.up, label: l.t("console.users.up")) { s, _, _ in s.cursor = max(0, s.cursor - 1); return [] },
            .on(.down, label: l.t("console.users.down")) { s, _, _ in s.cursor = min(last, s.cursor + 1); return [] },
            .on(.home, label: l.t("console.users.first")) { s, _, _ in s.cursor = 0; return [] },
            .on(.end, label: l.t("console.users.last")) { s, _, _ in s.cursor = last; return [] },
            .on(.char("a"), label: l.t("console.users.add"), bar: true) { s, _, _ in
                s.form = UserForm(.add, target: nil, supervisor: supervisor)
                return []
            },
            .on(.char("d"), label: toggle, bar: true, disabled: none.map { l.t("console.users.blocked", ["verb": toggle, "why": $0]) }) { s, _, _ in
                guard let row = s.current else { return [] }
                s.form = UserForm(row.status == .disabled ? .enable : .disable, target: row.name, supervisor: supervisor)
                return []
            },
            .on(.char("p"), label: l.t("console.users.reset_pin"), bar: true,
                disabled: none.map { l.t("console.users.blocked", ["verb": l.t("console.users.reset_pin"), "why": $0]) }) { s, _, _ in
                guard let row = s.current else { return [] }
                s.form = UserForm(.resetPin, target: row.name, supervisor: supervisor)
                return []
            },
            .on(.function(5), label: l.t("console.users.refresh")) { s, c, _ in s.refresh(&c) },
            .on(.escape, label: l.t("console.users.back"), bar: true) { _, c, _ in c.go(.orders); return [] },
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
        let l = context.lang
        var problem: (String, UserForm.Field)?
        if form.kind == .add, let p = UserRules.nameProblem(name) { problem = (name.isEmpty ? l.t("console.users.type_name") : l.words(p), .name) }
        if problem == nil, form.fields.contains(.newPin) {
            if let p = UserRules.pinProblem(form.newPin.text) ?? UserRules.weakPinProblem(form.newPin.text) {
                problem = (l.words(p), .newPin)
            } else if form.newPin.text != form.confirmPin.text {
                problem = (l.t("console.users.pins_differ"), .newPin)
            }
        }
        if problem == nil, supervisor.isEmpty { problem = (l.t("console.users.type_supervisor"), .supervisor) }
        if problem == nil, form.gate.pin.isEmpty { problem = (l.t("console.users.type_pin"), .pin) }
        if let (text, field) = problem {
            context.message = .error(text)
            self.form?.focus = field
            if field == .newPin { self.form?.newPin = TextField(secret: true, maxLength: 8); self.form?.confirmPin = TextField(secret: true, maxLength: 8) }
            return []
        }
        let pin = form.gate.pin.text, target = form.target ?? ""
        context.message = Note(l.t("console.users.working", ["verb": form.verb(l)]), .pending)
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
            case .added:
                context.message = Note(context.lang.t("console.users.added", ["role": context.lang.role(row.role), "user": row.name]), .succeeded)
            case .disabled(let disabled):
                context.message = Note(disabled ? context.lang.t("console.users.disabled_user", ["user": row.name])
                                                : context.lang.t("console.users.enabled_user", ["user": row.name]), .succeeded)
            case .pinReset: context.message = Note(context.lang.t("console.users.pin_reset", ["user": row.name]), .succeeded)
            }
            cursor = rows.firstIndex { $0.name == row.name } ?? cursor
            focusAfterLoad = row.name
            return [context.request(.admin(.users))]
        case .failure(let error):
            context.message = .error(error.text(context.lang))
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
        case .failure(let error): context.message = .error(error.text(context.lang))
        }
        return []
    }
}
