import Foundation
import Testing

/// The channel API's error `code` stays language-neutral; its `message` follows Accept-Language.
@Suite struct AcceptLanguageTests {
    @Test func theMessageFollowsAcceptLanguageAndTheCodeDoesNot() async throws {
        let w = try await ServeWorld()
        let key = try w.key()
        let plain = try await w.call("GET", "/v1/orders/NOPE1", key: key)
        #expect(plain.status == 404 && plain.errorCode == "not_found")
        #expect(plain.errorMessage == "There is no order NOPE1: check the number.")
        #expect(plain.headers["content-language"] == "en")

        let zh = try await w.call("GET", "/v1/orders/NOPE1", key: key, headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"])
        #expect(zh.status == 404 && zh.errorCode == "not_found")
        #expect(zh.errorMessage == "没有订单 NOPE1：请核对订单号。", "\(zh.text)")
        #expect(zh.headers["content-language"] == "zh")

        let preferEnglish = try await w.call("POST", "/v1/payments", key: key, json: #"{"orders":[]}"#,
                                             headers: ["Accept-Language": "zh;q=0.5, en-GB"])
        #expect(preferEnglish.errorCode == "invalid")
        #expect(preferEnglish.errorMessage == "Field \"orders\" is empty: list at least one order number.", "\(preferEnglish.text)")
        let unauthorized = try await w.call("GET", "/v1/orders/G001", headers: ["Accept-Language": "zh"])
        #expect(unauthorized.status == 401 && unauthorized.errorCode == "unauthorized")
        #expect(unauthorized.errorMessage?.hasPrefix("需要有效的 API 密钥") == true, "\(unauthorized.text)")
        await w.stop()
    }

    /// The store's, the core's and the order intake's refusals follow Accept-Language as well;
    /// their codes and fields do not.
    @Test func refusalsOfTheStoreAndTheOrderIntakeInBothLanguages() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.integration)
        let zh = ["Accept-Language": "zh-CN"]
        func body(_ number: String, currency: String = "CNY", qty: Int = 1) -> String {
            #"{"number":"\#(number)","type":"fees","currency":"\#(currency)","lines":[{"name":"Term fee","quantity":\#(qty),"unit_price":"1.00"}]}"#
        }
        #expect(try await w.call("POST", "/v1/orders", key: key, json: body("LANG-1")).status == 201)
        #expect(try await w.call("POST", "/v1/orders/LANG-1/cancel", key: key, json: #"{"reason":"late"}"#).status == 200)
        let again = try await w.call("POST", "/v1/orders/LANG-1/cancel", key: key, json: #"{"reason":"late"}"#)
        #expect(again.status == 409 && again.errorCode == "conflict")
        #expect(again.errorMessage == "Order LANG-1 is cancelled already: only an unpaid order can be cancelled.", "\(again.text)")
        let againZh = try await w.call("POST", "/v1/orders/LANG-1/cancel", key: key, json: #"{"reason":"late"}"#, headers: zh)
        #expect(againZh.status == 409 && againZh.errorCode == "conflict")
        #expect(againZh.errorMessage == "订单 LANG-1 的状态已是“已取消”：只有待支付的订单才能取消。", "\(againZh.text)")

        let currency = try await w.call("POST", "/v1/orders", key: key, json: body("LANG-2", currency: "cny"), headers: zh)
        #expect(currency.status == 422 && currency.errorCode == "invalid" && (currency.json["error"] as? [String: Any])?["field"] as? String == "currency")
        #expect(currency.errorMessage == "字段“currency”不是 CNY 这样的币种代码。", "\(currency.text)")
        let quantity = try await w.call("POST", "/v1/orders", key: key, json: body("LANG-3", qty: 0), headers: zh)
        #expect(quantity.status == 422 && quantity.errorMessage == "第 1 行的数量 0 不在 1 到 100000 之间：请发送这个范围内的整数。", "\(quantity.text)")
        let batch = try await w.call("POST", "/v1/orders:batch", key: key, json: #"{"orders":[\#(body("LANG-4", qty: 0))]}"#, headers: zh)
        let error = batch.json["error"] as? [String: Any] ?? [:]
        let items = error["items"] as? [[String: Any]] ?? []
        #expect(batch.status == 422 && error["message"] as? String == "1 张订单被拒绝，一张也没有创建：请修正列出的各项。", "\(batch.text)")
        #expect(items.first?["field"] as? String == "orders[0].lines[0].quantity", "\(batch.text)")
        #expect(items.first?["message"] as? String == "第 1 行的数量 0 不在 1 到 100000 之间：请发送这个范围内的整数。", "\(batch.text)")
        let batchEn = try await w.call("POST", "/v1/orders:batch", key: key, json: #"{"orders":[\#(body("LANG-4", qty: 0))]}"#)
        #expect(batchEn.errorMessage == "1 order is refused and none was created: fix the listed items.", "\(batchEn.text)")
        await w.stop()
    }
}
