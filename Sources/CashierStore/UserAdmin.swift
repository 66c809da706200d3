import CashierCore
import GRDB
import SQLiteSupport

/// A user as lists show it: never the PIN hash.
public struct UserAccount: Sendable, Equatable, FetchableRecord {
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

    public init(row: Row) throws {
        name = row["name"]; role = UserRole(rawValue: row["role"]) ?? .cashier; disabled = row["disabled"]
        failedAttempts = row["failed_attempts"]; lockedUntil = row["locked_until"]; createdAt = row["created_at"]
        createdBy = row["created_by"]; pinChangedAt = row["pin_changed_at"]; disabledAt = row["disabled_at"]
        disabledBy = row["disabled_by"]
    }

    public func isLocked(at now: Millis) -> Bool { lockedUntil.map { $0 > now } ?? false }
}

/// User management by a supervisor. Each write is one IMMEDIATE transaction that re-checks, inside
/// it, that the supervisor is still an enabled supervisor, and appends its audit entry. PINs arrive
/// already hashed: no PIN reaches this layer, the log or the audit log.
extension Store {
    static let accountColumns = "name, role, disabled, failed_attempts, locked_until, created_at, created_by, pin_changed_at, disabled_at, disabled_by"

    public func users() throws -> [UserAccount] {
        try grdbRead { db in
            try UserAccount.all(db, sql: "SELECT \(Store.accountColumns) FROM users ORDER BY role = 'cashier', name COLLATE NOCASE")
        }
    }

    public func account(name: String) throws -> UserAccount? {
        try grdbRead { db in try Store.account(db, name) }
    }

    static func account(_ db: Database, _ name: String) throws -> UserAccount? {
        try UserAccount.one(db, sql: "SELECT \(accountColumns) FROM users WHERE name = ?", arguments: [name])
    }

    static func requireActiveSupervisor(_ db: Database, _ name: String, toDo action: SupervisorAction) throws {
        try requireActiveUser(db, name)
        guard try String.one(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [name]) == UserRole.supervisor.rawValue else {
            throw CashierError.supervisorOnly(name, action)
        }
    }

    static func requireAccount(_ db: Database, _ name: String) throws -> UserAccount {
        guard let a = try account(db, name) else {
            throw CashierError.noUser(name, .checkUserName)
        }
        return a
    }

    public func addUser(name: String, role: UserRole, pinHash: String, by supervisor: String, channel: Channel) throws -> UserAccount {
        if let problem = UserRules.nameProblem(name) { throw problem }
        let now = clock.now()
        return try grdbWrite { db in
            try Store.requireActiveSupervisor(db, supervisor, toDo: .addUsers)
            try Store.requireFreeName(db, name)
            try db.run(sql: """
                INSERT INTO users (name, role, pin_hash, created_at, created_by, pin_changed_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, role.rawValue, pinHash, now, supervisor, now])
            try AuditLog.append(db, at: now, AuditEvent(actor: supervisor, channel: channel.rawValue, action: "user.added",
                                                        subject: "user \(name)", amount: 0, currency: "", detail: "role=\(role.rawValue)"))
            return try Store.requireAccount(db, name)
        }
    }

    /// Disables or re-enables a user, as a compare-and-set on the flag. A supervisor cannot disable
    /// themselves, and the store always keeps one enabled supervisor (the schema refuses it too).
    public func setDisabled(name: String, _ disabled: Bool, by supervisor: String, channel: Channel) throws -> UserAccount {
        let now = clock.now()
        return try grdbWrite { db in
            try Store.requireActiveSupervisor(db, supervisor, toDo: disabled ? .disableUsers : .enableUsers)
            let target = try Store.requireAccount(db, name)
            guard target.disabled != disabled else {
                throw CashierError.conflict(disabled ? "refusal.user.already_disabled" : "refusal.user.already_enabled", ["name": "\(name)"])
            }
            if disabled {
                guard name != supervisor else {
                    throw CashierError.forbidden("refusal.user.disable_self")
                }
                let others = try Int.one(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'supervisor' AND disabled = 0 AND name != ?",
                                         arguments: [name]) ?? 0
                guard target.role != .supervisor || others > 0 else {
                    throw CashierError.forbidden("refusal.user.last_supervisor", ["name": "\(name)"])
                }
            }
            try db.run(sql: """
                UPDATE users SET disabled = ?, disabled_at = ?, disabled_by = ?, failed_attempts = 0, locked_until = NULL
                WHERE name = ? AND disabled = ?
                """, arguments: [disabled, disabled ? now : nil, disabled ? supervisor : nil, name, !disabled])
            guard db.changesCount == 1 else { throw CashierError.conflict("refusal.user.changed", ["name": "\(name)"]) }
            try AuditLog.append(db, at: now, AuditEvent(actor: supervisor, channel: channel.rawValue,
                                                        action: disabled ? "user.disabled" : "user.enabled",
                                                        subject: "user \(name)", amount: 0, currency: "", detail: "role=\(target.role.rawValue)"))
            return try Store.requireAccount(db, name)
        }
    }

    /// Replaces a user's PIN hash and clears any lockout.
    public func resetPin(name: String, pinHash: String, by supervisor: String, channel: Channel) throws -> UserAccount {
        let now = clock.now()
        return try grdbWrite { db in
            try Store.requireActiveSupervisor(db, supervisor, toDo: .resetPins)
            let target = try Store.requireAccount(db, name)
            try db.run(sql: "UPDATE users SET pin_hash = ?, pin_changed_at = ?, failed_attempts = 0, locked_until = NULL WHERE name = ?",
                       arguments: [pinHash, now, name])
            let cleared = target.failedAttempts > 0 || target.lockedUntil != nil
            try AuditLog.append(db, at: now, AuditEvent(actor: supervisor, channel: channel.rawValue, action: "user.pin_reset",
                                                        subject: "user \(name)", amount: 0, currency: "",
                                                        detail: cleared ? "lockout cleared" : ""))
            return try Store.requireAccount(db, name)
        }
    }
}
