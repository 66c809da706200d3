import CashierCore
import CashierStore

extension Engine {
    /// Checks a PIN; wrong PINs are counted and lock the user for a while after several in a row.
    @discardableResult
    public func authenticate(user name: String, pin: String) throws(CashierError) -> UserRecord {
        let now = self.now()
        guard let user = try storeCall({ try store.user(name: name) }) else {
            throw .forbidden("refusal.user.unknown", ["name": .text(name)])
        }
        guard !user.disabled else { throw .forbidden("refusal.user.disabled", ["name": .text(name)]) }
        if let until = user.lockedUntil, until > now {
            throw .forbidden("refusal.user.locked", ["name": .text(name), "attempts": "\(config.maxPinAttempts)", "until": .text(Store.clockTime(until))])
        }
        guard PinHasher.verify(pin, against: user.pinHash) else {
            let lockUntil = now + Millis(config.pinLockoutSeconds * 1000)
            let updated = try storeCall { try store.recordPinFailure(name: name, maxAttempts: config.maxPinAttempts, lockUntil: lockUntil) }
            let left = config.maxPinAttempts - (updated?.failedAttempts ?? 0)
            if left <= 0 {
                throw .forbidden("refusal.user.wrong_pin_locked", ["name": .text(name), "until": .text(Store.clockTime(lockUntil))])
            }
            throw .forbidden("refusal.user.wrong_pin", ["name": .text(name), "count": .count(left)])
        }
        if user.failedAttempts > 0 || user.lockedUntil != nil { try storeCall { try store.recordPinSuccess(name: name) } }
        return user
    }

    public func requireSupervisor(user: String, pin: String, toDo action: SupervisorAction) throws(CashierError) -> UserRecord {
        let u = try authenticate(user: user, pin: pin)
        guard u.role == .supervisor else {
            throw .supervisorOnly(user, action)
        }
        return u
    }

    public func requireUser(_ name: String) throws(CashierError) -> UserRecord {
        guard let u = try storeCall({ try store.user(name: name) }) else {
            throw .noUser(name, .chooseExistingOperator)
        }
        guard !u.disabled else { throw .forbidden("refusal.user.disabled", ["name": .text(name)]) }
        return u
    }
}
