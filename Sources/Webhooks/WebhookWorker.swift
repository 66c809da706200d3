import AsyncHTTPClient
import CashierCore
import CashierEngine
import Crypto
import Foundation
import Logging
import NIOCore

/// `Cashier-Signature: t=UNIX_SECONDS,v1=HEX`, v1 = HMAC-SHA256 of "{t}.{body}" under the secret.
public enum WebhookSignature {
    public static func header(secret: String, body: String, at seconds: Int64) -> String {
        "t=\(seconds),v1=\(hex(secret: secret, payload: "\(seconds).\(body)"))"
    }

    static func hex(secret: String, payload: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// What a receiver does: recompute and compare (in constant time), and refuse old stamps.
    public static func verify(header: String, body: String, secret: String, now: Int64, tolerance: Int64 = 300) -> Bool {
        var t: Int64?, v1: String?
        for part in header.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            if kv[0] == "t" { t = Int64(kv[1]) } else if kv[0] == "v1" { v1 = kv[1] }
        }
        guard let t, let v1, abs(now - t) <= tolerance else { return false }
        let expected = Array(hex(secret: secret, payload: "\(t).\(body)").utf8), got = Array(v1.utf8)
        return expected.count == got.count && zip(expected, got).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Delivers the outbox: claims due deliveries with a lease (so two processes never send the same
/// one at once), POSTs each signed, and records 2xx as delivered or schedules a retry.
public struct WebhookWorker: Sendable {
    let engine: Engine
    let logger: Logger
    /// Per request; a receiver that does not answer in time is retried like a refusal.
    let timeout: TimeAmount

    public init(engine: Engine, timeout: TimeAmount = .seconds(10), logger: Logger = Logger(label: "cashier.webhooks")) {
        self.engine = engine; self.timeout = timeout; self.logger = logger
    }

    /// One round: every due delivery once. Returns how many were tried.
    @discardableResult
    public func deliverOnce() async -> Int {
        let due: [WebhookDelivery]
        do { due = try engine.claimDueDeliveries() } catch {
            logger.error("claiming webhook deliveries failed (tried again next round): \(error)")
            return 0
        }
        // One order's events are claimed one at a time (the store holds back later ones), so a
        // round may send different orders' events side by side.
        await withTaskGroup(of: Void.self) { group in
            for d in due { group.addTask { await self.deliver(d) } }
        }
        return due.count
    }

    func deliver(_ d: WebhookDelivery) async {
        let now = engine.clock.now()
        let outcome: String?
        do {
            let secret = try engine.webhookSecret(id: d.webhookId)
            let body = d.body
            var request = HTTPClientRequest(url: d.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Cashier-Signature", value: WebhookSignature.header(secret: secret, body: body, at: now / 1000))
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            outcome = (200..<300).contains(response.status.code) ? nil : "answered \(response.status.code)"
        } catch {
            outcome = "\(error)"
        }
        do {
            if let why = outcome {
                let schedule = engine.config.poll
                let next = schedule.webhookRetry(attempts: d.attempts, now: engine.clock.now())
                let giveUp = next > d.startedAt + schedule.webhookWindow
                if giveUp { logger.warning("webhook delivery \(d.id) (evt_\(d.eventId) to \(d.url)) failed for good: \(why)") }
                try engine.deliveryFailed(id: d.id, error: why, next: giveUp ? nil : next)
            } else {
                try engine.deliverySucceeded(id: d.id)
            }
        } catch {
            logger.error("recording webhook delivery \(d.id) failed (its lease ends and it is sent again): \(error)")
        }
    }

    /// Until cancelled: a round, then sleep until the next delivery is due (at most `idle` seconds).
    public func run(idleSeconds: Double = 1) async {
        while !Task.isCancelled {
            if await deliverOnce() > 0 { continue }
            let wait = min(max(0, (engine.nextDeliveryTime() ?? Millis.max) - engine.clock.now()), Millis(idleSeconds * 1000))
            try? await Task.sleep(nanoseconds: UInt64(max(wait, 20)) * 1_000_000)
        }
    }
}
