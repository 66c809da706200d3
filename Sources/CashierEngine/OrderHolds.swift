import CashierCore
import CashierStore

/// The order lock a tender screen holds while the cashier tenders, and cancelling an unpaid order.
extension Engine {
    /// Takes (or renews) the lock on the orders for this user's screen, for `schedule.lockTTL`.
    /// The refusal names who holds an order and since when.
    public func lockOrders(_ orderIds: [Int64], for user: String, channel: Channel = .counter) throws(CashierError) {
        _ = try storeCall { try store.lock(orderIds: orderIds, holder: holder(user, channel), ttl: schedule.lockTTL) }
    }

    /// Lets the orders go; a lock that cannot be released simply expires.
    public func unlockOrders(_ orderIds: [Int64], for user: String, channel: Channel = .counter) {
        do { try store.unlock(orderIds: orderIds, holder: holder(user, channel)) } catch {
            logger.warning("releasing the lock on orders \(orderIds) failed (it expires by itself): \(error)")
        }
    }

    /// An unpaid order nobody holds: it can no longer be paid.
    public func cancelOrder(id: Int64, by user: String, channel: Channel) throws(CashierError) -> OrderRecord {
        try storeCall { try store.cancelOrder(id: id, by: user, channel: channel) }
    }
}
