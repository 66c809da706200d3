import AlipayProtocol
import CashierCore
import Foundation
import Testing

/// Requests, responses and notifies signed by one side and checked by the other.
@Suite struct MessageTests {
    static let merchant = try! AlipaySigner(key: .init(keySize: .bits2048))
    static let platform = try! AlipaySigner(key: .init(keySize: .bits2048))
    let now: Millis = 1_790_000_000_000

    func builder() -> AlipayRequestBuilder {
        AlipayRequestBuilder(appID: "2021000000000001", signer: Self.merchant, notifyURL: "http://127.0.0.1:9/notify")
    }

    @Test func aRequestCarriesTheCommonParametersAndVerifies() throws {
        let biz = TradePayBiz(outTradeNo: "CSH42", authCode: "280000000000000001", subject: "Order", totalAmount: "12.30")
        let p = builder().parameters(method: AlipayMethod.pay, biz: biz, now: now)
        #expect(p["app_id"] == "2021000000000001" && p["sign_type"] == "RSA2" && p["charset"] == "utf-8")
        #expect(p["version"] == "1.0" && p["timestamp"] == AlipayTime.string(now))
        #expect(p["notify_url"] == "http://127.0.0.1:9/notify")
        #expect(p["biz_content"] == #"{"auth_code":"280000000000000001","out_trade_no":"CSH42","scene":"bar_code","subject":"Order","total_amount":"12.30"}"#)
        // Through the wire and back.
        let received = FormEncoding.decode(FormEncoding.encode(p))
        let request = try AlipayIncomingRequest.verified(received, verifier: Self.merchant.verifier)
        #expect(request.method == AlipayMethod.pay)
        #expect(try request.biz(TradePayBiz.self) == biz)
    }

