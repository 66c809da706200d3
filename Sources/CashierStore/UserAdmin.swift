import CashierCore
import SQLSeam

/// A user as lists show it: never the PIN hash.
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var role: UserRole
    public var disabled: Bool
    public var failedAttempts: Int
    public var lockedUntil: Millis?
    public var createdAt: Millis?
    public var createdBy: String?
    public var pinChangedAt: Millis?
    public var disabledAt: Millis?
    public var disabledBy: String?

    public init(row: SQLRow) throws {
        name = try row.get("name"); role = try UserRole(rawValue: row.get("role")) ?? .cashier; disabled = try row.get("disabled")
        failedAttempts = try row.get("failed_attempts"); lockedUntil = try row.get("locked_until"); createdAt = try row.get("created_at")
        createdBy = try row.get("created_by"); pinChangedAt = try row.get("pin_changed_at"); disabledAt = try row.get("disabled_at")
        disabledBy = try row.get("disabled_by")
    }

    public func isLocked(at now: Millis) -> Bool { lockedUntil.map { $0 > now } ?? false }
}

/// User management by a supervisor. Each write is one transaction that re-checks, inside it, that
/// the supervisor is still an enabled supervisor, and appends its audit entry: serialized on the
/// audit chain, which on PostgreSQL also keeps two hosts from each disabling "the other" last
/// supervisor (the schema's trigger reads the users table as its own transaction sees it). PINs arrive
/// already hashed: no PIN reaches this layer, the log or the audit log.
extension Store {
    static let accountColumns = "name, role, disabled, failed_attempts, locked_until, created_at, created_by, pin_changed_at, disabled_at, disabled_by"

    public func users() throws -> [UserAccount] {
        try read { x in try Store.users(x) }
    }

    /// Supervisors first, then by name folded to lower case, in byte order (PostgreSQL: whatever
    /// the database's locale).
    static func users(_ x: any SQLExecutor) throws -> [UserAccount] {
        try x.rows(SQLStatement(sqlite: "SELECT \(accountColumns) FROM users ORDER BY role = 'cashier', name COLLATE NOCASE",
                                postgres: "SELECT \(accountColumns) FROM users ORDER BY role = 'cashier', lower(name) COLLATE \"C\""))
            .map { try UserAccount(row: $0) }
    }

    public func account(name: String) throws -> UserAccount? {
        try read { x in try Store.account(x, name) }
    }

    static func account(_ x: any SQLExecutor, _ name: String) throws -> UserAccount? {
        try x.row(SQLStatement("SELECT \(accountColumns) FROM users WHERE name = ?"), name).map { try UserAccount(row: $0) }
    }

    static func requireActiveSupervisor(_ x: any SQLExecutor, _ name: String, toDo action: SupervisorAction) throws {
        try requireActiveUser(x, name)
        guard try x.value(String.self, "SELECT role FROM users WHERE name = ?", name) == UserRole.supervisor.rawValue else {
            throw CashierError.supervisorOnly(name, action)
        }
    }

    static func requireAccount(_ x: any SQLExecutor, _ name: String) throws -> UserAccount {
        guard let a = try account(x, name) else {
            throw CashierError.noUser(name, .checkUserName)
        }
        return a
    }

    public func addUser(name: String, role: UserRole, pinHash: String, by supervisor: String, channel: Channel) throws -> UserAccount {
        if let problem = UserRules.nameProblem(name) { throw problem }
        let now = clock.now()
        return try write(.serialized(key: Store.auditChain)) { x in
            try Store.addUser(x, name: name, role: role, pinHash: pinHash, by: supervisor, channel: channel, now: now)
        }
    }

