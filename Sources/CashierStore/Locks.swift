import CashierCore
import GRDB
import SQLiteSupport

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
        try grdbWrite { db in try Store.lock(db, orderIds: orderIds, holder: holder, now: clock.now(), ttl: ttl) }
    }

    public func unlock(orderIds: [Int64], holder: Holder) throws {
        try grdbWrite { db in
            for id in orderIds {
                try db.run(sql: "DELETE FROM order_locks WHERE order_id = ? AND session = ?", arguments: [id, holder.session])
            }
        }
    }

    public func lockHolder(orderId: Int64) throws -> LockRecord? {
        try grdbRead { db in try LockRecord.one(db, sql: "SELECT * FROM order_locks WHERE order_id = ?", arguments: [orderId]) }
    }

    static func lock(_ db: Database, orderIds: [Int64], holder: Holder, now: Millis, ttl: Millis) throws -> Int64 {
        guard !orderIds.isEmpty else { return 0 }
        // A refusal throws, which rolls the whole transaction back, token included.
        let token = try nextToken(db)
        for id in orderIds {
            // Takes a free or lapsed lease, renews our own, and leaves a live lease of another
            // session untouched (no row changed): the check and the take are one statement.
            try db.run(sql: """
                INSERT INTO order_locks (order_id, owner, channel, session, token, acquired_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET
                    owner = excluded.owner, channel = excluded.channel, session = excluded.session, token = excluded.token,
                    acquired_at = CASE WHEN order_locks.session = excluded.session AND order_locks.expires_at > ?
                                       THEN order_locks.acquired_at ELSE excluded.acquired_at END,
                    expires_at = excluded.expires_at
                WHERE order_locks.session = excluded.session OR order_locks.expires_at <= ?
                """, arguments: [id, holder.owner, holder.channel.rawValue, holder.session, token, now, now + ttl, now, now])
            guard db.changesCount == 1 else {
                let held = try LockRecord.one(db, sql: "SELECT * FROM order_locks WHERE order_id = ?", arguments: [id])!
                let number = try String.one(db, sql: "SELECT number FROM orders WHERE id = ?", arguments: [id]) ?? "#\(id)"
                throw heldElsewhere(number, held)
            }
        }
        return token
    }

    /// The refusal a caller gets when someone else holds the order: who, where, since when.
    static func heldElsewhere(_ number: String, _ held: LockRecord) -> CashierError {
        CashierError.conflict("Order \(number) is held by \(held.channel) (\(held.owner)) since \(time(held.acquiredAt)): "
            + "wait until they finish or the hold expires at \(time(held.expiresAt)).")
    }

    /// Fencing tokens only grow, so a holder whose lease lapsed and was taken over can tell.
    static func nextToken(_ db: Database) throws -> Int64 {
        // Two statements, not one with RETURNING: SQLite builds a temporary table for every RETURNING.
        try db.run(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'lock_token'")
        return try Int64.one(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lock_token'") ?? 0
    }

    static func releaseLocks(_ db: Database, orderIds: [Int64]) throws {
        for id in orderIds { try db.run(sql: "DELETE FROM order_locks WHERE order_id = ?", arguments: [id]) }
    }
}
