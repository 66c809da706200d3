import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
import Webhooks

/// A webhook receiver on 127.0.0.1: records each body with its signature header; answers 503
/// while `down`.
final class WebhookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var got: [(body: String, signature: String)] = []
    private let isDown = Atomic<Bool>(false)
    private let isHolding = Atomic<Bool>(false)
    private(set) var running: RunningServer!

    var url: String { "http://127.0.0.1:\(running.port)/hooks" }
    var received: [(body: String, signature: String)] { lock.withLock { got } }
    func setDown(_ value: Bool) { isDown.store(value, ordering: .sequentiallyConsistent) }
    /// While holding, each request is recorded on arrival and answered only when the hold ends
    /// (a delivery caught half-way).
    func setHolding(_ value: Bool) { isHolding.store(value, ordering: .sequentiallyConsistent) }

    init() async throws {
        let router = Router()
        router.post("/hooks") { [self] request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            if isDown.load(ordering: .sequentiallyConsistent) { return Response(status: .serviceUnavailable) }
            lock.withLock { got.append((body, request.headers[HTTPField.Name("Cashier-Signature")!] ?? "")) }
            while isHolding.load(ordering: .sequentiallyConsistent) { try await Task.sleep(nanoseconds: 20_000_000) }
            return Response(status: .ok)
        }
        let responder = router.buildResponder()
        running = try await RunningServer.start { ready in
            let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { await ready($0.localAddress?.port ?? 0) }, logger: quietLogger)
            try await app.run()
        }
    }

    func stop() async { await running.stop() }

    /// The (type, order number) of each event received, in order.
    var events: [(String, String)] {
        received.compactMap { r in
            guard let j = try? JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any],
                  let type = j["type"] as? String, let data = j["data"] as? [String: Any],
                  let order = data["order"] as? [String: Any], let number = order["number"] as? String else { return nil }
            return (type, number)
        }
    }
}

@Suite(.serialized) struct WebhookTests {
    static let all = WebhookEventType.allCases

    /// Runs delivery rounds until `done` or the time runs out.
    static func deliver(_ worker: WebhookWorker, seconds: Double = 30, until done: () -> Bool) async {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end && !done() {
            await worker.deliverOnce()
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    @Test func anAPIOrderPaidAtTheCounterThenPartlyRefundedIsReportedSignedAndInOrder() async throws {
        let w = try await ServeWorld()
        let receiver = try await WebhookReceiver()
        let (_, secret) = try w.engine.addWebhook(url: receiver.url, events: Self.all, by: "supervisor")
        let key = try w.key(.integration)
        let made = try await w.call("POST", "/v1/orders", key: key,
                                    json: #"{"number":"WH-1","type":"fees","currency":"CNY","lines":[{"name":"Fee","quantity":1,"unit_price":"50.00"}]}"#)
        #expect(made.status == 201)
        let id = try w.order("WH-1").id
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 5_000, operatorName: "cashier"))
        let r = try w.engine.requestRefund(orderId: id, amount: 1_000, reason: "one item back", by: "cashier")
        _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        let worker = WebhookWorker(engine: w.engine)
        await Self.deliver(worker) { receiver.received.count >= 2 }
        #expect(receiver.events.map(\.0) == ["order.paid", "order.partially_refunded"])
        #expect(receiver.events.allSatisfy { $0.1 == "WH-1" })
        let now = Int64(Date().timeIntervalSince1970)
        for got in receiver.received {
            #expect(WebhookSignature.verify(header: got.signature, body: got.body, secret: secret, now: now), "\(got.signature)")
            #expect(!WebhookSignature.verify(header: got.signature, body: got.body + " ", secret: secret, now: now))
            #expect(!WebhookSignature.verify(header: got.signature, body: got.body, secret: secret + "x", now: now))
        }
        // Nothing more goes out: each event once.
        await worker.deliverOnce()
        #expect(receiver.received.count == 2)
        // The secret is kept sealed, never as written.
        let sealed = try w.store.probe([UInt8].self, "SELECT secret_sealed FROM webhooks")
        #expect(sealed != nil && !(String(decoding: sealed!, as: UTF8.self).contains(secret)))
        let mode = try FileManager.default.attributesOfItem(atPath: w.dir + "/keys/webhook.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        await receiver.stop()
        await w.stop()
    }

    @Test func aReceiverDownForAWhileGetsEveryEventAfterwardsInOrder() async throws {
        let w = try await ServeWorld()
        let receiver = try await WebhookReceiver()
        _ = try w.engine.addWebhook(url: receiver.url, events: Self.all, by: "supervisor")
        receiver.setDown(true)
        let ids = [try w.order("G001").id, try w.order("S002").id]
        for id in ids { _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: try w.engine.order(id: id)!.amount.minor, operatorName: "cashier")) }
        for id in ids {
            let r = try w.engine.requestRefund(orderId: id, amount: 100, reason: "part", by: "cashier")
            _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
            let rest = try w.engine.order(id: id)!.refundable
            let r2 = try w.engine.requestRefund(orderId: id, amount: rest, reason: "rest", by: "cashier")
            _ = try await w.engine.approve(requestId: r2.id, supervisor: "supervisor", pin: "9999")
        }
        _ = try w.engine.cancelOrder(number: "M003", reason: "gone", by: "cashier", channel: .counter)
        let worker = WebhookWorker(engine: w.engine)
        for _ in 0..<5 { await worker.deliverOnce(); try? await Task.sleep(nanoseconds: 50_000_000) }
        #expect(receiver.received.isEmpty)
        #expect(try w.engine.webhookDeliveries(failedOnly: false).contains { $0.attempts > 0 })
        receiver.setDown(false)
        await Self.deliver(worker, seconds: 60) { receiver.received.count >= 7 }
        let got = receiver.events
        for number in ["G001", "S002"] {
            #expect(got.filter { $0.1 == number }.map(\.0) == ["order.paid", "order.partially_refunded", "order.refunded"], "\(number)")
        }
        #expect(got.filter { $0.1 == "M003" }.map(\.0) == ["order.cancelled"])
        #expect(got.count == 7)
        await receiver.stop()
        await w.stop()
    }

