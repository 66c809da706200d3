import CashierCore
import CashierStore

extension Engine {
    /// Checks a PIN; wrong PINs are counted and lock the user for a while after several in a row.
    @discardableResult
    public func authenticate(user name: String, pin: String) throws(CashierError) -> UserRecord {
        let now = self.now()
        guard let user = try storeCall({ try store.user(name: name) }) else {
            throw .forbidden("There is no user \"\(name)\": check the user name.")
        }
        guard !user.disabled else { throw .forbidden("User \(name) is disabled: ask a supervisor.") }
        if let until = user.lockedUntil, until > now {
            throw .forbidden("User \(name) is locked after \(config.maxPinAttempts) wrong PINs until \(Store.clockTime(until)): wait or ask a supervisor.")
        }
        guard PinHasher.verify(pin, against: user.pinHash) else {
            let lockUntil = now + Millis(config.pinLockoutSeconds * 1000)
            let updated = try storeCall { try store.recordPinFailure(name: name, maxAttempts: config.maxPinAttempts, lockUntil: lockUntil) }
            let left = config.maxPinAttempts - (updated?.failedAttempts ?? 0)
            if left <= 0 {
                throw .forbidden("Wrong PIN for \(name): the user is now locked until \(Store.clockTime(lockUntil)).")
            }
            throw .forbidden("Wrong PIN for \(name): try again (\(left) attempt\(left == 1 ? "" : "s") left).")
        }
        if user.failedAttempts > 0 || user.lockedUntil != nil { try storeCall { try store.recordPinSuccess(name: name) } }
        return user
    }

    public func requireSupervisor(user: String, pin: String, toDo action: String) throws(CashierError) -> UserRecord {
        let u = try authenticate(user: user, pin: pin)
        guard u.role == .supervisor else {
            throw .forbidden("User \(user) is a cashier: only a supervisor can \(action).")
        }
        return u
    }

    public func requireUser(_ name: String) throws(CashierError) -> UserRecord {
        guard let u = try storeCall({ try store.user(name: name) }) else {
            throw .noUser(name, .chooseExistingOperator)
        }
        guard !u.disabled else { throw .forbidden("User \(name) is disabled: ask a supervisor.") }
        return u
    }
}
