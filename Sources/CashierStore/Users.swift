import CashierCore
import SQLSeam

extension Store {
    /// Seeds a user without an actor (demo stores, tests); not audited, as nobody did it.
    public func addUser(name: String, role: UserRole, pin: String, rounds: Int = PinHasher.defaultRounds) throws {
        if let problem = UserRules.nameProblem(name) ?? UserRules.pinProblem(pin) { throw problem }
        let hash = PinHasher.hash(pin, rounds: rounds)
        let now = clock.now()
        try write { x in try Store.seedUser(x, name: name, role: role, pinHash: hash, now: now) }
    }

    static func seedUser(_ x: any SQLExecutor, name: String, role: UserRole, pinHash: String, now: Millis) throws {
        try requireFreeName(x, name)
        try x.execute("INSERT INTO users (name, role, pin_hash, created_at, pin_changed_at) VALUES (?, ?, ?, ?, ?)",
                      name, role.rawValue, pinHash, now, now)
    }

    public func user(name: String) throws -> UserRecord? {
        try read { x in try Store.user(x, name) }
    }

    static func user(_ x: any SQLExecutor, _ name: String) throws -> UserRecord? {
        try x.row("SELECT * FROM users WHERE name = ?", name).map { try UserRecord(row: $0) }
    }


    /// Counts a wrong PIN; after `maxAttempts` in a row the user is locked until `lockUntil`
    /// (the moment it locks is audited, so a supervisor sees PIN guessing in the audit viewer).
    /// Serialized: it may append to the audit chain.
    public func recordPinFailure(name: String, maxAttempts: Int, lockUntil: Millis) throws -> UserRecord? {
        let now = clock.now()
        return try write(.serialized(key: Store.auditChain)) { x in
            try Store.recordPinFailure(x, name: name, maxAttempts: maxAttempts, lockUntil: lockUntil, now: now)
        }
    }

    static func recordPinFailure(_ x: any SQLExecutor, name: String, maxAttempts: Int, lockUntil: Millis, now: Millis) throws -> UserRecord? {
        try x.execute("""
            UPDATE users SET failed_attempts = failed_attempts + 1,
                locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
            WHERE name = ?
            """, maxAttempts, lockUntil, name)
        let user = try Store.user(x, name)
        if let user, user.failedAttempts >= maxAttempts {
            try AuditLog.append(x, at: now, AuditEvent(actor: name, channel: "counter", action: "user.locked",
                                                      subject: "user \(name)", amount: 0, currency: "",
                                                      detail: "\(maxAttempts) wrong PINs in a row; locked until \(Store.time(lockUntil))"))
        }
        return user
    }

    public func recordPinSuccess(name: String) throws {
        try write { x in try Store.recordPinSuccess(x, name: name) }
    }

    static func recordPinSuccess(_ x: any SQLExecutor, name: String) throws {
        try x.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE name = ? AND (failed_attempts > 0 OR locked_until IS NOT NULL)",
                      name)
    }

    /// The operator of a write must exist and be enabled: checked inside the write itself.
    static func requireActiveUser(_ x: any SQLExecutor, _ name: String) throws {
        try requireActive(name, disabled: try x.value(Bool.self, "SELECT disabled FROM users WHERE name = ?", name))
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
    static func requireActiveSupervisor(_ x: any SQLExecutor, _ name: String) throws {
        try requireActiveUser(x, name)
        guard try x.value(String.self, "SELECT role FROM users WHERE name = ?", name) == "supervisor" else {
            throw CashierError.forbidden("refusal.user.not_supervisor", ["name": "\(name)"])
        }
    }

    /// Names are unique regardless of case (ASCII folding): SQLite's NOCASE, PostgreSQL's lower()
    /// over the `users_name_nocase` index of each.
    static func requireFreeName(_ x: any SQLExecutor, _ name: String) throws {
        if let taken = try x.value(String.self, SQLStatement(sqlite: "SELECT name FROM users WHERE name = ? COLLATE NOCASE",
                                                             postgres: "SELECT name FROM users WHERE lower(name) = lower(?)"), name) {
            throw CashierError.conflict(taken == name ? "refusal.user.exists" : "refusal.user.exists_other_case", ["name": "\(taken)"])
        }
    }
}