    @Test func aTamperedOrForeignRequestIsRefused() throws {
        let biz = TradeRefBiz(outTradeNo: "CSH42")
        var p = builder().parameters(method: AlipayMethod.query, biz: biz, now: now)
        #expect(p["notify_url"] == nil, "only pay and precreate carry notify_url")
        #expect(throws: AlipayRequestError.signature(.mismatch)) {
            try AlipayIncomingRequest.verified(p, verifier: Self.platform.verifier)
        }
        p["biz_content"] = #"{"out_trade_no":"CSH43"}"#
        #expect(throws: AlipayRequestError.signature(.mismatch)) {
            try AlipayIncomingRequest.verified(p, verifier: Self.merchant.verifier)
        }
        p["sign"] = nil
        #expect(throws: AlipayRequestError.missing("sign")) {
            try AlipayIncomingRequest.verified(p, verifier: Self.merchant.verifier)
        }
    }

    @Test func aResponseIsVerifiedOverItsExactText() throws {
        var r = AlipayTradeResponse.success()
        r.tradeNo = "SBX000000000001"
        r.outTradeNo = "CSH42"
        r.totalAmount = "12.30"
        let body = AlipayResponse.body(method: AlipayMethod.pay, response: r, signer: Self.platform)
        #expect(body.hasPrefix("{\"alipay_trade_pay_response\":{"))
        #expect(try AlipayResponse.parse(body: body, method: AlipayMethod.pay, verifier: Self.platform.verifier) == r)

        // Another spelling of the same object (spaces, other key order) is not what was signed.
        let object = AlipayJSON.string(r)
        let sign = Self.platform.sign(object)
        let spaced = "{ \"sign\" : \"\(sign)\", \"alipay_trade_pay_response\" : \(object) }"
        #expect(try AlipayResponse.parse(body: spaced, method: AlipayMethod.pay, verifier: Self.platform.verifier) == r)
        let respelled = object.replacingOccurrences(of: ",", with: ", ")
        let resigned = "{\"alipay_trade_pay_response\":\(respelled),\"sign\":\"\(sign)\"}"
        #expect(throws: AlipayResponseError.signature(.mismatch)) {
            try AlipayResponse.parse(body: resigned, method: AlipayMethod.pay, verifier: Self.platform.verifier)
        }
    }

    @Test func aTamperedOrUnsignedResponseIsRefused() throws {
        var r = AlipayTradeResponse.success()
        r.totalAmount = "12.30"
        let body = AlipayResponse.body(method: AlipayMethod.query, response: r, signer: Self.platform)
        let v = Self.platform.verifier
        #expect(throws: AlipayResponseError.signature(.mismatch)) {
            try AlipayResponse.parse(body: body.replacingOccurrences(of: "12.30", with: "99.30"), method: AlipayMethod.query, verifier: v)
        }
        #expect(throws: AlipayResponseError.signature(.mismatch)) {
            try AlipayResponse.parse(body: body, method: AlipayMethod.query, verifier: Self.merchant.verifier)
        }
        let unsigned = "{\"alipay_trade_query_response\":\(AlipayJSON.string(r))}"
        #expect(throws: AlipayResponseError.signature(.missingSignature)) {
            try AlipayResponse.parse(body: unsigned, method: AlipayMethod.query, verifier: v)
        }
        #expect(throws: AlipayResponseError.missingObject("alipay_trade_pay_response")) {
            try AlipayResponse.parse(body: body, method: AlipayMethod.pay, verifier: v)
        }
        #expect(throws: AlipayResponseError.notJSON) {
            try AlipayResponse.parse(body: "<html>502 Bad Gateway</html>", method: AlipayMethod.query, verifier: v)
        }
    }

    @Test func braceInsideAStringDoesNotConfuseTheCut() throws {
        var r = AlipayTradeResponse.failure("ACQ.TRADE_NOT_EXIST", "no trade {\"x\"} here")
        r.outTradeNo = "CSH}{"
        let body = AlipayResponse.body(method: AlipayMethod.query, response: r, signer: Self.platform)
        #expect(try AlipayResponse.parse(body: body, method: AlipayMethod.query, verifier: Self.platform.verifier) == r)
    }

    @Test func aNotifyRoundTripsAndTamperingIsRefused() throws {
        let n = AlipayNotify(notifyID: "N1", notifyTime: now, appID: "2021000000000001", tradeNo: "SBX000000000001",
                             outTradeNo: "CSH42", tradeStatus: AlipayTradeStatus.success,
                             totalAmount: Money(minor: 1230, currency: .cny), gmtPayment: now - 1000)
        let form = try n.form(signer: Self.platform)
        #expect(form["total_amount"] == "12.30" && form["sign_type"] == "RSA2" && form["notify_type"] == "trade_status_sync")
        let received = FormEncoding.decode(FormEncoding.encode(form))
        #expect(try AlipayNotify.verified(received, verifier: Self.platform.verifier) == n)

        var forged = received
        forged["total_amount"] = "0.01"
        #expect(throws: AlipayNotifyError.signature(.mismatch)) { try AlipayNotify.verified(forged, verifier: Self.platform.verifier) }
        #expect(throws: AlipayNotifyError.signature(.mismatch)) { try AlipayNotify.verified(received, verifier: Self.merchant.verifier) }
        var unsigned = received
        unsigned["sign"] = nil
        #expect(throws: AlipayNotifyError.signature(.missingSignature)) { try AlipayNotify.verified(unsigned, verifier: Self.platform.verifier) }
    }

    @Test func beijingTimeBothWays() {
        // 2026-09-21 14:13:20 UTC is 22:13:20 in Beijing.
        #expect(AlipayTime.string(1_790_000_000_000) == "2026-09-21 22:13:20")
        #expect(AlipayTime.parse("2026-09-21 22:13:20") == 1_790_000_000_000)
        #expect(AlipayTime.string(0) == "1970-01-01 08:00:00")
        #expect(AlipayTime.parse("2024-02-29 00:00:00").map(AlipayTime.string) == "2024-02-29 00:00:00")
        #expect(AlipayTime.parse("2026-13-01 00:00:00") == nil)
        #expect(AlipayTime.parse("2026-09-21T22:13:20") == nil)
    }
}
