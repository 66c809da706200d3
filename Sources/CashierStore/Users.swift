import CashierCore
import GRDB
import SQLiteSupport

extension Store {
    /// Seeds a user without an actor (demo stores, tests); not audited, as nobody did it.
    public func addUser(name: String, role: UserRole, pin: String, rounds: Int = PinHasher.defaultRounds) throws {
        if let problem = UserRules.nameProblem(name) ?? UserRules.pinProblem(pin) { throw problem }
        let hash = PinHasher.hash(pin, rounds: rounds)
        let now = clock.now()
        try grdbWrite { db in
            try Store.requireFreeName(db, name)
            try db.run(sql: "INSERT INTO users (name, role, pin_hash, created_at, pin_changed_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [name, role.rawValue, hash, now, now])
        }
    }

    public func user(name: String) throws -> UserRecord? {
        try grdbRead { db in try UserRecord.one(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]) }
    }


    /// Counts a wrong PIN; after `maxAttempts` in a row the user is locked until `lockUntil`
    /// (the moment it locks is audited, so a supervisor sees PIN guessing in the audit viewer).
    public func recordPinFailure(name: String, maxAttempts: Int, lockUntil: Millis) throws -> UserRecord? {
        let now = clock.now()
        return try grdbWrite { db in
            try db.run(sql: """
                UPDATE users SET failed_attempts = failed_attempts + 1,
                    locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
                WHERE name = ?
                """, arguments: [maxAttempts, lockUntil, name])
            let user = try UserRecord.one(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name])
            if let user, user.failedAttempts >= maxAttempts {
                try AuditLog.append(db, at: now, AuditEvent(actor: name, channel: "counter", action: "user.locked",
                                                            subject: "user \(name)", amount: 0, currency: "",
                                                            detail: "\(maxAttempts) wrong PINs in a row; locked until \(Store.time(lockUntil))"))
            }
            return user
        }
    }

    public func recordPinSuccess(name: String) throws {
        try grdbWrite { db in
            try db.run(sql: "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE name = ? AND (failed_attempts > 0 OR locked_until IS NOT NULL)",
                           arguments: [name])
        }
    }

    /// The operator of a write must exist and be enabled: checked inside the write itself.
    static func requireActiveUser(_ db: Database, _ name: String) throws {
        try requireActive(name, disabled: try Bool.one(db, sql: "SELECT disabled FROM users WHERE name = ?", arguments: [name]))
    }

    /// The same check on a `disabled` column the caller read itself (nil: there is no such user).
    static func requireActive(_ name: String, disabled: Bool?) throws {
        guard let disabled else {
            throw CashierError.noUser(name, .chooseExistingOperator)
        }
        guard !disabled else { throw CashierError.forbidden("refusal.user.disabled", ["name": "\(name)"]) }
    }

    /// A decision (refund approval or rejection) re-checks its supervisor inside its own write, so a
    /// supervisor disabled a moment earlier by another console cannot still decide.
    static func requireActiveSupervisor(_ db: Database, _ name: String) throws {
        try requireActiveUser(db, name)
        guard try String.one(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [name]) == "supervisor" else {
            throw CashierError.forbidden("refusal.user.not_supervisor", ["name": "\(name)"])
        }
    }

    static func requireFreeName(_ db: Database, _ name: String) throws {
        if let taken = try String.one(db, sql: "SELECT name FROM users WHERE name = ? COLLATE NOCASE", arguments: [name]) {
            throw CashierError.conflict(taken == name ? "refusal.user.exists" : "refusal.user.exists_other_case", ["name": "\(taken)"])
        }
    }
}
