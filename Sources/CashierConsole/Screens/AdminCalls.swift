import CashierCore

/// Backend calls of the supervisor's screens: users and the audit log (see `Call`).
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

/// The supervisor's screens' answers, each with the call's own result type.
enum AdminReply: Equatable, Sendable {
    case users(Result<[UserRow], BackendError>)
    case userChanged(UserChange, Result<UserRow, BackendError>)
    case auditUnlocked(Result<AuditChain, BackendError>)
    case auditPage(cursors: [Int64?], at: CursorAt, Result<AuditPageView, BackendError>)
    case auditChain(Result<AuditChain, BackendError>)
}

/// Which change to a user an answer is about.
enum UserChange: Equatable, Sendable {
    case added
    case disabled(Bool)
    case pinReset
}

func performAdmin(_ call: AdminCall, on backend: any ConsoleBackend) -> AdminReply {
    switch call {
    case .users: return .users(Result { () throws(BackendError) in try backend.allUsers() })
    case .addUser(let name, let role, let newPin, let supervisor, let pin):
        return .userChanged(.added, Result { () throws(BackendError) in
            try backend.addUser(name: name, role: role, newPin: newPin, supervisor: supervisor, pin: pin)
        })
    case .setDisabled(let name, let disabled, let supervisor, let pin):
        return .userChanged(.disabled(disabled), Result { () throws(BackendError) in
            try backend.setUserDisabled(name: name, disabled: disabled, supervisor: supervisor, pin: pin)
        })
    case .resetPin(let name, let newPin, let supervisor, let pin):
        return .userChanged(.pinReset, Result { () throws(BackendError) in
            try backend.resetPin(name: name, newPin: newPin, supervisor: supervisor, pin: pin)
        })
    case .unlockAudit(let supervisor, let pin):
        return .auditUnlocked(Result { () throws(BackendError) in try backend.unlockAudit(supervisor: supervisor, pin: pin) })
    case .auditPage(let query, let viewer, let cursors, let at):
        return .auditPage(cursors: cursors, at: at, Result { () throws(BackendError) in try backend.auditPage(query, viewer: viewer) })
    case .auditChain:
        return .auditChain(Result { () throws(BackendError) in try backend.auditChain() })
    }
}
