import CashierConsole
import CashierCore
import CashierEngine

/// Users and the audit viewer over the engine (UserAdminBackend, through ConsoleBackend); PINs pass straight through.
extension EngineBackend {
    public func allUsers() throws(BackendError) -> [UserRow] {
        let now = engine.clock.now()
        return try call { try engine.users().map { Self.userRow($0, now: now) } }
    }

    public func addUser(name: String, role: UserRole, newPin: String, supervisor: String, pin: String) throws(BackendError) -> UserRow {
        try call { Self.userRow(try engine.addUser(name: name, role: role, pin: newPin, supervisor: supervisor, pin: pin), now: engine.clock.now()) }
    }

    public func setUserDisabled(name: String, disabled: Bool, supervisor: String, pin: String) throws(BackendError) -> UserRow {
        try call { Self.userRow(try engine.setUserDisabled(name, disabled, supervisor: supervisor, pin: pin), now: engine.clock.now()) }
    }

    public func resetPin(name: String, newPin: String, supervisor: String, pin: String) throws(BackendError) -> UserRow {
        try call { Self.userRow(try engine.resetPin(name, newPin: newPin, supervisor: supervisor, pin: pin), now: engine.clock.now()) }
    }

    public func unlockAudit(supervisor: String, pin: String) throws(BackendError) -> AuditChain {
        try call {
            _ = try engine.requireSupervisor(user: supervisor, pin: pin, toDo: .browseAuditLog)
            return try chain()
        }
    }

    public func auditPage(_ query: AuditQuery, viewer: String) throws(BackendError) -> AuditPageView {
        try call {
            let filter = AuditFilter(actor: query.actor, action: query.action, text: query.text)
            let page = try engine.auditPage(filter, beforeId: query.beforeId, limit: query.limit, viewer: viewer)
            return AuditPageView(rows: page.entries.map {
                AuditRow(id: $0.id, at: $0.at, actor: $0.actor, channel: $0.channel, action: $0.action, subject: $0.subject,
                         amount: $0.money, detail: $0.detail)
            }, hasMore: page.hasMore)
        }
    }

    public func auditChain() throws(BackendError) -> AuditChain { try call { try chain() } }

    func chain() throws -> AuditChain {
        AuditChain(entries: try engine.auditCount(), problems: try engine.auditChainProblems(), checkedAt: engine.clock.now())
    }

    static func userRow(_ u: UserAccount, now: Millis) -> UserRow {
        let status: UserRow.Status = u.disabled ? .disabled : u.isLocked(at: now) ? .locked : .enabled
        return UserRow(name: u.name, role: u.role, status: status, lockedUntil: u.lockedUntil, createdAt: u.createdAt,
                       createdBy: u.createdBy, pinChangedAt: u.pinChangedAt)
    }
}
