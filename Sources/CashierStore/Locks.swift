import CashierCore
import SQLSeam

/// Who is asking for an order: the lock is a lease held by one session of one owner on one channel.
public struct Holder: Sendable, Equatable {
    public var owner: String
    public var channel: Channel
    /// One per console or CLI process: two consoles of the same cashier are two holders.
    public var session: String

    public init(owner: String, channel: Channel, session: String) {
        self.owner = owner; self.channel = channel; self.session = session
    }
}

extension Store {
    /// Takes (or renews) the lease on every order, all or none. Returns the fencing token.
    public func lock(orderIds: [Int64], holder: Holder, ttl: Millis) throws -> Int64 {
        try write { x in try Store.lock(x, orderIds: orderIds, holder: holder, now: clock.now(), ttl: ttl) }
    }

    public func unlock(orderIds: [Int64], holder: Holder) throws {
        try write { x in
            for id in orderIds {
                try x.execute("DELETE FROM order_locks WHERE order_id = ? AND session = ?", id, holder.session)
            }
        }
    }

    public func lockHolder(orderId: Int64) throws -> LockRecord? {
        try read { x in try x.row("SELECT * FROM order_locks WHERE order_id = ?", orderId).map { try LockRecord(row: $0) } }
    }

    /// On PostgreSQL as on SQLite: the upsert is one statement, so two hosts never both take a
    /// lease (the conflicting insert waits for the other's row and then tests the WHERE on it).
    static func lock(_ x: any SQLExecutor, orderIds: [Int64], holder: Holder, now: Millis, ttl: Millis) throws -> Int64 {
        guard !orderIds.isEmpty else { return 0 }
        // A refusal throws, which rolls the whole transaction back, token included.
        let token = try nextToken(x)
        for id in orderIds {
            // Takes a free or lapsed lease, renews our own, and leaves a live lease of another
            // session untouched (no row changed): the check and the take are one statement.
            let taken = try x.execute("""
                INSERT INTO order_locks (order_id, owner, channel, session, token, acquired_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET
                    owner = excluded.owner, channel = excluded.channel, session = excluded.session, token = excluded.token,
                    acquired_at = CASE WHEN order_locks.session = excluded.session AND order_locks.expires_at > ?
                                       THEN order_locks.acquired_at ELSE excluded.acquired_at END,
                    expires_at = excluded.expires_at
                WHERE order_locks.session = excluded.session OR order_locks.expires_at <= ?
                """, id, holder.owner, holder.channel.rawValue, holder.session, token, now, now + ttl, now, now)
            guard taken == 1 else {
                let held = try x.row("SELECT * FROM order_locks WHERE order_id = ?", id).map { try LockRecord(row: $0) }!
                let number = try x.value(String.self, "SELECT number FROM orders WHERE id = ?", id) ?? "#\(id)"
                throw heldElsewhere(number, held)
            }
        }
        return token
    }

    /// The refusal a caller gets when someone else holds the order: who, where, since when.
    static func heldElsewhere(_ number: String, _ held: LockRecord) -> CashierError {
        CashierError.conflict("refusal.order.held", ["number": "\(number)", "channel": .channel(stored: held.channel), "owner": "\(held.owner)",
                                                     "since": "\(time(held.acquiredAt))", "expires": "\(time(held.expiresAt))"])
    }

    /// Fencing tokens only grow, so a holder whose lease lapsed and was taken over can tell.
    /// (On PostgreSQL the UPDATE holds the row until commit: tokens stay unique across hosts.)
    static func nextToken(_ x: any SQLExecutor) throws -> Int64 {
        // Two statements, not one with RETURNING: SQLite builds a temporary table for every RETURNING.
        // BIGINT, not INTEGER: PostgreSQL's integer is 32 bits (SQLite's reads the same).
        try x.execute("UPDATE meta SET value = CAST(value AS BIGINT) + 1 WHERE key = 'lock_token'")
        return try x.value(Int64.self, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'lock_token'") ?? 0
    }

    static func releaseLocks(_ x: any SQLExecutor, orderIds: [Int64]) throws {
        for id in orderIds { try x.execute("DELETE FROM order_locks WHERE order_id = ?", id) }
    }
}
