import CashierCore
import Foundation
import PaymentPlatform
import SandboxServer
import Testing
import WeChatPayProtocol

/// WeChat Pay v2 refunds through the real sandbox server: partial refunds (at most 50), retries
/// by out_refund_no, refundquery's statuses.
@Suite(.serialized) struct WeChatRefundTests {
    @Test func fiftyPartialRefundsEachOnceThenTheLimit() async throws {
        let s = try await LoopbackSandbox()
        #expect(try await s.micropay("CSHWR1", wechatCode(0, serial: 21), fee: 10_000)["result_code"] == "SUCCESS")
        for n in 1...50 {
            let r = try await s.wechatRefund("CSHWR1", "R\(n)", fee: 10, total: 10_000)
            #expect(r["result_code"] == "SUCCESS" && r["refund_fee"] == "10" && r["out_refund_no"] == "R\(n)")
        }
        // A retry with a number already used is answered, not paid again.
        let retry = try await s.wechatRefund("CSHWR1", "R7", fee: 10, total: 10_000)
        #expect(retry["result_code"] == "SUCCESS" && retry["refund_id"] == retry["transaction_id"].map { $0 + "R" + "R7" })
        let fiftyFirst = try await s.wechatRefund("CSHWR1", "R51", fee: 10, total: 10_000)
        #expect(fiftyFirst["result_code"] == "FAIL" && fiftyFirst["err_code"] == WeChatErrCode.invalidRequest)
        let trade = try #require(try s.sandbox.trade(tradeNo: "CSHWR1"))
        #expect(trade.refunded.minor == 500 && trade.refunds.count == 50)
        #expect(trade.refunds.filter { $0.refundNo == "R7" }.map(\.amount.minor) == [10])
        // The same number with another amount is refused.
        #expect(try await s.wechatRefund("CSHWR1", "R8", fee: 20, total: 10_000)["err_code"] == WeChatErrCode.invalidRequest)
        #expect(try await s.orderQuery("CSHWR1")["trade_state"] == WeChatTradeState.refund)
        // refundquery by trade lists them all; by refund number or refund_id, one.
        let all = try await s.wechat(WeChatEndpoint.refundQuery, ["out_trade_no": "CSHWR1"])
        #expect(all["refund_count"] == "50" && all["refund_status_49"] == WeChatRefundStatus.success)
        let one = try await s.wechat(WeChatEndpoint.refundQuery, ["out_refund_no": "R7"])
        #expect(one["refund_count"] == "1" && one["out_refund_no_0"] == "R7" && one["refund_fee_0"] == "10")
        let byID = try await s.wechat(WeChatEndpoint.refundQuery, ["refund_id": try #require(one["refund_id_0"])])
        #expect(byID["out_refund_no_0"] == "R7")
        #expect(try await s.wechat(WeChatEndpoint.refundQuery, ["out_refund_no": "NOPE"])["err_code"] == WeChatErrCode.refundNotExist)
        await s.stop()
    }

    @Test func refundsBeyondThePaymentOrOfUnpaidOrdersAreRefused() async throws {
        let s = try await LoopbackSandbox()
        #expect(try await s.micropay("CSHWR2", wechatCode(0, serial: 22))["result_code"] == "SUCCESS")
        #expect(try await s.wechatRefund("CSHWR2", "A", fee: 4_561)["err_code"] == WeChatErrCode.invalidRequest)
        #expect(try await s.wechatRefund("CSHWR2", "A", fee: 100, total: 4_000)["err_code"] == WeChatErrCode.paramError)
        #expect(try await s.wechatRefund("CSHWR2", "A", fee: 0)["err_code"] == WeChatErrCode.paramError)
        #expect(try await s.wechatRefund("CSHWR2", "A", fee: 4_560)["result_code"] == "SUCCESS")
        #expect(try await s.wechatRefund("CSHWR2", "B", fee: 1)["err_code"] == WeChatErrCode.invalidRequest)
        #expect(try await s.wechatRefund("NOSUCH", "A", fee: 1)["err_code"] == WeChatErrCode.orderNotExist)
        _ = try await s.micropay("CSHWR3", wechatCode(4, serial: 23))
        #expect(try await s.wechatRefund("CSHWR3", "A", fee: 1)["err_code"] == WeChatErrCode.tradeStateError)
        await s.stop()
    }

    @Test func refundQueryStatuses() async throws {
        // Real time: a busy machine must not let the 8 s pass before the first query.
        let s = try await LoopbackSandbox(timeScale: 1)
        // 6: refunds stay PROCESSING for 8 s, then SUCCESS.
        #expect(try await s.micropay("CSHWR4", wechatCode(6, serial: 24))["result_code"] == "SUCCESS")
        #expect(try await s.wechatRefund("CSHWR4", "S1", fee: 100)["result_code"] == "SUCCESS")
        #expect(try await s.wechat(WeChatEndpoint.refundQuery, ["out_refund_no": "S1"])["refund_status_0"] == WeChatRefundStatus.processing)
        let landed = await eventually {
            try? await s.wechat(WeChatEndpoint.refundQuery, ["out_refund_no": "S1"])["refund_status_0"] == WeChatRefundStatus.success ? true : nil
        }
        #expect(landed == true)
        // 7: each refund number's first attempt is declined (NOTENOUGH) and shows REFUNDCLOSE; the retry succeeds.
        #expect(try await s.micropay("CSHWR5", wechatCode(7, serial: 25))["result_code"] == "SUCCESS")
        #expect(try await s.wechatRefund("CSHWR5", "F1", fee: 100)["err_code"] == WeChatErrCode.notEnough)
        #expect(try await s.wechat(WeChatEndpoint.refundQuery, ["out_refund_no": "F1"])["refund_status_0"] == WeChatRefundStatus.refundClose)
        #expect(try await s.wechatRefund("CSHWR5", "F1", fee: 100)["result_code"] == "SUCCESS")
        #expect(try await s.wechat(WeChatEndpoint.refundQuery, ["out_refund_no": "F1"])["refund_status_0"] == WeChatRefundStatus.success)
        await s.stop()
    }
}

/// Requests the gateway refuses as such: WeChat's own XML answer, HTTP 200, never an error page.
@Suite(.serialized) struct WeChatRefusalTests {
    @Test func refusedRequestsGetReturnCodeFail() async throws {
        let s = try await LoopbackSandbox()
        let query = ["out_trade_no": "CSHWX1"]
        func refusal(_ status: Int, _ text: String) -> String? {
            #expect(status == 200)
            let f = xmlFields(text)
            #expect(f["return_code"] == "FAIL" && f["sign"] == nil && !(f["return_msg"] ?? "").isEmpty)
            return f["err_code"]
        }
        let (s1, wrongKey) = try await s.wechatRaw(WeChatEndpoint.orderQuery, query, key: WeChatKey(apiKey: String(repeating: "x", count: 32)))
        #expect(refusal(s1, wrongKey) == WeChatErrCode.signError)
        let (s2, strangerMch) = try await s.wechatRaw(WeChatEndpoint.orderQuery, ["out_trade_no": "CSHWX1", "mch_id": "1900000000"])
        #expect(refusal(s2, strangerMch) == WeChatErrCode.mchIDNotExist)
        let (s3, strangerApp) = try await s.wechatRaw(WeChatEndpoint.orderQuery, ["out_trade_no": "CSHWX1", "appid": "wx0000000000000000"])
        #expect(refusal(s3, strangerApp) == WeChatErrCode.appIDMchIDNotMatch)
        let (s4, noNonce) = try await loopbackPost(s.base + WeChatEndpoint.orderQuery, body: WeChatMessage.signedBody(
            ["appid": s.merchant.appID, "mch_id": s.merchant.mchID, "out_trade_no": "CSHWX1"], key: s.merchant.key, type: .md5))
        #expect(refusal(s4, noNonce) == WeChatErrCode.lackParams)
        let (s5, notXML) = try await loopbackPost(s.base + WeChatEndpoint.micropay, body: "out_trade_no=CSHWX1")
        #expect(refusal(s5, notXML) == WeChatErrCode.xmlFormatError)
        let (s6, sha1) = try await s.wechatRaw(WeChatEndpoint.orderQuery, ["out_trade_no": "CSHWX1", "sign_type": "SHA1"])
        #expect(refusal(s6, sha1) == WeChatErrCode.signError)
        // A tampered request: signed, then one field changed on the way.
        let signed = WeChatMessage.signedBody(["appid": s.merchant.appID, "mch_id": s.merchant.mchID, "nonce_str": "n1",
                                               "out_trade_no": "CSHWX1"], key: s.merchant.key, type: .md5)
        let (s7, tampered) = try await loopbackPost(s.base + WeChatEndpoint.orderQuery,
                                                    body: signed.replacingOccurrences(of: "CSHWX1", with: "CSHWX2"))
        #expect(refusal(s7, tampered) == WeChatErrCode.signError)
        let (s8, get) = try await loopbackGet(s.base + WeChatEndpoint.micropay)
        #expect(refusal(s8, get) == "REQUIRE_POST_METHOD")
        // Nothing of it reached the ledger.
        #expect(try s.sandbox.trade(tradeNo: "CSHWX1") == nil)
        await s.stop()
    }
}
