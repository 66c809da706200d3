import CashierCore
import Foundation
import SandboxServer
import Testing
import WeChatPayProtocol

/// Talking WeChat Pay v2 to the in-process sandbox server, as a merchant would.
extension LoopbackSandbox {
    var merchant: WeChatMerchant { server.wechat.merchant }

    /// The request signed with the merchant's key, POSTed as XML; the raw answer. A generous
    /// deadline: the whole suite runs in parallel on a busy machine.
    func wechatRaw(_ endpoint: String, _ fields: [String: String], type: WeChatSignType = .md5,
                   key: WeChatKey? = nil) async throws -> (Int, String) {
        var f = ["appid": merchant.appID, "mch_id": merchant.mchID, "nonce_str": WeChatNonce.make()]
        for (k, v) in fields { f[k] = v }
        return try await loopbackPost(base + endpoint, body: WeChatMessage.signedBody(f, key: key ?? merchant.key, type: type),
                                      contentType: "text/xml", timeoutSeconds: 120)
    }

    /// The answer's fields, its signature (under the request's sign type), appid and mch_id checked.
    func wechat(_ endpoint: String, _ fields: [String: String], type: WeChatSignType = .md5) async throws -> [String: String] {
        let (status, text) = try await wechatRaw(endpoint, fields, type: type)
        #expect(status == 200)
        return try WeChatMessage.verifiedAnswer(text, key: merchant.key, type: type, appID: merchant.appID, mchID: merchant.mchID)
    }

    func micropay(_ tradeNo: String, _ code: String, fee: Int64 = 4_560) async throws -> [String: String] {
        try await wechat(WeChatEndpoint.micropay, ["body": "Order", "out_trade_no": tradeNo, "total_fee": String(fee),
                                                   "spbill_create_ip": "127.0.0.1", "auth_code": code])
    }

    func orderQuery(_ tradeNo: String) async throws -> [String: String] {
        try await wechat(WeChatEndpoint.orderQuery, ["out_trade_no": tradeNo])
    }

    func wechatRefund(_ tradeNo: String, _ refundNo: String, fee: Int64, total: Int64 = 4_560,
                      notifyURL: String? = nil) async throws -> [String: String] {
        var f = ["out_trade_no": tradeNo, "out_refund_no": refundNo, "total_fee": String(total), "refund_fee": String(fee)]
        if let notifyURL { f["notify_url"] = notifyURL }
        return try await wechat(WeChatEndpoint.refund, f)
    }
}

/// WeChat payment codes by last digit: 18 digits starting 13, `serial` keeps them apart.
func wechatCode(_ digit: Int, serial: Int = 0) -> String { "13" + String(format: "%015d", serial) + String(digit) }

/// The fields of an unsigned answer (a refusal), or of anything XML.
func xmlFields(_ text: String) -> [String: String] { (try? WeChatXML.parse(text).fields) ?? [:] }

extension BodyRecorder {
    static let wechatSuccess = "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"

    /// A WeChat notify receiver at /notify/wechat, by default answering WeChat's success XML.
    static func wechat(answer: @escaping @Sendable (_ body: String, _ count: Int) -> String = { _, _ in wechatSuccess }) async throws -> BodyRecorder {
        try await BodyRecorder(path: "/notify/wechat", answer: answer)
    }
}