    static func addUser(_ x: any SQLExecutor, name: String, role: UserRole, pinHash: String, by supervisor: String, channel: Channel,
                        now: Millis) throws -> UserAccount {
        try Store.requireActiveSupervisor(x, supervisor, toDo: .addUsers)
        try Store.requireFreeName(x, name)
        try x.execute("""
            INSERT INTO users (name, role, pin_hash, created_at, created_by, pin_changed_at) VALUES (?, ?, ?, ?, ?, ?)
            """, name, role.rawValue, pinHash, now, supervisor, now)
        try AuditLog.append(x, at: now, AuditEvent(actor: supervisor, channel: channel.rawValue, action: "user.added",
                                                   subject: "user \(name)", amount: 0, currency: "", detail: "role=\(role.rawValue)"))
        return try Store.requireAccount(x, name)
    }

    /// Disables or re-enables a user, as a compare-and-set on the flag. A supervisor cannot disable
    /// themselves, and the store always keeps one enabled supervisor (the schema refuses it too).
    public func setDisabled(name: String, _ disabled: Bool, by supervisor: String, channel: Channel) throws -> UserAccount {
        let now = clock.now()
        return try write(.serialized(key: Store.auditChain)) { x in
            try Store.setDisabled(x, name: name, disabled, by: supervisor, channel: channel, now: now)
        }
    }

    static func setDisabled(_ x: any SQLExecutor, name: String, _ disabled: Bool, by supervisor: String, channel: Channel,
                            now: Millis) throws -> UserAccount {
        try Store.requireActiveSupervisor(x, supervisor, toDo: disabled ? .disableUsers : .enableUsers)
        let target = try Store.requireAccount(x, name)
        guard target.disabled != disabled else {
            throw CashierError.conflict(disabled ? "refusal.user.already_disabled" : "refusal.user.already_enabled", ["name": "\(name)"])
        }
        if disabled {
            guard name != supervisor else {
                throw CashierError.forbidden("refusal.user.disable_self")
            }
            let others = try x.value(Int.self, "SELECT COUNT(*) FROM users WHERE role = 'supervisor' AND disabled = 0 AND name != ?",
                                     name) ?? 0
            guard target.role != .supervisor || others > 0 else {
                throw CashierError.forbidden("refusal.user.last_supervisor", ["name": "\(name)"])
            }
        }
        let changed = try x.execute("""
            UPDATE users SET disabled = ?, disabled_at = ?, disabled_by = ?, failed_attempts = 0, locked_until = NULL
            WHERE name = ? AND disabled = ?
            """, disabled, disabled ? now : nil, disabled ? supervisor : nil, name, !disabled)
        guard changed == 1 else { throw CashierError.conflict("refusal.user.changed", ["name": "\(name)"]) }
        try AuditLog.append(x, at: now, AuditEvent(actor: supervisor, channel: channel.rawValue,
                                                   action: disabled ? "user.disabled" : "user.enabled",
                                                   subject: "user \(name)", amount: 0, currency: "", detail: "role=\(target.role.rawValue)"))
        return try Store.requireAccount(x, name)
    }

    /// Replaces a user's PIN hash and clears any lockout.
    public func resetPin(name: String, pinHash: String, by supervisor: String, channel: Channel) throws -> UserAccount {
        let now = clock.now()
        return try write(.serialized(key: Store.auditChain)) { x in
            try Store.resetPin(x, name: name, pinHash: pinHash, by: supervisor, channel: channel, now: now)
        }
    }

    static func resetPin(_ x: any SQLExecutor, name: String, pinHash: String, by supervisor: String, channel: Channel,
                         now: Millis) throws -> UserAccount {
        try Store.requireActiveSupervisor(x, supervisor, toDo: .resetPins)
        let target = try Store.requireAccount(x, name)
        try x.execute("UPDATE users SET pin_hash = ?, pin_changed_at = ?, failed_attempts = 0, locked_until = NULL WHERE name = ?",
                      pinHash, now, name)
        let cleared = target.failedAttempts > 0 || target.lockedUntil != nil
        try AuditLog.append(x, at: now, AuditEvent(actor: supervisor, channel: channel.rawValue, action: "user.pin_reset",
                                                   subject: "user \(name)", amount: 0, currency: "",
                                                   detail: cleared ? "lockout cleared" : ""))
        return try Store.requireAccount(x, name)
    }
}
