import CashierCore
import CashierStore

/// User management and the audit viewer. Each change is made by a supervisor who types their own
/// name and PIN (a wrong PIN counts toward their lockout). Input is checked before the supervisor's
/// PIN, so a typo in the new user's details costs nothing. New PINs are hashed here, outside the
/// store's transaction (hashing is slow on purpose), and never logged or audited.
extension Engine {
    public func users() throws(CashierError) -> [UserAccount] {
        try storeCall { try store.users() }
    }

    public func addUser(name: String, role: UserRole, pin newPin: String, supervisor: String, pin: String,
                        channel: Channel = .counter) throws(CashierError) -> UserAccount {
        if let problem = UserRules.nameProblem(name) ?? Self.newPinProblem(newPin) { throw problem }
        if try storeCall({ try store.account(name: name) }) != nil {
            throw .conflict("refusal.user.exists", ["name": .text(name)])
        }
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .addUsers)
        let hash = PinHasher.hash(newPin, rounds: config.pinRounds)
        let user = try storeCall { try store.addUser(name: name, role: role, pinHash: hash, by: supervisor, channel: channel) }
        logger.info("user \(name) (\(role.rawValue)) added by \(supervisor)")
        return user
    }

    public func setUserDisabled(_ name: String, _ disabled: Bool, supervisor: String, pin: String,
                                channel: Channel = .counter) throws(CashierError) -> UserAccount {
        guard try storeCall({ try store.account(name: name) }) != nil else {
            throw .noUser(name, .checkUserName)
        }
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: disabled ? .disableUsers : .enableUsers)
        let user = try storeCall { try store.setDisabled(name: name, disabled, by: supervisor, channel: channel) }
        logger.info("user \(name) \(disabled ? "disabled" : "enabled") by \(supervisor)")
        return user
    }

    public func resetPin(_ name: String, newPin: String, supervisor: String, pin: String,
                         channel: Channel = .counter) throws(CashierError) -> UserAccount {
        if let problem = Self.newPinProblem(newPin) { throw problem }
        guard try storeCall({ try store.account(name: name) }) != nil else {
            throw .noUser(name, .checkUserName)
        }
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .resetPins)
        let hash = PinHasher.hash(newPin, rounds: config.pinRounds)
        let user = try storeCall { try store.resetPin(name: name, pinHash: hash, by: supervisor, channel: channel) }
        logger.info("PIN of user \(name) reset by \(supervisor)")
        return user
    }

    static func newPinProblem(_ pin: String) -> CashierError? {
        UserRules.pinProblem(pin) ?? UserRules.weakPinProblem(pin)
    }

    // MARK: The audit viewer (supervisors only)

    /// A page of the audit log for a supervisor who types their PIN (the CLI).
    public func auditPage(_ filter: AuditFilter, beforeId: Int64? = nil, limit: Int,
                          supervisor: String, pin: String) throws(CashierError) -> AuditPage {
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .browseAuditLog)
        return try storeCall { try store.auditPage(filter, beforeId: beforeId, limit: limit) }
    }

    /// A further page for a viewer who already proved their PIN on opening the viewer (the
    /// console): they must still be an enabled supervisor now.
    public func auditPage(_ filter: AuditFilter, beforeId: Int64? = nil, limit: Int,
                          viewer: String) throws(CashierError) -> AuditPage {
        let u = try requireUser(viewer)
        guard u.role == .supervisor else { throw .supervisorOnly(viewer, .browseAuditLog) }
        return try storeCall { try store.auditPage(filter, beforeId: beforeId, limit: limit) }
    }

    /// Problems found walking the hash chain; empty when it verifies.
    public func auditChainProblems() throws(CashierError) -> [String] {
        try storeCall { try store.verifyAudit() }
    }
}
