import CashierCore
import Foundation
import PaymentPlatform
import SandboxServer
import Testing
import WeChatPayProtocol

/// WeChat Pay v2 code payments through the real sandbox server on 127.0.0.1: micropay,
/// orderquery and reverse, with the last-digit behaviours of the embedded sandbox.
@Suite(.serialized) struct WeChatPaymentTests {
    @Test func aCodePaymentSucceedsAndIsPaidOnce() async throws {
        let s = try await LoopbackSandbox()
        let paid = try await s.micropay("CSHW1", wechatCode(0, serial: 1))
        #expect(paid["result_code"] == "SUCCESS" && paid["trade_type"] == "MICROPAY")
        #expect(paid["total_fee"] == "4560" && paid["out_trade_no"] == "CSHW1" && paid["time_end"]?.count == 14)
        let transactionID = try #require(paid["transaction_id"])
        let q = try await s.orderQuery("CSHW1")
        #expect(q["trade_state"] == WeChatTradeState.success && q["transaction_id"] == transactionID)
        // By the platform's number as well.
        let byID = try await s.wechat(WeChatEndpoint.orderQuery, ["transaction_id": transactionID])
        #expect(byID["out_trade_no"] == "CSHW1")
        // The same order again: ORDERPAID (the merchant confirms by a query), never a second payment.
        let again = try await s.micropay("CSHW1", wechatCode(0, serial: 1))
        #expect(again["result_code"] == "FAIL" && again["err_code"] == WeChatErrCode.orderPaid)
        #expect(try s.sandbox.trade(tradeNo: "CSHW1")?.amount.minor == 4_560)
        // A payment code pays once.
        let reused = try await s.micropay("CSHW2", wechatCode(0, serial: 1))
        #expect(reused["err_code"] == WeChatErrCode.authCodeExpire)
        #expect(try s.sandbox.trade(tradeNo: "CSHW2") == nil)
        await s.stop()
    }

