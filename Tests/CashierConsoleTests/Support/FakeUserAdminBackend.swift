import Foundation
import CashierCore
@testable import CashierConsole

/// Users and an audit log in memory, with the engine's rules for who may change what.
final class FakeUserAdmin: @unchecked Sendable {
    private let lock = NSLock()
    private var users: [String: (row: UserRow, pin: String)]
    private var entries: [AuditRow] = []
    var problems: [String] = []
    private(set) var calls: [String] = []
    let clock: ManualClock

    init(clock: ManualClock) {
        self.clock = clock
        let t = clock.now() - 86_400_000
        func user(_ name: String, _ role: UserRole, _ pin: String, _ status: UserRow.Status = .enabled) -> (String, (row: UserRow, pin: String)) {
            (name, (UserRow(name: name, role: role, status: status, lockedUntil: status == .locked ? clock.now() + 300_000 : nil,
                            createdAt: t, createdBy: nil, pinChangedAt: t), pin))
        }
        users = Dictionary(uniqueKeysWithValues: [
            user("supervisor", .supervisor, "9999"), user("cashier", .cashier, "1111"), user("alice", .cashier, "2222"),
            user("bob", .cashier, "4815", .locked),
        ])
    }

    /// `n` entries, oldest first, alternating actors and actions, some with amounts.
    func seedAudit(_ n: Int) {
        lock.withLock {
            for i in 1...n {
                let pay = i % 3 != 0
                entries.append(AuditRow(id: Int64(i), at: clock.now() - Millis(n - i) * 60_000, actor: pay ? "cashier" : "supervisor",
                                        channel: "counter", action: pay ? "checkout.started" : "refund.approved",
                                        subject: pay ? "checkout \(i) orders G\(String(format: "%08d", i))" : "request \(i) order \(i)",
                                        amount: Money(minor: Int64(i) * 100, currency: .cny), detail: pay ? "cash=\(i * 100)" : ""))
            }
        }
    }

    private func supervisor(_ name: String, _ pin: String, _ action: String) throws(BackendError) {
        calls.append("\(action) by \(name)")
        guard let u = users[name], u.pin == pin else { throw BackendError("Wrong PIN for \(name): try again (4 attempts left).") }
        guard u.row.status != .disabled else { throw BackendError("User \(name) is disabled: ask a supervisor.") }
        guard u.row.role == .supervisor else { throw BackendError("User \(name) is a cashier: only a supervisor can \(action).") }
    }

    private func record(_ actor: String, _ action: String, _ name: String) {
        entries.append(AuditRow(id: Int64(entries.count + 1), at: clock.now(), actor: actor, channel: "counter", action: action,
                                subject: "user \(name)", amount: nil, detail: ""))
    }

    private func locked<T>(_ body: () throws(BackendError) -> T) throws(BackendError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func all() -> [UserRow] {
        lock.withLock { users.values.map(\.row).sorted { ($0.role == .cashier ? 1 : 0, $0.name) < ($1.role == .cashier ? 1 : 0, $1.name) } }
    }

    func add(_ name: String, _ role: UserRole, _ newPin: String, _ by: String, _ pin: String) throws(BackendError) -> UserRow {
        try locked { () throws(BackendError) -> UserRow in
            try supervisor(by, pin, "add users")
            guard users[name] == nil else { throw BackendError("User \(name) already exists: choose another name.") }
            let row = UserRow(name: name, role: role, status: .enabled, createdAt: clock.now(), createdBy: by, pinChangedAt: clock.now())
            users[name] = (row, newPin)
            record(by, "user.added", name)
            return row
        }
    }

    func setDisabled(_ name: String, _ disabled: Bool, _ by: String, _ pin: String) throws(BackendError) -> UserRow {
        try locked { () throws(BackendError) -> UserRow in
            try supervisor(by, pin, disabled ? "disable users" : "enable users")
            guard var u = users[name] else { throw BackendError("There is no user \"\(name)\".") }
            if disabled && name == by { throw BackendError("A supervisor cannot disable themselves: ask another supervisor.") }
            u.row.status = disabled ? .disabled : .enabled
            users[name] = u
            record(by, disabled ? "user.disabled" : "user.enabled", name)
            return u.row
        }
    }

    func resetPin(_ name: String, _ newPin: String, _ by: String, _ pin: String) throws(BackendError) -> UserRow {
        try locked { () throws(BackendError) -> UserRow in
            try supervisor(by, pin, "reset PINs")
            guard var u = users[name] else { throw BackendError("There is no user \"\(name)\".") }
            u.pin = newPin
            if u.row.status == .locked { u.row.status = .enabled; u.row.lockedUntil = nil }
            u.row.pinChangedAt = clock.now()
            users[name] = u
            record(by, "user.pin_reset", name)
            return u.row
        }
    }

    func pin(of name: String) -> String? { lock.withLock { users[name]?.pin } }

    func unlock(_ by: String, _ pin: String) throws(BackendError) -> AuditChain {
        try locked { () throws(BackendError) -> AuditChain in
            try supervisor(by, pin, "browse the audit log")
            return AuditChain(entries: entries.count, problems: problems, checkedAt: clock.now())
        }
    }

    func page(_ q: AuditQuery, viewer: String) throws(BackendError) -> AuditPageView {
        try locked { () throws(BackendError) -> AuditPageView in
            calls.append("audit before:\(q.beforeId.map(String.init) ?? "-") limit:\(q.limit) actor:\(q.actor) action:\(q.action) text:\(q.text)")
            guard users[viewer]?.row.role == .supervisor, users[viewer]?.row.status != .disabled else {
                throw BackendError("User \(viewer) may not browse the audit log.")
            }
            let matching = entries.reversed().filter { e in
                (q.actor.isEmpty || e.actor == q.actor) && (q.action.isEmpty || e.action == q.action || e.action.hasPrefix(q.action + "."))
                    && (q.text.isEmpty || e.subject.lowercased().contains(q.text.lowercased()) || e.detail.lowercased().contains(q.text.lowercased()))
                    && (q.beforeId == nil || e.id < q.beforeId!)
            }
            return AuditPageView(rows: Array(matching.prefix(q.limit)), hasMore: matching.count > q.limit)
        }
    }

    func chain() -> AuditChain { lock.withLock { AuditChain(entries: entries.count, problems: problems, checkedAt: clock.now()) } }
}

extension FakeBackend {
    func allUsers() throws(BackendError) -> [UserRow] { admin.all() }
    func addUser(name: String, role: UserRole, newPin: String, supervisor: String, pin: String) throws(BackendError) -> UserRow {
        try admin.add(name, role, newPin, supervisor, pin)
    }
    func setUserDisabled(name: String, disabled: Bool, supervisor: String, pin: String) throws(BackendError) -> UserRow {
        try admin.setDisabled(name, disabled, supervisor, pin)
    }
    func resetPin(name: String, newPin: String, supervisor: String, pin: String) throws(BackendError) -> UserRow {
        try admin.resetPin(name, newPin, supervisor, pin)
    }
    func unlockAudit(supervisor: String, pin: String) throws(BackendError) -> AuditChain { try admin.unlock(supervisor, pin) }
    func auditPage(_ query: AuditQuery, viewer: String) throws(BackendError) -> AuditPageView { try admin.page(query, viewer: viewer) }
    func auditChain() throws(BackendError) -> AuditChain { admin.chain() }
}
