import CashierCore
import Crypto
import Foundation
import SQLSeam

public struct WebhookRecord: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var events: [WebhookEventType]
    public var createdAt: Millis
    public var removedAt: Millis?
    var secretSealed: Data

    public init(row: SQLRow) throws {
        id = try row.get("id"); url = try row.get("url"); createdAt = try row.get("created_at"); removedAt = try row.get("removed_at")
        secretSealed = Data(try row.get("secret_sealed", as: [UInt8].self))
        events = try row.get("events", as: String.self).split(separator: ",").compactMap { WebhookEventType(rawValue: String($0)) }
    }
}

/// One delivery of one event to one webhook, as the worker claims it.
public struct WebhookDelivery: Sendable, Equatable {
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

    public init(row: SQLRow) throws {
        id = try row.get("id"); eventId = try row.get("event_id"); webhookId = try row.get("webhook_id"); type = try row.get("type")
        url = try row.get("url"); state = try row.get("state"); attempts = try row.get("attempts"); createdAt = try row.get("created_at")
        startedAt = try row.get("started_at"); data = try row.get("data"); lastError = try row.get("last_error")
    }

    /// The body POSTed: `{"id", "type", "created_at", "data": {...}}` with a stable id per event.
    public var body: String {
        let created = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(createdAt) / 1000))
        return #"{"id":"evt_\#(eventId)","type":"\#(type)","created_at":"\#(created)","data":\#(data)}"#
    }
}

