import CashierCore
import Foundation
import Hummingbird
import NIOCore
import SandboxServer
import Testing
import WeChatPayProtocol

/// Talking WeChat Pay v2 to the in-process sandbox server, as a merchant would.
extension LoopbackSandbox {
    var merchant: WeChatMerchant { server.wechat.merchant }

    /// The request signed with the merchant's key, POSTed as XML; the raw answer.
    func wechatRaw(_ endpoint: String, _ fields: [String: String], type: WeChatSignType = .md5,
                   key: WeChatKey? = nil) async throws -> (Int, String) {
        var f = ["appid": merchant.appID, "mch_id": merchant.mchID, "nonce_str": WeChatNonce.make()]
        for (k, v) in fields { f[k] = v }
        return try await loopbackPost(base + endpoint, body: WeChatMessage.signedBody(f, key: key ?? merchant.key, type: type),
                                      contentType: "text/xml")
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

/// A WeChat notify receiver: records each raw body and answers what `answer` says (by default
/// WeChat's success XML).
final class XMLNotifyRecorder: @unchecked Sendable {
    static let success = "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
    private let lock = NSLock()
    private var bodies: [String] = []
    private(set) var running: RunningServer!

    var url: String { "http://127.0.0.1:\(running.port)/notify/wechat" }
    var received: [String] { lock.withLock { bodies } }

    init(answer: @escaping @Sendable (_ body: String, _ count: Int) -> String = { _, _ in XMLNotifyRecorder.success }) async throws {
        let router = Router()
        router.post("/notify/wechat") { [self] request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let count = lock.withLock { bodies.append(body); return bodies.count }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: answer(body, count))))
        }
        let responder = router.buildResponder()
        running = try await RunningServer.start { ready in
            let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { await ready($0.localAddress?.port ?? 0) }, logger: quietLogger)
            try await app.run()
        }
    }

    func stop() async { await running.stop() }

    @discardableResult
    func wait(seconds: Double = 60, until condition: ([String]) -> Bool) async -> [String] {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let now = received
            if condition(now) { return now }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return received
    }
}
