import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import Testing

@Suite struct ChannelRefundTests {
    /// Pays G001 (100.00) through the API with a code that succeeds at once.
    func paid(_ w: ServeWorld, key: String) async throws {
        let r = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["G001"],"method":"code","code":"\#(ServeWorld.code(0))"}"#)
        #expect(r.json["outcome"] as? String == "paid", "\(r.text)")
    }

    @Test func aPartialRefundByAPIAndAnotherByTheConsoleAreBothHonouredAndNeverExceedWhatWasPaid() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        try await paid(w, key: key)
        let api = try await w.call("POST", "/v1/refunds", key: key, json: #"{"order":"G001","amount":"30.00","reason":"one cup broken"}"#)
        #expect(api.status == 201, "\(api.text)")
        #expect(api.json["state"] as? String == "requested")
        let apiId = try #require((api.json["id"] as? Int).map(Int64.init))
        // Requested only: nothing moves until a supervisor approves.
        #expect(try w.order("G001").refundReserved == 0)
        let console = try w.engine.requestRefund(orderId: try w.order("G001").id, amount: 5_000, reason: "late delivery", by: "cashier")
        _ = try await w.engine.approve(requestId: apiId, supervisor: "supervisor", pin: "9999")
        _ = try await w.engine.approve(requestId: console.id, supervisor: "supervisor", pin: "9999")
        try await w.eventually("both refunds settle") {
            try w.store.refundOrders(requestId: apiId).allSatisfy { $0.state == .succeeded }
                && w.store.refundOrders(requestId: console.id).allSatisfy { $0.state == .succeeded }
        }
        let o = try w.order("G001")
        #expect(o.refunded == 8_000)
        #expect(o.status == .partiallyRefunded)
        let shown = try await w.call("GET", "/v1/refunds/\(apiId)", key: key)
        #expect(shown.json["state"] as? String == "approved")
        #expect((shown.json["refunds"] as? [[String: Any]])?.first?["state"] as? String == "succeeded")
        // 20.00 is left: more is refused with the amount that is left.
        let over = try await w.call("POST", "/v1/refunds", key: key, json: #"{"order":"G001","amount":"20.01","reason":"more"}"#)
        #expect(over.status == 422)
        #expect(over.errorMessage?.contains("20.00 left to refund") == true, "\(over.text)")
        // Another channel's key does not see this channel's request.
        #expect(try await w.call("GET", "/v1/refunds/\(apiId)", key: try w.key(.app)).status == 404)
        #expect(try w.violations() == [])
        await w.stop()
    }

    @Test func racingApprovalsOfAnAPIAndAConsoleRequestCannotOverRefund() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        try await paid(w, key: key)
        let api = try await w.call("POST", "/v1/refunds", key: key, json: #"{"order":"G001","amount":"60","reason":"returned"}"#)
        let apiId = try #require((api.json["id"] as? Int).map(Int64.init))
        let console = try w.engine.requestRefund(orderId: try w.order("G001").id, amount: 6_000, reason: "returned too", by: "cashier")
        let second = Engine(store: try w.openStore(), platform: w.sandbox,
                            config: EngineConfig(timeScale: TimeScale(0.01)), session: "console-process")
        async let a: Bool = (try? await w.engine.approve(requestId: apiId, supervisor: "supervisor", pin: "9999")) != nil
        async let b: Bool = (try? await second.approve(requestId: console.id, supervisor: "supervisor", pin: "9999")) != nil
        let (x, y) = await (a, b)
        #expect(x != y, "exactly one approval may pass: \(x) \(y)")
        let o = try w.order("G001")
        #expect(o.refundReserved == 6_000)
        #expect(o.refundReserved <= o.paid)
        #expect(try w.violations() == [])
        await w.stop()
    }

    @Test func refundRequestsAreValidated() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        let unpaid = try await w.call("POST", "/v1/refunds", key: key, json: #"{"order":"S002","amount":"1","reason":"x"}"#)
        #expect(unpaid.status == 409)
        try await paid(w, key: key)
        let cases: [(String, Int, String)] = [
            (#"{"order":"G001","amount":"1"}"#, 422, "\"reason\" is missing"),
            (#"{"order":"G001","amount":"1","reason":"   "}"#, 422, "is empty"),
            (#"{"order":"G001","amount":"1","reason":"\#(String(repeating: "x", count: 201))"}"#, 422, "longer than 200"),
            (#"{"order":"G001","amount":"0","reason":"x"}"#, 422, "more than zero"),
            (#"{"order":"G001","amount":"1e3","reason":"x"}"#, 422, "not a number"),
            (#"{"order":"G001","amount":1,"reason":"x"}"#, 422, "must be a string"),
            (#"{"order":"NOPE","amount":"1","reason":"x"}"#, 404, "no order NOPE"),
        ]
        for (body, status, words) in cases {
            let r = try await w.call("POST", "/v1/refunds", key: key, json: body)
            #expect(r.status == status, "\(body): \(r.text)")
            #expect(r.errorMessage?.contains(words) == true, "\(body): \(r.text)")
        }
        #expect(try w.store.refundRequests(state: nil).isEmpty)
        #expect(try await w.call("GET", "/v1/refunds/abc", key: key).status == 422)
        #expect(try await w.call("GET", "/v1/refunds/77", key: key).status == 404)
        await w.stop()
    }

    @Test func aRetriedPaymentStartWithTheSameIdempotencyKeyGetsTheSamePayment() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        let body = #"{"orders":["D004"],"method":"qr"}"#
        let first = try await w.call("POST", "/v1/payments", key: key, json: body, headers: ["Idempotency-Key": "order-D004-try-1"])
        #expect(first.status == 201)
        let again = try await w.call("POST", "/v1/payments", key: key, json: body, headers: ["Idempotency-Key": "order-D004-try-1"])
        #expect(again.status == 200)
        #expect(again.headers["idempotency-replayed"] == "true")
        #expect(again.json["trade_no"] as? String == first.json["trade_no"] as? String)
        let other = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["G005"],"method":"qr"}"#,
                                     headers: ["Idempotency-Key": "order-D004-try-1"])
        #expect(other.status == 422)
        // A refused start frees its key: the same key may be used once the request is right.
        let refused = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["D004"],"method":"qr"}"#,
                                       headers: ["Idempotency-Key": "k2"])
        #expect(refused.status == 409)
        let fixed = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["G005"],"method":"qr"}"#,
                                     headers: ["Idempotency-Key": "k2"])
        #expect(fixed.status == 201, "\(fixed.text)")
        #expect(try await w.call("POST", "/v1/payments", key: key, json: body, headers: ["Idempotency-Key": "bad key!"]).status == 422)
        #expect(try w.store.probe(Int.self, "SELECT COUNT(*) FROM checkouts") == 2)
        await w.stop()
    }
}