/// The key that seals webhook secrets: 32 random bytes in keys/webhook.key in the store's files
/// folder (beside an SQLite file; this host's own folder for a PostgreSQL store), mode 0600.
enum WebhookKey {
    static func load(folder: String?, create: Bool) throws -> SymmetricKey {
        guard let folder else { throw CashierError.invalid("refusal.webhook.no_files_folder") }
        let p = (folder as NSString).appendingPathComponent("keys/webhook.key")
        if let data = FileManager.default.contents(atPath: p), data.count == 32 { return SymmetricKey(data: data) }
        guard create else { throw CashierError.invalid("refusal.webhook.key_missing", ["path": "\(p)"]) }
        let keys = (p as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
        let sealed = try AES.GCM.seal(Data(secret.utf8), using: try WebhookKey.load(folder: filesFolder, create: true)).combined!
        // Serialized: it appends to the audit chain.
        let hook = try write(.serialized(key: Store.auditChain)) { x in
            try Store.addWebhook(x, url: url, events: events, sealedSecret: [UInt8](sealed), by: user, now: clock.now())
        }
        return (hook, secret)
    }

    static func addWebhook(_ x: any SQLExecutor, url: String, events: [WebhookEventType], sealedSecret: [UInt8], by user: String,
                           now: Millis) throws -> WebhookRecord {
        try requireActiveUser(x, user)
        let hook = try WebhookRecord(row: try x.row("INSERT INTO webhooks (url, events, secret_sealed, created_at) VALUES (?, ?, ?, ?) RETURNING *",
                                                    url, events.map(\.rawValue).joined(separator: ","), sealedSecret, now)!)
        try AuditLog.append(x, at: now, AuditEvent(actor: user, channel: "counter", action: "webhook.added", subject: "webhook \(hook.id)",
                                                   amount: 0, currency: "", detail: url))
        return hook
    }

    public func webhooks() throws -> [WebhookRecord] {
        try read { x in try x.rows("SELECT * FROM webhooks WHERE removed_at IS NULL ORDER BY id").map { try WebhookRecord(row: $0) } }
    }

    public func removeWebhook(id: Int64, by user: String) throws {
        try write(.serialized(key: Store.auditChain)) { x in try Store.removeWebhook(x, id: id, by: user, now: clock.now()) }
    }

    static func removeWebhook(_ x: any SQLExecutor, id: Int64, by user: String, now: Millis) throws {
        guard try x.execute("UPDATE webhooks SET removed_at = ? WHERE id = ? AND removed_at IS NULL", now, id) == 1 else {
            throw CashierError.notFound("refusal.webhook.none_listed", ["id": "\(id)"])
        }
        // Its pending deliveries go nowhere now.
        try x.execute("""
            UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'webhook removed', finished_at = ?
            WHERE webhook_id = ? AND state = 'pending'
            """, now, id)
        try AuditLog.append(x, at: now, AuditEvent(actor: user, channel: "counter", action: "webhook.removed", subject: "webhook \(id)", amount: 0, currency: ""))
    }

    /// The secret of a webhook, unsealed to sign with.
    public func webhookSecret(id: Int64) throws -> String {
        guard let hook = try read({ x in try x.row("SELECT * FROM webhooks WHERE id = ?", id).map { try WebhookRecord(row: $0) } }) else {
            throw CashierError.notFound("refusal.webhook.none", ["id": "\(id)"])
        }
        let box = try AES.GCM.SealedBox(combined: hook.secretSealed)
        return String(decoding: try AES.GCM.open(box, using: try WebhookKey.load(folder: filesFolder, create: false)), as: UTF8.self)
    }

    static let deliverySelect = """
        SELECT d.id, d.event_id, d.webhook_id, d.state, d.attempts, d.started_at, d.last_error, e.type, e.created_at, e.data, w.url
        FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id
        """

    /// Recent deliveries, newest first (`failed`: only those given up, for a supervisor).
    public func webhookDeliveries(failedOnly: Bool, limit: Int) throws -> [WebhookDelivery] {
        try read { x in
            try x.rows(SQLStatement("\(Store.deliverySelect) \(failedOnly ? "WHERE d.state = 'failed'" : "") ORDER BY d.id DESC LIMIT ?"), limit)
                .map { try WebhookDelivery(row: $0) }
        }
    }

    static let dueDeliveries = """
        \(deliverySelect)
        WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.state = 'pending' AND p.webhook_id = d.webhook_id
                          AND p.order_id = d.order_id AND p.event_id < d.event_id)
        ORDER BY d.event_id LIMIT ?
        """

    /// Due deliveries, claimed with a lease so no two processes send the same one at once. One
    /// order's events go out in order: a delivery waits while an earlier one of its order is pending.
    /// On PostgreSQL the rows are locked as they are picked and those another worker is claiming
    /// are skipped (`FOR UPDATE OF d SKIP LOCKED`): two workers never take the same delivery.
    public func claimDueDeliveries(owner: String, lease: Millis, limit: Int) throws -> [WebhookDelivery] {
        try write { x in try Store.claimDueDeliveries(x, owner: owner, lease: lease, limit: limit, now: clock.now()) }
    }

    static func claimDueDeliveries(_ x: any SQLExecutor, owner: String, lease: Millis, limit: Int, now: Millis) throws -> [WebhookDelivery] {
        let due = try x.rows(SQLStatement.claim(lockingOf: "d") { dueDeliveries + $0 },
                             now, now, limit).map { try WebhookDelivery(row: $0) }
        for d in due {
            try x.execute("UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?", owner, now + lease, d.id)
        }
        return due
    }

    /// The receiver answered 2xx.
    public func deliverySucceeded(id: Int64, owner: String) throws {
        try write { x in
            try x.execute("""
                UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, next_attempt_at = NULL, lease_owner = NULL,
                       lease_until = NULL, last_error = NULL, finished_at = ? WHERE id = ? AND state = 'pending'
                """, clock.now(), id)
        }
    }

    /// Not delivered: tried again at `next`, or (nil) failed for good and left for a supervisor.
    public func deliveryFailed(id: Int64, error: String, next: Millis?) throws {
        try write { x in
            try x.execute("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL,
                       state = ?, next_attempt_at = ?, finished_at = ? WHERE id = ? AND state = 'pending'
                """, String(error.prefix(500)), next == nil ? "failed" : "pending", next, next == nil ? clock.now() : nil, id)
        }
    }

    /// Sends an event again to every webhook that had it (after a receiver was fixed).
    public func redeliver(eventId: Int64) throws -> Int {
        try write { x in
            let now = clock.now()
            let changed = try x.execute("""
                UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, started_at = ?, finished_at = NULL, lease_until = NULL
                WHERE event_id = ? AND webhook_id IN (SELECT id FROM webhooks WHERE removed_at IS NULL)
                """, now, now, eventId)
            guard changed > 0 else { throw CashierError.notFound("refusal.webhook.no_delivery", ["event": "evt_\(eventId)"]) }
            return changed
        }
    }

    /// When the next pending delivery is due, so an idle worker sleeps until then.
    public func nextDeliveryTime() -> Millis? {
        try? read { x in try x.value(Millis?.self, "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'") ?? nil }
    }
}
