import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import Testing

/// The order routes of `cashier serve` for a business system's integration key.
@Suite struct OrderAPITests {
    static func body(_ number: String, price: String = "12.50", qty: Int = 2, extra: String = "") -> String {
        #"{"number":"\#(number)","type":"fees","customer":"Ines","currency":"CNY","lines":[{"name":"Term fee","quantity":\#(qty),"unit_price":"\#(price)"}]\#(extra)}"#
    }

    static func error(_ r: ServeWorld.Reply) -> [String: Any] { r.json["error"] as? [String: Any] ?? [:] }

    @Test func createIsIdempotentByNumber() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.integration)
        let first = try await w.call("POST", "/v1/orders", key: key, json: Self.body("INV-1", extra: #","metadata":{"b":1,"a":"x"},"note":"room 4""#))
        #expect(first.status == 201, "\(first.text)")
        #expect(first.json["amount"] as? String == "25.00")
        #expect(first.json["status"] as? String == "unpaid")
        #expect((first.json["metadata"] as? [String: Any])?["a"] as? String == "x")
        let again = try await w.call("POST", "/v1/orders", key: key, json: Self.body("INV-1", extra: #","note":"room 4","metadata":{"a":"x","b":1}"#))
        #expect(again.status == 200, "\(again.text)")
        #expect(again.text == first.text)
        let other = try await w.call("POST", "/v1/orders", key: key, json: Self.body("INV-1", price: "12.51", extra: #","note":"room 4","metadata":{"a":"x","b":1}"#))
        #expect(other.status == 409)
        #expect(Self.error(other)["field"] as? String == "number")
        #expect(other.errorMessage == "Order INV-1 exists with a different lines[0].unit_price (stored 12.50, sent 12.51): use a new number for a new order.")
        await w.stop()
    }

    @Test func eightConcurrentIdenticalCreatesMakeOneOrder() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.integration)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await w.call("POST", "/v1/orders", key: key, json: Self.body("RACE-1")).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.sorted() == [200, 200, 200, 200, 200, 200, 200, 201])
        #expect(try w.store.orders(OrderFilter(search: "RACE-1")).count == 1)
        await w.stop()
    }

    @Test func badInputIs422WithTheFieldAndNothingWritten() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.integration)
        let cases: [(String, String)] = [
            (Self.body("A1", price: "1.234"), "lines[0].unit_price"),
            (Self.body("A1", price: "-1"), "lines[0].unit_price"),
            (Self.body("A1", price: "9999999999999.99", qty: 99), "lines"),
            (Self.body("A1", price: "999999999999999"), "lines[0].unit_price"),
            (Self.body("bad number!"), "number"),
            (Self.body("A1").replacingOccurrences(of: "CNY", with: "USD"), "currency"),
            (Self.body("A1", extra: #","expires_at":"2001-01-01T00:00:00Z""#), "expires_at"),
            (Self.body("A1", extra: #","colour":"red""#), "colour"),
            (Self.body("A1", extra: #","note":"\#(String(repeating: "n", count: 501))""#), "note"),
            (Self.body("A1").replacingOccurrences(of: #""quantity":2"#, with: #""quantity":2.5"#), "lines[0].quantity"),
            (Self.body("A1").replacingOccurrences(of: #""type":"fees","#, with: ""), "type"),
        ]
        for (json, field) in cases {
            let r = try await w.call("POST", "/v1/orders", key: key, json: json)
            #expect(r.status == 422, "\(field): \(r.status) \(r.text)")
            let named = (Self.error(r)["field"] as? String) ?? ""
            #expect(named == field || r.errorMessage?.contains("\"\(field)\"") == true, "\(field): \(r.text)")
        }
        #expect(try await w.call("POST", "/v1/orders", key: key, json: "{nope").status == 400)
        #expect(try w.store.order(number: "A1") == nil)
        await w.stop()
    }

    @Test func aBatchIsAllOrNothingWithItsItems() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.integration)
        let bad = #"{"orders":[\#(Self.body("B1")),\#(Self.body("B2", price: "x")),\#(Self.body("B3"))]}"#
        let refused = try await w.call("POST", "/v1/orders:batch", key: key, json: bad)
        #expect(refused.status == 422, "\(refused.text)")
        let items = Self.error(refused)["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["index"] as? Int } == [1])
        #expect(items.first?["field"] as? String == "orders[1].lines[0].unit_price")
        #expect(try w.store.order(number: "B1") == nil)
        let good = #"{"orders":[\#(Self.body("B1")),\#(Self.body("B2")),\#(Self.body("B3"))]}"#
        let made = try await w.call("POST", "/v1/orders:batch", key: key, json: good)
        #expect(made.status == 201, "\(made.text)")
        #expect(made.json["created"] as? Int == 3)
        #expect(try await w.call("POST", "/v1/orders:batch", key: key, json: good).json["created"] as? Int == 0)
        await w.stop()
    }

    @Test func cancelListAndWhatAnIntegrationKeyMayNotDo() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.integration)
        _ = try await w.call("POST", "/v1/orders", key: key, json: Self.body("K1"))
        let cancelled = try await w.call("POST", "/v1/orders/K1/cancel", key: key, json: #"{"reason":"duplicate bill"}"#)
        #expect(cancelled.status == 200, "\(cancelled.text)")
        #expect(cancelled.json["status"] as? String == "cancelled")
        #expect(try await w.call("POST", "/v1/orders/K1/cancel", key: key, json: #"{"reason":""}"#).status == 422)
        let paid = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":["G001"],"method":"qr"}"#)
        #expect(paid.status == 403)
        #expect(try await w.call("POST", "/v1/refunds", key: key, json: #"{"order":"G001","amount":"1","reason":"x"}"#).status == 403)
        // A web key reads but does not create.
        let web = try w.key(.web)
        #expect(try await w.call("POST", "/v1/orders", key: web, json: Self.body("K2")).status == 403)
        #expect(try await w.call("GET", "/v1/orders/K1", key: web).status == 200)
        let page1 = try await w.call("GET", "/v1/orders?limit=4", key: key)
        #expect(page1.status == 200, "\(page1.text)")
        let first = (page1.json["orders"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
        #expect(first.count == 4)
        let cursor = try #require(page1.json["next_cursor"] as? String)
        let page2 = try await w.call("GET", "/v1/orders?limit=4&cursor=\(cursor)", key: key)
        let second = (page2.json["orders"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
        #expect(Set(first + second) == ["G001", "S002", "M003", "D004", "G005", "K1"])
        let only = try await w.call("GET", "/v1/orders?status=cancelled", key: key)
        #expect((only.json["orders"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == ["K1"])
        #expect(try await w.call("GET", "/v1/orders?status=lost", key: key).status == 422)
        #expect(try await w.call("GET", "/v1/orders?limit=0", key: key).status == 422)
        await w.stop()
    }

    @Test func unknownPathsAre404JSONAndUndeclaredMethods405() async throws {
        let w = try await ServeWorld()
        let nowhere = try await w.call("GET", "/v2/nothing")
        #expect(nowhere.status == 404)
        #expect(nowhere.errorCode == "not_found")
        let wrong = try await w.call("DELETE", "/v1/orders")
        #expect(wrong.status == 405)
        #expect(wrong.headers["allow"] == "GET, POST")
        #expect(try await w.call("PUT", "/health").status == 405)
        // Methods no route registers, on paths with parameters too: 405 naming what the path takes.
        for (method, path, allow) in [("TRACE", "/ready", "GET"), ("QUERY", "/v1/orders/G001/cancel", "POST"), ("PROPFIND", "/v1/refunds/7", "GET")] {
            let r = try await w.call(method, path)
            #expect(r.status == 405 && r.errorCode == "method_not_allowed" && r.headers["allow"] == allow, "\(method) \(path): \(r.status) \(r.text)")
        }
        #expect(try await w.call("QUERY", "/v1/orders/G001/cancel/more").status == 404)
        await w.stop()
    }

    @Test func aLongRefundReasonIsRefused() async throws {
        let w = try await ServeWorld()
        let id = try w.order("G001").id
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
        #expect(throws: CashierError.self) {
            _ = try w.engine.requestRefund(orderId: id, amount: 100, reason: String(repeating: "r", count: 100_000), by: "cashier")
        }
        #expect(try w.store.refundRequests(state: nil).isEmpty)
        await w.stop()
    }
}