    @Test func hmacSHA256RequestsGetHMACSHA256Answers() async throws {
        let s = try await LoopbackSandbox()
        let (_, text) = try await s.wechatRaw(WeChatEndpoint.micropay, ["body": "Order", "out_trade_no": "CSHW3", "total_fee": "100",
                                                                       "spbill_create_ip": "127.0.0.1", "auth_code": wechatCode(0, serial: 3)],
                                              type: .hmacSHA256)
        let f = try WeChatMessage.verifiedAnswer(text, key: s.merchant.key, type: .hmacSHA256, appID: s.merchant.appID, mchID: s.merchant.mchID)
        #expect(f["result_code"] == "SUCCESS" && f["sign_type"] == "HMAC-SHA256")
        #expect(throws: WeChatAnswerError.signature(.mismatch)) {
            try WeChatMessage.verifiedAnswer(text, key: s.merchant.key, type: .md5, appID: s.merchant.appID, mchID: s.merchant.mchID)
        }
        await s.stop()
    }

    @Test func userPayingThenPaid() async throws {
        let s = try await LoopbackSandbox()
        let first = try await s.micropay("CSHW4", wechatCode(1, serial: 4))
        #expect(first["result_code"] == "FAIL" && first["err_code"] == WeChatErrCode.userPaying)
        // Ten seconds of password typing, scaled by 0.01 (the query while it lasts: the reverse test).
        let state = await eventually { try? await s.orderQuery("CSHW4")["trade_state"] == WeChatTradeState.success ? true : nil }
        #expect(state == true)
        await s.stop()
    }

    @Test func unknownResultsAreSystemErrorAndBankErrorAndTheQueryTells() async throws {
        let s = try await LoopbackSandbox()
        let lostSuccess = try await s.micropay("CSHW5", wechatCode(3, serial: 5))
        #expect(lostSuccess["result_code"] == "FAIL" && lostSuccess["err_code"] == WeChatErrCode.systemError)
        #expect(try await s.orderQuery("CSHW5")["trade_state"] == WeChatTradeState.success)
        let lostFailure = try await s.micropay("CSHW6", wechatCode(5, serial: 6))
        #expect(lostFailure["err_code"] == WeChatErrCode.bankError)
        #expect(try await s.orderQuery("CSHW6")["trade_state"] == WeChatTradeState.payError)
        await s.stop()
    }

    @Test func finalRefusals() async throws {
        let s = try await LoopbackSandbox()
        let poor = try await s.micropay("CSHW7", wechatCode(2, serial: 7))
        #expect(poor["result_code"] == "FAIL" && poor["err_code"] == WeChatErrCode.notEnough)
        #expect(try await s.orderQuery("CSHW7")["trade_state"] == WeChatTradeState.payError)
        // An Alipay code, or digits of no platform, at WeChat's till.
        for code in ["280000000000000010", "99887766"] {
            let f = try await s.micropay("CSHW8", code)
            #expect(f["err_code"] == WeChatErrCode.authCodeInvalid)
        }
        #expect(try await s.orderQuery("CSHW8")["err_code"] == WeChatErrCode.orderNotExist)
        // Fen, strictly.
        let yuan = try await s.wechat(WeChatEndpoint.micropay, ["body": "Order", "out_trade_no": "CSHW9", "total_fee": "45.60",
                                                                "spbill_create_ip": "127.0.0.1", "auth_code": wechatCode(0, serial: 9)])
        #expect(yuan["err_code"] == WeChatErrCode.paramError)
        let missing = try await s.wechat(WeChatEndpoint.micropay, ["body": "Order", "out_trade_no": "CSHW9", "total_fee": "100",
                                                                   "spbill_create_ip": "127.0.0.1"])
        #expect(missing["result_code"] == "FAIL" && missing["err_code"] == WeChatErrCode.lackParams)
        await s.stop()
    }

    @Test func aReverseWhileTheCustomerPaysAsksToBeCalledAgainTwice() async throws {
        // Real time: the platform's own revoke (45 s) must not come first on a busy machine.
        let s = try await LoopbackSandbox(timeScale: 1)
        #expect(try await s.micropay("CSHW10", wechatCode(4, serial: 10))["err_code"] == WeChatErrCode.userPaying)
        #expect(try await s.orderQuery("CSHW10")["trade_state"] == WeChatTradeState.userPaying)
        let recalls = [try await s.wechat(WeChatEndpoint.reverse, ["out_trade_no": "CSHW10"]),
                       try await s.wechat(WeChatEndpoint.reverse, ["out_trade_no": "CSHW10"])]
        for r in recalls { #expect(r["result_code"] == "FAIL" && r["err_code"] == WeChatErrCode.systemError && r["recall"] == "Y") }
        let done = try await s.wechat(WeChatEndpoint.reverse, ["out_trade_no": "CSHW10"])
        #expect(done["result_code"] == "SUCCESS" && done["recall"] == "N")
        #expect(try await s.orderQuery("CSHW10")["trade_state"] == WeChatTradeState.revoked)
        #expect(try await s.micropay("CSHW10", wechatCode(4, serial: 10))["err_code"] == WeChatErrCode.orderReversed)
        // A paid trade reversed: the money goes back at once.
        #expect(try await s.micropay("CSHW11", wechatCode(0, serial: 11))["result_code"] == "SUCCESS")
        let back = try await s.wechat(WeChatEndpoint.reverse, ["out_trade_no": "CSHW11"])
        #expect(back["result_code"] == "SUCCESS" && back["recall"] == "N")
        #expect(try s.sandbox.trade(tradeNo: "CSHW11")?.reversed == true)
        await s.stop()
    }

    @Test func anUnpaidCodePaymentIsRevokedByThePlatformAfter45Seconds() async throws {
        let s = try await LoopbackSandbox()
        #expect(try await s.micropay("CSHW12", wechatCode(4, serial: 12))["err_code"] == WeChatErrCode.userPaying)
        // 45 s scaled by 0.01 (the state before it: the reverse test, in real time).
        try await Task.sleep(nanoseconds: 600_000_000)
        #expect(try await s.orderQuery("CSHW12")["trade_state"] == WeChatTradeState.revoked)
        #expect(try s.sandbox.trade(tradeNo: "CSHW12")?.status == .closed)
        await s.stop()
    }

    @Test func nativeOrdersWaitForTheScanAndClose() async throws {
        let s = try await LoopbackSandbox()
        let order = ["body": "Order", "out_trade_no": "CSHW13", "total_fee": "4560", "spbill_create_ip": "127.0.0.1",
                     "notify_url": "http://127.0.0.1:9/notify", "trade_type": "NATIVE"]
        let created = try await s.wechat(WeChatEndpoint.unifiedOrder, order)
        #expect(created["result_code"] == "SUCCESS" && created["code_url"] == "weixin://wxpay/bizpayurl?pr=CSHW13")
        #expect(try await s.orderQuery("CSHW13")["trade_state"] == WeChatTradeState.notPay)
        #expect(try await s.wechat(WeChatEndpoint.closeOrder, ["out_trade_no": "CSHW13"])["result_code"] == "SUCCESS")
        #expect(try await s.orderQuery("CSHW13")["trade_state"] == WeChatTradeState.closed)
        #expect(try await s.wechat(WeChatEndpoint.unifiedOrder, order)["err_code"] == WeChatErrCode.orderClosed)
        var jsapi = order
        jsapi["trade_type"] = "JSAPI"
        jsapi["out_trade_no"] = "CSHW14"
        #expect(try await s.wechat(WeChatEndpoint.unifiedOrder, jsapi)["err_code"] == WeChatErrCode.paramError)
        // A paid NATIVE order cannot be closed.
        var paid = order
        paid["out_trade_no"] = "CSHW15"
        _ = try await s.wechat(WeChatEndpoint.unifiedOrder, paid)
        #expect(try await s.admin("/sandbox/scan?trade_no=CSHW15").0 == 200)
        #expect(try await s.orderQuery("CSHW15")["trade_state"] == WeChatTradeState.success)
        #expect(try await s.wechat(WeChatEndpoint.closeOrder, ["out_trade_no": "CSHW15"])["err_code"] == WeChatErrCode.orderPaid)
        #expect(try await s.wechat(WeChatEndpoint.unifiedOrder, paid)["err_code"] == WeChatErrCode.orderPaid)
        await s.stop()
    }

    @Test func anOutageIsATransportFailure() async throws {
        let s = try await LoopbackSandbox()
        _ = try await s.admin("/sandbox/outage?seconds=30")
        let (status, _) = try await s.wechatRaw(WeChatEndpoint.orderQuery, ["out_trade_no": "CSHW16"])
        #expect(status == 503)
        await s.stop()
    }
}
