import CashierCore
import Foundation
import SQLSeam

/// Migration "v5-webhooks": subscribers, the outbox and its deliveries (issue 11 §2).
enum WebhookSchema {
    static let v5 = ("v5-webhooks", """
    -- The signing secret is kept sealed (AES-GCM) under keys/webhook.key beside the store: an
    -- HMAC needs the secret itself, so a hash would not do, and the store file alone does not reveal it.
    CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
        events TEXT NOT NULL CHECK (length(events) BETWEEN 1 AND 500),
        secret_sealed BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        removed_at INTEGER
    );

    -- The outbox: written in the same transaction as the change it reports.
    CREATE TABLE webhook_events (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL CHECK (type = 'order.paid' OR type = 'order.partially_refunded' OR type = 'order.refunded' OR type = 'order.cancelled'
                              OR type = 'order.expired' OR type = 'refund.failed' OR type = 'payment.review_needed'),
        order_id INTEGER REFERENCES orders (id),
        created_at INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX webhook_events_by_order ON webhook_events (order_id, id);

    CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES webhook_events (id),
        webhook_id INTEGER NOT NULL REFERENCES webhooks (id),
        order_id INTEGER,
        state TEXT NOT NULL CHECK (state = 'pending' OR state = 'delivered' OR state = 'failed'),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        -- Retries run from here (the event's time, or a redelivery's) for the worker's window.
        started_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_until INTEGER,
        last_error TEXT,
        finished_at INTEGER,
        UNIQUE (event_id, webhook_id),
        CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
    CREATE INDEX webhook_deliveries_by_order ON webhook_deliveries (webhook_id, order_id, event_id) WHERE state = 'pending';
    """)
}

/// The events a webhook may subscribe to.
public enum WebhookEventType: String, CaseIterable, Sendable, Codable {
    case orderPaid = "order.paid"
    case orderPartiallyRefunded = "order.partially_refunded"
    case orderRefunded = "order.refunded"
    case orderCancelled = "order.cancelled"
    case orderExpired = "order.expired"
    case refundFailed = "refund.failed"
    case paymentReviewNeeded = "payment.review_needed"
}

extension Store {
    /// Writes an event to the outbox inside the caller's transaction, with one delivery per
    /// webhook subscribed to it. Nothing is written when nobody listens.
    static func emit(_ x: any SQLExecutor, _ type: WebhookEventType, orderId: Int64?, now: Millis, extra: [String: String] = [:]) throws {
        guard let orderId else { return try emit(x, type, order: nil, orderId: nil, now: now, extra: extra) }
        guard try !subscribers(x, type).isEmpty else { return }
        let o = try x.row("SELECT * FROM orders WHERE id = ?", orderId).map { try OrderRecord(row: $0) }
        try emit(x, type, order: o, orderId: orderId, now: now, extra: extra)
    }

    /// The same for an order the caller holds as this transaction wrote it: no read of the order.
    static func emit(_ x: any SQLExecutor, _ type: WebhookEventType, order: OrderRecord, now: Millis, extra: [String: String] = [:]) throws {
        try emit(x, type, order: order, orderId: order.id, now: now, extra: extra)
    }

    /// The live webhooks subscribed to `type` (one cached statement; usually none or a few rows).
    static func subscribers(_ x: any SQLExecutor, _ type: WebhookEventType) throws -> [Int64] {
        try x.rows("SELECT id, events FROM webhooks WHERE removed_at IS NULL").filter { row in
            try row.get("events", as: String.self).split(separator: ",").contains { $0 == type.rawValue }
        }.map { try $0.get("id") }
    }

    private static func emit(_ x: any SQLExecutor, _ type: WebhookEventType, order: OrderRecord?, orderId: Int64?, now: Millis,
                             extra: [String: String]) throws {
        let subscribed = try subscribers(x, type)
        guard !subscribed.isEmpty else { return }
        var data: [String: Any] = [:]
        if let order { data["order"] = orderPayload(order) }
        for (k, v) in extra { data[k] = v }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: data, options: [.sortedKeys]), as: UTF8.self)
        // SQLite's last row id, PostgreSQL's RETURNING (`insert`): no temporary table per event on SQLite.
        guard let eventId = try x.insert("INSERT INTO webhook_events (type, order_id, created_at, data) VALUES (?, ?, ?, ?)",
                                         type.rawValue, orderId, now, json, returning: "id") else {
            throw SQLError.decoding("the webhook event's insert gave no id")
        }
        for hook in subscribed {
            try x.execute("""
                INSERT INTO webhook_deliveries (event_id, webhook_id, order_id, state, next_attempt_at, started_at)
                VALUES (?, ?, ?, 'pending', ?, ?)
                """, eventId, hook, orderId, now, now)
        }
    }

    /// The order as a webhook reports it (amounts as decimal strings, like the API).
    static func orderPayload(_ o: OrderRecord) -> [String: Any] {
        func f(_ m: Int64) -> String { Money.format(minor: m, currency: o.currency) }
        var out: [String: Any] = ["number": o.number, "type": o.type, "customer": o.customer, "amount": o.amount.decimal,
                                  "currency": o.currency.code, "status": o.status.rawValue, "paid": f(o.paid),
                                  "refunded": f(o.refunded), "updated_at": o.updatedAt]
        if let m = o.metadata { out["metadata"] = m }
        return out
    }
}
