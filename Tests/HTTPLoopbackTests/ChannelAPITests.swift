import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import Testing

@Suite struct ChannelAPITests {
    @Test func everyChannelRouteRefusesMissingWrongAndRevokedKeys() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.web)
        let probes: [(String, String, String?)] = [
            ("GET", "/v1/orders/G001", nil), ("POST", "/v1/payments", #"{"orders":["G001"],"method":"qr"}"#),
            ("GET", "/v1/payments/CSH0000000001", nil), ("POST", "/v1/refunds", #"{"order":"G001","amount":"1","reason":"x"}"#),
            ("GET", "/v1/refunds/1", nil),
        ]
        let wrongSecret = String(key.dropLast(3)) + (key.hasSuffix("AAA") ? "BBB" : "AAA")
        for (method, path, body) in probes {
            for presented in [nil, "nonsense", wrongSecret, "csk_999_" + String(repeating: "A", count: 43)] {
                let r = try await w.call(method, path, key: presented, json: body)
                #expect(r.status == 401, "\(method) \(path) with \(presented ?? "no key"): \(r.status) \(r.text)")
                #expect(r.errorCode == "unauthorized")
                #expect(r.headers["www-authenticate"] == "Bearer")
            }
        }
        #expect(try w.store.channelKeys().first?.lastUsedAt == nil, "refused requests are not uses")
        #expect(try await w.call("GET", "/v1/orders/G001", key: key).status == 200)
        #expect(try w.store.channelKeys().first?.lastUsedAt != nil)
        let id = try w.store.channelKeys().first!.id
        _ = try w.store.revokeChannelKey(id: id)
        #expect(try await w.call("GET", "/v1/orders/G001", key: key).status == 401)
        // Nothing was paid or requested by all that.
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.store.refundRequests(state: nil).isEmpty)
        await w.stop()
    }

    @Test func aKeyStoresOnlyAHashAndOnlyForAChannel() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.app)
        let stored = try w.store.probe(String.self, "SELECT secret_hash FROM channel_keys")
        #expect(stored?.count == 64)
        #expect(!key.contains(stored ?? "-"))
        #expect(throws: CashierError.self) { try w.store.addChannelKey(channel: .counter, operatorName: "cashier", label: "") }
        #expect(throws: CashierError.self) { try w.store.addChannelKey(channel: .web, operatorName: "nobody", label: "") }
        await w.stop()
    }

    @Test func orderLookupShowsTheOrderAndWhoHoldsIt() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        let r = try await w.call("GET", "/v1/orders/S002", key: key)
        #expect(r.status == 200)
        #expect(r.json["number"] as? String == "S002")
        #expect(r.json["amount"] as? String == "33.33")
        #expect(r.json["status"] as? String == "unpaid")
        #expect(r.json["held_by"] == nil)
        _ = try w.store.lock(orderIds: [try w.order("S002").id], holder: Holder(owner: "cashier", channel: .counter, session: "console-1"), ttl: 60_000)
        let held = try await w.call("GET", "/v1/orders/S002", key: key)
        #expect((held.json["held_by"] as? [String: Any])?["channel"] as? String == "counter")
        let missing = try await w.call("GET", "/v1/orders/X999", key: key)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
        let bad = try await w.call("GET", "/v1/orders/G0%2701", key: key)
        #expect(bad.status == 422)
        #expect(bad.errorMessage?.contains("not an order number") == true)
        await w.stop()
    }

    @Test func paymentStartRefusesBadInputWithOneSentenceAndWritesNothing() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        let code = ServeWorld.code(0)
        let cases: [(String, Int, String)] = [
            ("{not json", 400, "bad_request"),
            ("[1,2]", 400, "bad_request"),
            (#"{"orders":["G001"],"method":"code","code":"\#(code)","tip":"1"}"#, 422, "Unknown field \"tip\""),
            (#"{"orders":["G001"],"method":"code","code":"\#(code)","amount":100}"#, 422, "must be a string"),
            (#"{"orders":["G001"],"method":"code","code":"\#(code)","amount":"100.001"}"#, 422, "more than 2 decimal places"),
            (#"{"orders":["G001"],"method":"code","code":"\#(code)","amount":"99.99"}"#, 422, "does not match the orders' total 100.00"),
            (#"{"orders":["G001"],"method":"code","code":"\#(code)","amount":"-100"}"#, 422, "negative"),
            (#"{"orders":["G001"],"method":"code","code":"12ab"}"#, 422, "not a payment code"),
            (#"{"orders":["G001"],"method":"code","code":"9900000000000000000"}"#, 422, "not a WeChat"),
            (#"{"orders":["G001"],"method":"cash"}"#, 422, "Unknown method"),
            (#"{"orders":["G001"]}"#, 422, "\"method\" is missing"),
            (#"{"orders":[],"method":"qr"}"#, 422, "is empty"),
            (#"{"orders":"G001","method":"qr"}"#, 422, "list of strings"),
            (#"{"orders":["G001","G001"],"method":"qr"}"#, 422, "listed twice"),
            (#"{"orders":["G001"],"method":"qr","platform":"unionpay"}"#, 422, "Unknown QR platform"),
            (#"{"orders":["NOPE1"],"method":"qr"}"#, 404, "There is no order NOPE1"),
        ]
        for (body, status, words) in cases {
            let r = try await w.call("POST", "/v1/payments", key: key, json: body)
            #expect(r.status == status, "\(body): \(r.status) \(r.text)")
            if status == 400 { #expect(r.errorCode == words) } else { #expect(r.errorMessage?.contains(words) == true, "\(body): \(r.text)") }
            #expect(r.errorMessage?.hasSuffix(".") == true, "not one sentence: \(r.text)")
        }
        let big = #"{"orders":["\#(String(repeating: "G", count: 20_000))"],"method":"qr"}"#
        let tooBig = try await w.call("POST", "/v1/payments", key: key, json: big)
        #expect(tooBig.status == 413)
        #expect(tooBig.errorCode == "too_large")
        #expect(try w.store.probe(Int.self, "SELECT COUNT(*) FROM checkouts") == 0)
        #expect(try w.order("G001").status == .unpaid)
        await w.stop()
    }

    @Test func aCodePaymentThroughTheAPIIsPaidAndQueryable() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.miniProgram)
        let r = try await w.call("POST", "/v1/payments", key: key,
                                 json: #"{"orders":["G001","S002"],"method":"code","code":"\#(ServeWorld.code(0))","amount":"133.33"}"#)
        #expect(r.status == 201, "\(r.text)")
        #expect(r.json["outcome"] as? String == "paid")
        #expect(r.json["amount"] as? String == "133.33")
        #expect(r.json["channel"] as? String == "mini-program")
        let tradeNo = try #require(r.json["trade_no"] as? String)
        let q = try await w.call("GET", "/v1/payments/\(tradeNo)", key: key)
        #expect(q.status == 200)
        #expect(q.json["state"] as? String == "succeeded")
        #expect(q.json["platform_trade_no"] as? String != nil)
        // Another channel's key does not see it.
        #expect(try await w.call("GET", "/v1/payments/\(tradeNo)", key: try w.key(.app)).status == 404)
        #expect(try w.order("G001").status == .paid)
        #expect(try w.order("S002").status == .paid)
        let again = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["G001"],"method":"qr"}"#)
        #expect(again.status == 409)
        #expect(again.errorMessage?.contains("already paid") == true)
        #expect(try w.violations() == [])
        await w.stop()
    }

    @Test func aQRPaymentWaitsWithItsContentUntilTheCustomerScans() async throws {
        // Scale 0.2: the QR waits 36 s, so a loaded machine cannot let it expire before the scan.
        let w = try await ServeWorld(scale: 0.2, runPoller: true)
        let key = try w.key(.app)
        let r = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["M003"],"method":"qr","platform":"wechat"}"#)
        #expect(r.status == 201, "\(r.text)")
        #expect(r.json["outcome"] as? String == "waiting")
        #expect((r.json["qr_content"] as? String)?.isEmpty == false)
        let tradeNo = try #require(r.json["trade_no"] as? String)
        try w.sandbox.scan(tradeNo: tradeNo, outcome: .success)
        try await w.eventually("the scan is seen") { try w.paymentOrder(tradeNo).state == .succeeded }
        let q = try await w.call("GET", "/v1/payments/\(tradeNo)", key: key)
        #expect(q.json["outcome"] as? String == "paid")
        await w.stop()
    }

    @Test func anOrderTheCounterHoldsOrIsPayingIsAClear409() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        let counter = Holder(owner: "cashier", channel: .counter, session: "console-7")
        _ = try w.store.lock(orderIds: [try w.order("G001").id], holder: counter, ttl: 60_000)
        let held = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["G001"],"method":"qr"}"#)
        #expect(held.status == 409)
        #expect(held.errorCode == "conflict")
        #expect(held.errorMessage?.contains("held by counter (cashier)") == true, "\(held.text)")
        // The counter pays S002 in another engine (its own session); the API is refused.
        let other = Engine(store: try w.openStore(), platform: w.sandbox,
                           config: EngineConfig(timeScale: TimeScale(0.01)), session: "counter-process")
        let snap = try await other.pay(PaymentPlan(orderIds: [try w.order("S002").id], online: 3_333, onlineMode: .qr(.alipay),
                                                   operatorName: "cashier", channel: .counter))
        #expect(snap.checkout.state == .open)
        let paying = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["S002"],"method":"code","code":"\#(ServeWorld.code(0))"}"#)
        #expect(paying.status == 409)
        #expect(paying.errorMessage?.contains("counter (cashier)") == true, "\(paying.text)")
        #expect(try w.store.probe(Int.self, "SELECT COUNT(*) FROM checkouts") == 1)
        await w.stop()
    }
}
