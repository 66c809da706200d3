import CashierCore
import Crypto
import Foundation
import GRDB
import SQLiteSupport

public struct WebhookRecord: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var url: String
    public var events: [WebhookEventType]
    public var createdAt: Millis
    public var removedAt: Millis?
    var secretSealed: Data

    public init(row: Row) throws {
        id = row["id"]; url = row["url"]; createdAt = row["created_at"]; removedAt = row["removed_at"]; secretSealed = row["secret_sealed"]
        events = (row["events"] as String).split(separator: ",").compactMap { WebhookEventType(rawValue: String($0)) }
    }
}

/// One delivery of one event to one webhook, as the worker claims it.
public struct WebhookDelivery: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var eventId: Int64
    public var webhookId: Int64
    public var type: String
    public var url: String
    public var state: String
    public var attempts: Int
    public var createdAt: Millis
    /// When its retries began (the event, or a redelivery).
    public var startedAt: Millis
    public var data: String
    public var lastError: String?

    public init(row: Row) throws {
        id = row["id"]; eventId = row["event_id"]; webhookId = row["webhook_id"]; type = row["type"]; url = row["url"]
        state = row["state"]; attempts = row["attempts"]; createdAt = row["created_at"]; startedAt = row["started_at"]
        data = row["data"]; lastError = row["last_error"]
    }

    /// The body POSTed: `{"id", "type", "created_at", "data": {...}}` with a stable id per event.
    public var body: String {
        let created = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(createdAt) / 1000))
        return #"{"id":"evt_\#(eventId)","type":"\#(type)","created_at":"\#(created)","data":\#(data)}"#
    }
}

/// The key that seals webhook secrets: 32 random bytes in keys/webhook.key beside the store, mode 0600.
enum WebhookKey {
    static func path(storePath: String) -> String {
        ((storePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("keys/webhook.key")
    }

    static func load(storePath: String, create: Bool) throws -> SymmetricKey {
        let p = path(storePath: storePath)
        if let data = FileManager.default.contents(atPath: p), data.count == 32 { return SymmetricKey(data: data) }
        guard create else { throw CashierError.invalid("refusal.webhook.key_missing", ["path": "\(p)"]) }
        let folder = (p as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: p, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw CashierError.invalid("refusal.webhook.cannot_write", ["path": "\(p)"])
        }
        return key
    }
}

extension Store {
    /// Adds a webhook; returns it and its signing secret (shown once; kept sealed).
    public func addWebhook(url: String, events: [WebhookEventType], by user: String) throws -> (WebhookRecord, String) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), URL(string: url)?.host != nil, (8...2000).contains(url.utf8.count) else {
            throw CashierError.invalid("refusal.webhook.bad_url", ["url": "\(url.prefix(60))"])
        }
        guard !events.isEmpty else { throw CashierError.invalid("refusal.webhook.no_events") }
        let secret = "whsec_" + ChannelKeyFormat.newSecret()
        let sealed = try AES.GCM.seal(Data(secret.utf8), using: try WebhookKey.load(storePath: path, create: true)).combined!
        return try grdbWrite { db in
            let now = clock.now()
            try Store.requireActiveUser(db, user)
            try db.run(sql: "INSERT INTO webhooks (url, events, secret_sealed, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [url, events.map(\.rawValue).joined(separator: ","), sealed, now])
            let id = db.lastInsertedRowID
            try AuditLog.append(db, at: now, AuditEvent(actor: user, channel: "counter", action: "webhook.added", subject: "webhook \(id)",
                                                        amount: 0, currency: "", detail: url))
            return (try WebhookRecord.one(db, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id])!, secret)
        }
    }

    public func webhooks() throws -> [WebhookRecord] {
        try grdbRead { db in try WebhookRecord.all(db, sql: "SELECT * FROM webhooks WHERE removed_at IS NULL ORDER BY id") }
    }

