import CashierCore
import CashierStore
import Foundation

public typealias WebhookRecord = CashierStore.WebhookRecord
public typealias WebhookDelivery = CashierStore.WebhookDelivery
public typealias WebhookEventType = CashierStore.WebhookEventType

/// Webhooks: the subscribers (CLI), and what the delivery worker (WebhookDelivery) claims and reports.
extension Engine {
    public func addWebhook(url: String, events: [WebhookEventType], by user: String) throws(CashierError) -> (WebhookRecord, String) {
        try storeCall { try store.addWebhook(url: url, events: events, by: user) }
    }
    public func webhooks() throws(CashierError) -> [WebhookRecord] { try storeCall { try store.webhooks() } }
    public func removeWebhook(id: Int64, by user: String) throws(CashierError) { try storeCall { try store.removeWebhook(id: id, by: user) } }
    public func webhookSecret(id: Int64) throws(CashierError) -> String { try storeCall { try store.webhookSecret(id: id) } }
    public func webhookDeliveries(failedOnly: Bool, limit: Int = 50) throws(CashierError) -> [WebhookDelivery] {
        try storeCall { try store.webhookDeliveries(failedOnly: failedOnly, limit: limit) }
    }
    public func redeliver(eventId: Int64) throws(CashierError) -> Int { try storeCall { try store.redeliver(eventId: eventId) } }

    /// Claimed for this process with the poller's lease.
    public func claimDueDeliveries(limit: Int = 20) throws(CashierError) -> [WebhookDelivery] {
        try storeCall { try store.claimDueDeliveries(owner: session, lease: schedule.leaseMillis, limit: limit) }
    }
    public func deliverySucceeded(id: Int64) throws(CashierError) { try storeCall { try store.deliverySucceeded(id: id, owner: session) } }
    public func deliveryFailed(id: Int64, error: String, next: Millis?) throws(CashierError) {
        try storeCall { try store.deliveryFailed(id: id, error: error, next: next) }
    }
    public func nextDeliveryTime() -> Millis? { store.nextDeliveryTime() }
}

/// The delivery worker's timing, scaled like every other wait by CASHIER_TIME_SCALE.
extension PollSchedule {
    /// Retries go on for 24 hours from the event (or its redelivery), then the delivery is failed.
    public var webhookWindow: Millis { timeScale.millis(24 * 3_600) }

    /// Exponential back-off: 10 s, 20 s, 40 s … at most an hour between tries.
    public func webhookRetry(attempts: Int, now: Millis) -> Millis {
        now + timeScale.millis(min(10 * pow(2, Double(min(attempts, 20))), 3_600))
    }
}