    @Test func aDeliveryIsFailedAfterItsWindowAndRedeliveredOnRequest() async throws {
        // Time scale 0.00001: the 24-hour window is under a second.
        let w = try await ServeWorld(scale: 0.00001)
        let receiver = try await WebhookReceiver()
        receiver.setDown(true)
        _ = try w.engine.addWebhook(url: receiver.url, events: [.orderCancelled], by: "supervisor")
        _ = try w.engine.cancelOrder(number: "G005", reason: "test", by: "cashier", channel: .counter)
        let worker = WebhookWorker(engine: w.engine)
        let end = Date().addingTimeInterval(30)
        while Date() < end, try w.engine.webhookDeliveries(failedOnly: true).isEmpty {
            await worker.deliverOnce(); try? await Task.sleep(nanoseconds: 20_000_000)
        }
        let failed = try w.engine.webhookDeliveries(failedOnly: true)
        #expect(failed.count == 1 && failed[0].lastError == "answered 503")
        receiver.setDown(false)
        #expect(try w.engine.redeliver(eventId: failed[0].eventId) == 1)
        await Self.deliver(worker) { receiver.received.count >= 1 }
        #expect(receiver.events.map(\.0) == ["order.cancelled"])
        await receiver.stop()
        await w.stop()
    }

    @Test func twoWorkersNeverSendTheSameDeliveryAtOnce() async throws {
        let w = try await ServeWorld()
        let receiver = try await WebhookReceiver()
        _ = try w.engine.addWebhook(url: receiver.url, events: Self.all, by: "supervisor")
        for n in ["G001", "S002", "M003", "D004", "G005"] { _ = try w.engine.cancelOrder(number: n, reason: "x", by: "cashier", channel: .counter) }
        let other = WebhookWorker(engine: try w.counter(platform: w.sandbox))
        let mine = WebhookWorker(engine: w.engine)
        async let a: Void = Self.deliver(mine) { receiver.received.count >= 5 }
        async let b: Void = Self.deliver(other) { receiver.received.count >= 5 }
        _ = await (a, b)
        try? await Task.sleep(nanoseconds: 200_000_000)
        #expect(receiver.events.map(\.1).sorted() == ["D004", "G001", "G005", "M003", "S002"])
        await receiver.stop()
        await w.stop()
    }

    @Test func aRolledBackChangeSendsNothing() async throws {
        let w = try await ServeWorld()
        _ = try w.engine.addWebhook(url: "http://127.0.0.1:9/none", events: Self.all, by: "supervisor")
        let id = try w.order("G001").id
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
        // Cancelling a paid order is refused: its transaction rolls back, and with it any event.
        #expect(throws: CashierError.self) { _ = try w.engine.cancelOrder(number: "G001", reason: "no", by: "cashier", channel: .counter) }
        let types = try w.store.probeAll(String.self, "SELECT type FROM webhook_events ORDER BY id")
        #expect(types == ["order.paid"])
        await w.stop()
    }
}