    public func removeWebhook(id: Int64, by user: String) throws {
        try grdbWrite { db in
            let now = clock.now()
            try db.run(sql: "UPDATE webhooks SET removed_at = ? WHERE id = ? AND removed_at IS NULL", arguments: [now, id])
            guard db.changesCount == 1 else { throw CashierError.notFound("refusal.webhook.none_listed", ["id": "\(id)"]) }
            // Its pending deliveries go nowhere now.
            try db.run(sql: "UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'webhook removed', finished_at = ? WHERE webhook_id = ? AND state = 'pending'",
                       arguments: [now, id])
            try AuditLog.append(db, at: now, AuditEvent(actor: user, channel: "counter", action: "webhook.removed", subject: "webhook \(id)", amount: 0, currency: ""))
        }
    }

    /// The secret of a webhook, unsealed to sign with.
    public func webhookSecret(id: Int64) throws -> String {
        guard let hook = try grdbRead({ db in try WebhookRecord.one(db, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id]) }) else {
            throw CashierError.notFound("refusal.webhook.none", ["id": "\(id)"])
        }
        let box = try AES.GCM.SealedBox(combined: hook.secretSealed)
        return String(decoding: try AES.GCM.open(box, using: try WebhookKey.load(storePath: path, create: false)), as: UTF8.self)
    }

    static let deliverySelect = """
        SELECT d.id, d.event_id, d.webhook_id, d.state, d.attempts, d.started_at, d.last_error, e.type, e.created_at, e.data, w.url
        FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id
        """

    /// Recent deliveries, newest first (`failed`: only those given up, for a supervisor).
    public func webhookDeliveries(failedOnly: Bool, limit: Int) throws -> [WebhookDelivery] {
        try grdbRead { db in
            try WebhookDelivery.all(db, sql: "\(Store.deliverySelect) \(failedOnly ? "WHERE d.state = 'failed'" : "") ORDER BY d.id DESC LIMIT ?",
                                    arguments: [limit])
        }
    }

    /// Due deliveries, claimed with a lease so no two processes send the same one at once. One
    /// order's events go out in order: a delivery waits while an earlier one of its order is pending.
    public func claimDueDeliveries(owner: String, lease: Millis, limit: Int) throws -> [WebhookDelivery] {
        try grdbWrite { db in
            let now = clock.now()
            let due = try WebhookDelivery.all(db, sql: """
                \(Store.deliverySelect)
                WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.state = 'pending' AND p.webhook_id = d.webhook_id
                                  AND p.order_id = d.order_id AND p.event_id < d.event_id)
                ORDER BY d.event_id LIMIT ?
                """, arguments: [now, now, limit])
            for d in due {
                try db.run(sql: "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?", arguments: [owner, now + lease, d.id])
            }
            return due
        }
    }

    /// The receiver answered 2xx.
    public func deliverySucceeded(id: Int64, owner: String) throws {
        try grdbWrite { db in
            try db.run(sql: """
                UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, next_attempt_at = NULL, lease_owner = NULL,
                       lease_until = NULL, last_error = NULL, finished_at = ? WHERE id = ? AND state = 'pending'
                """, arguments: [clock.now(), id])
        }
    }

    /// Not delivered: tried again at `next`, or (nil) failed for good and left for a supervisor.
    public func deliveryFailed(id: Int64, error: String, next: Millis?) throws {
        try grdbWrite { db in
            try db.run(sql: """
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL,
                       state = ?, next_attempt_at = ?, finished_at = ? WHERE id = ? AND state = 'pending'
                """, arguments: [String(error.prefix(500)), next == nil ? "failed" : "pending", next, next == nil ? clock.now() : nil, id])
        }
    }

    /// Sends an event again to every webhook that had it (after a receiver was fixed).
    public func redeliver(eventId: Int64) throws -> Int {
        try grdbWrite { db in
            let now = clock.now()
            try db.run(sql: """
                UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, started_at = ?, finished_at = NULL, lease_until = NULL
                WHERE event_id = ? AND webhook_id IN (SELECT id FROM webhooks WHERE removed_at IS NULL)
                """, arguments: [now, now, eventId])
            guard db.changesCount > 0 else { throw CashierError.notFound("refusal.webhook.no_delivery", ["event": "evt_\(eventId)"]) }
            return db.changesCount
        }
    }

    /// When the next pending delivery is due, so an idle worker sleeps until then.
    public func nextDeliveryTime() -> Millis? {
        try? grdbRead { db in try Millis.one(db, sql: "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'") }
    }
}
