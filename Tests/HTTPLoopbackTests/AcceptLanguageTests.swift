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
}
