import CashierCore
import SQLSeam

/// A notify the receiver has already accepted under the same notify_id.
public enum NotifySeen: Sendable, Equatable {
    case new
    /// The same notify again (the platform retrying): answer success, change nothing.
    case sameContent
    /// The same notify_id with other content: a replay or a forgery.
    case otherContent
}

extension Store {
    public func notifySeen(notifyId: String, bodyHash: String) throws -> NotifySeen {
        try read { x in
            guard let hash = try x.value(String.self, "SELECT body_hash FROM notifies WHERE notify_id = ? AND outcome <> 'refused'",
                                         notifyId) else { return .new }
            return hash == bodyHash ? .sameContent : .otherContent
        }
    }

    /// Records an accepted notify once the change it carried is stored (a duplicate insert of
    /// the same notify_id, from a concurrent retry, is ignored).
    public func recordNotifyAccepted(notifyId: String, tradeNo: String, status: String, bodyHash: String, outcome: String) throws {
        try write { x in
            try x.execute(SQLStatement(sqlite: """
                INSERT OR IGNORE INTO notifies (notify_id, trade_no, trade_status, body_hash, outcome, received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, postgres: """
                INSERT INTO notifies (notify_id, trade_no, trade_status, body_hash, outcome, received_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """), notifyId, tradeNo, status, bodyHash, outcome, clock.now())
        }
    }

    /// A refused notify changes nothing but this row and an audit entry, in one transaction.
    public func recordNotifyRefused(notifyId: String, tradeNo: String, status: String, bodyHash: String,
                                    claimedAmount: Money?, reason: String) throws {
        // It appends to the audit chain: one at a time across hosts.
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try x.execute("""
                INSERT INTO notifies (notify_id, trade_no, trade_status, body_hash, outcome, reason, received_at)
                VALUES (?, ?, ?, ?, 'refused', ?, ?)
                """, notifyId, tradeNo, status, bodyHash, reason, now)
            try AuditLog.append(x, at: now, AuditEvent(actor: "notify", channel: "platform", action: "notify.refused",
                                                        subject: tradeNo.isEmpty ? "notify \(notifyId)" : tradeNo,
                                                        amount: claimedAmount?.minor ?? 0,
                                                        currency: claimedAmount?.currency.code ?? "", detail: reason))
        }
    }

    public func notifyCounts(tradeNo: String) throws -> [String: Int] {
        try read { x in
            var out: [String: Int] = [:]
            for row in try x.rows("SELECT outcome, COUNT(*) AS n FROM notifies WHERE trade_no = ? GROUP BY outcome", tradeNo) {
                out[try row.get("outcome")] = try row.get("n", as: Int.self)
            }
            return out
        }
    }

    public func refusedNotifyCount() throws -> Int {
        try read { x in try x.value(Int.self, "SELECT COUNT(*) FROM notifies WHERE outcome = 'refused'") ?? 0 }
    }

    /// Whether every migration this build knows is applied (readiness): each engine's own list,
    /// since the schema is the one thing the engines do not share.
    public func migrationsCurrent() -> Bool {
        guard pool == nil else { return (try? grdbRead { db in try Schema.migrator.hasCompletedMigrations(db) }) ?? false }
        let applied = try? read { x in try PostgresSchema.migrator.applied(x, tableExists: true) }
        return applied.map { Set($0).isSuperset(of: PostgresSchema.migrator.steps.map(\.id)) } ?? false
    }
}
