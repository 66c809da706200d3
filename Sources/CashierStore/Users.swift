import CashierCore
import GRDB
import SQLiteSupport

extension Store {
    public func addUser(name: String, role: UserRole, pin: String, rounds: Int = PinHasher.defaultRounds) throws {
        guard pin.count >= 4, pin.allSatisfy(\.isNumber) else {
            throw CashierError.invalid("A PIN is at least 4 digits: choose another PIN.")
        }
        let hash = PinHasher.hash(pin, rounds: rounds)
        try write { db in
            guard try !(Bool.one(db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?)", arguments: [name]) ?? false) else {
                throw CashierError.conflict("User \(name) already exists: choose another name.")
            }
            try db.run(sql: "INSERT INTO users (name, role, pin_hash) VALUES (?, ?, ?)", arguments: [name, role.rawValue, hash])
        }
    }

    public func user(name: String) throws -> UserRecord? {
        try read { db in try UserRecord.one(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]) }
    }

    /// Counts a wrong PIN; after `maxAttempts` in a row the user is locked until `lockUntil`.
    public func recordPinFailure(name: String, maxAttempts: Int, lockUntil: Millis) throws -> UserRecord? {
        try write { db in
            try db.run(sql: """
                UPDATE users SET failed_attempts = failed_attempts + 1,
                    locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
                WHERE name = ?
                """, arguments: [maxAttempts, lockUntil, name])
            return try UserRecord.one(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name])
        }
    }

    public func recordPinSuccess(name: String) throws {
        try write { db in
            try db.run(sql: "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE name = ? AND (failed_attempts > 0 OR locked_until IS NOT NULL)",
                           arguments: [name])
        }
    }

    /// The operator of a write must exist and be enabled: checked inside the write itself.
    static func requireActiveUser(_ db: Database, _ name: String) throws {
        guard let disabled = try Bool.one(db, sql: "SELECT disabled FROM users WHERE name = ?", arguments: [name]) else {
            throw CashierError.notFound("There is no user \"\(name)\": pass --operator with an existing user.")
        }
        guard !disabled else { throw CashierError.forbidden("User \(name) is disabled: ask a supervisor.") }
    }
}
