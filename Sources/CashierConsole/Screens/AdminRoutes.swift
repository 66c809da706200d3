import CashierCore

/// The supervisor's screens: users and the audit log. The runtime files know them only through
/// one route case, one call case and one reply case that lead here.
enum AdminPage: Equatable, Sendable {
    case users, audit

    var title: String { self == .users ? "Users" : "Audit log" }
}

enum AdminCall: Equatable, Sendable {
    case users
    case addUser(name: String, role: UserRole, newPin: String, supervisor: String, pin: String)
    case setDisabled(name: String, disabled: Bool, supervisor: String, pin: String)
    case resetPin(name: String, newPin: String, supervisor: String, pin: String)
    case unlockAudit(supervisor: String, pin: String)
    case auditPage(AuditQuery, viewer: String, cursors: [Int64?], at: CursorAt)
    case auditChain

    enum Slot: Hashable, Sendable { case users, userChange, auditUnlock, auditPage, auditChain }

    var slot: Slot {
        switch self {
        case .users: return .users
        case .addUser, .setDisabled, .resetPin: return .userChange
        case .unlockAudit: return .auditUnlock
        case .auditPage: return .auditPage
        case .auditChain: return .auditChain
        }
    }
}

enum AdminReply: Equatable, Sendable {
    case users([UserRow])
    case user(UserRow)
    case chain(AuditChain)
    case auditPage(AuditPageView)
}

func performAdmin(_ call: AdminCall, on backend: any ConsoleBackend) throws(BackendError) -> AdminReply {
    switch call {
    case .users: return .users(try backend.allUsers())
    case .addUser(let name, let role, let newPin, let supervisor, let pin):
        return .user(try backend.addUser(name: name, role: role, newPin: newPin, supervisor: supervisor, pin: pin))
    case .setDisabled(let name, let disabled, let supervisor, let pin):
        return .user(try backend.setUserDisabled(name: name, disabled: disabled, supervisor: supervisor, pin: pin))
    case .resetPin(let name, let newPin, let supervisor, let pin):
        return .user(try backend.resetPin(name: name, newPin: newPin, supervisor: supervisor, pin: pin))
    case .unlockAudit(let supervisor, let pin): return .chain(try backend.unlockAudit(supervisor: supervisor, pin: pin))
    case .auditPage(let query, let viewer, _, _): return .auditPage(try backend.auditPage(query, viewer: viewer))
    case .auditChain: return .chain(try backend.auditChain())
    }
}

extension AppState {
    func adminIsModal(_ page: AdminPage) -> Bool {
        page == .users ? users.form != nil : (audit.gate != nil || audit.editingFilter)
    }

    func adminBindings(_ page: AdminPage) -> [KeyBinding] {
        page == .users ? usersBindings : auditBindings
    }

    mutating func adminCommand(_ page: AdminPage, _ command: Command, key: Key) -> [Effect] {
        page == .users ? usersCommand(command, key: key) : auditCommand(command, key: key)
    }

    mutating func adminReplied(_ call: AdminCall, _ result: Result<Reply, BackendError>) -> [Effect] {
        let reply: Result<AdminReply, BackendError> = result.flatMap { reply in
            if case .admin(let r) = reply { return .success(r) }
            return .failure(BackendError("Unexpected answer: try again."))
        }
        switch call {
        case .users: return usersReplied(reply)
        case .addUser, .setDisabled, .resetPin: return userChangeReplied(call, reply)
        case .unlockAudit: return auditUnlocked(reply)
        case .auditPage(_, _, let cursors, let at): return auditPageReplied(reply, cursors: cursors, at: at)
        case .auditChain: return auditChainReplied(reply)
        }
    }

    mutating func adminRefresh(_ page: AdminPage) -> [Effect] {
        switch page {
        case .users: return [request(.admin(.users))]
        case .audit: return audit.viewer == nil ? [] : [loadAudit(.same)]
        }
    }

    func drawAdmin(_ page: AdminPage, into grid: inout Grid, _ body: Rect) {
        page == .users ? drawUsers(into: &grid, body) : drawAudit(into: &grid, body)
    }

    func adminSummary(_ page: AdminPage) -> [StyledLine] {
        page == .users ? usersSummary : auditSummary
    }

    /// Keys on the Orders screen that open these screens: in the bar for supervisors (whose
    /// screens they are), in F1 help for everyone (a cashier's console can call a supervisor over).
    var ordersAdminBindings: [KeyBinding] {
        let supervisor = session?.role == .supervisor
        return [
            .on(.char("u"), do: .openUsers, "Users", bar: supervisor),
            .on(.char("a"), do: .openAudit, "Audit log", bar: supervisor),
        ]
    }

    mutating func openUsers() -> [Effect] {
        route = .admin(.users)
        users.form = nil
        return [request(.admin(.users))]
    }

    /// The audit viewer always starts locked: the supervisor types their PIN each time it opens.
    mutating func openAudit() -> [Effect] {
        audit = AuditState.locked(prefill: session?.role == .supervisor ? session?.user : nil)
        route = .admin(.audit)
        return []
    }
}
