import AlipayProtocol
import CashierCore
import Foundation
import PaymentPlatform
import SandboxServer
import Testing
import WeChatPayProtocol

/// WeChat Pay's notifications from the sandbox server: the signed payment notify of a NATIVE
/// order paid by scan, retried on WeChat's schedule until the answer's return_code is SUCCESS,
/// and the refund notify with its encrypted req_info.
@Suite(.serialized) struct WeChatNotifyTests {
    func order(_ s: LoopbackSandbox, _ tradeNo: String, notifyURL: String) async throws {
        let created = try await s.wechat(WeChatEndpoint.unifiedOrder, ["body": "Order", "out_trade_no": tradeNo, "total_fee": "4560",
                                                                       "spbill_create_ip": "127.0.0.1", "notify_url": notifyURL,
                                                                       "trade_type": "NATIVE"])
        #expect(created["result_code"] == "SUCCESS")
    }

    @Test func aScannedNativeOrderIsAnnouncedSignedOnce() async throws {
        let receiver = try await BodyRecorder.wechat()
        let s = try await LoopbackSandbox()
        try await order(s, "CSHWN1", notifyURL: receiver.url)
        // Nothing while it waits for the customer.
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(receiver.received.isEmpty)
        // What `cashier sandbox scan CSHWN1` does against a sandbox server.
        #expect(try await s.admin("/sandbox/scan?trade_no=CSHWN1").0 == 200)
        let bodies = await receiver.wait { !$0.isEmpty }
        let fields = try WeChatXML.parse(try #require(bodies.first)).fields
        try s.merchant.key.verify(fields, type: .md5)
        #expect(fields["return_code"] == "SUCCESS" && fields["result_code"] == "SUCCESS")
        #expect(fields["appid"] == s.merchant.appID && fields["mch_id"] == s.merchant.mchID)
        #expect(fields["out_trade_no"] == "CSHWN1" && fields["total_fee"] == "4560" && fields["trade_type"] == "NATIVE")
        #expect(fields["transaction_id"] == (try s.sandbox.trade(tradeNo: "CSHWN1"))?.platformTradeNo)
        let delivered = await eventually { try? s.sandbox.notices(tradeNo: "CSHWN1").first { $0.state == .delivered } }
        #expect(delivered?.attempts == 1 && delivered?.protocol == .wechat)
        // A full refund, or a close, is no payment notify of WeChat's.
        _ = try await s.wechatRefund("CSHWN1", "R1", fee: 4_560)
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(receiver.received.count == 1)
        await s.stop()
        await receiver.stop()
    }

    @Test func retriedOnWeChatsScheduleUntilReturnCodeSuccess() async throws {
        // FAIL, then not XML, then SUCCESS: three attempts, 15 s and 15 s apart (scaled by 0.001).
        let receiver = try await BodyRecorder.wechat { _, count in
            [WeChatMessage.refusalBody("busy"), "success", BodyRecorder.wechatSuccess][min(count, 3) - 1]
        }
        let s = try await LoopbackSandbox(timeScale: 0.001)
        try await order(s, "CSHWN2", notifyURL: receiver.url)
        _ = try await s.admin("/sandbox/scan?trade_no=CSHWN2")
        let bodies = await receiver.wait { $0.count >= 3 }
        #expect(bodies.count == 3)
        let notice = await eventually { try? s.sandbox.notices(tradeNo: "CSHWN2").first { $0.state == .delivered } }
        #expect(notice?.attempts == 3)
        await s.stop()
        await receiver.stop()
    }

    @Test func theScheduleIsWeChats() {
        let s = WeChatNotifySchedule.retrySeconds
        #expect(Array(s.prefix(7)) == [15, 15, 30, 180, 600, 1200, 1800])
        let total: Double = s.reduce(0, +)
        #expect(total == 86_640, "24 h 4 min in all")
        #expect(WeChatNotifySchedule.retryAt(after: 1, now: 0, timeScale: TimeScale(1)) == 15_000)
        #expect(WeChatNotifySchedule.retryAt(after: 16, now: 0, timeScale: TimeScale(1)) == nil)
    }

    @Test func aRestartCarriesOnWithWeChatsNotify() async throws {
        // Refused while the first server runs, accepted once a second one took over its file.
        let accepting = LockedFlag()
        let receiver = try await BodyRecorder.wechat { _, _ in
            accepting.value ? BodyRecorder.wechatSuccess : WeChatMessage.refusalBody("not yet")
        }
        let first = try await LoopbackSandbox(timeScale: 0.001)
        try await order(first, "CSHWN4", notifyURL: receiver.url)
        _ = try await first.admin("/sandbox/scan?trade_no=CSHWN4")
        let refused = await eventually { try? first.sandbox.notices(tradeNo: "CSHWN4").first { $0.attempts >= 1 } }
        #expect(refused?.state == .pending && refused?.protocol == .wechat)
        await first.stop()
        let before = receiver.received.count
        accepting.value = true
        let second = try await LoopbackSandbox(timeScale: 0.001, dir: first.dir)
        let delivered = await eventually { try? second.sandbox.notices(tradeNo: "CSHWN4").first { $0.state == .delivered } }
        #expect(delivered != nil)
        let fields = try WeChatXML.parse(try #require(receiver.received.last)).fields
        try second.merchant.key.verify(fields)
        #expect(receiver.received.count > before && fields["out_trade_no"] == "CSHWN4" && fields["result_code"] == "SUCCESS")
        await second.stop()
        await receiver.stop()
    }

    @Test func aWeChatCodePaidThroughTheAlipayGatewayIsAnnouncedAsAlipayAnnounces() async throws {
        let receiver = try await NotifyRecorder()
        let s = try await LoopbackSandbox()
        let client = try s.client(notifyURL: receiver.url)
        let code = try PaymentCode(wechatCode(0, serial: 41))
        guard case .succeeded = await client.pay(PayRequest(tradeNo: "CSHWN5", amount: Money(minor: 4_560, currency: .cny),
                                                            subject: "Order", mode: .code(code))) else { Issue.record("pay"); return }
        let forms = await receiver.wait { !$0.isEmpty }
        let n = try AlipayNotify.verified(try #require(forms.first), verifier: try s.keys.platformVerifier())
        #expect(n.outTradeNo == "CSHWN5" && n.tradeStatus == AlipayTradeStatus.success)
        #expect(try s.sandbox.trade(tradeNo: "CSHWN5")?.platform == .wechat)
        await s.stop()
        await receiver.stop()
    }

    @Test func aLandedRefundIsAnnouncedEncrypted() async throws {
        let receiver = try await BodyRecorder.wechat()
        let s = try await LoopbackSandbox()
        // 6: the refund stays processing for 8 s (scaled) and is announced once it lands.
        #expect(try await s.micropay("CSHWN3", wechatCode(6, serial: 31))["result_code"] == "SUCCESS")
        #expect(try await s.wechatRefund("CSHWN3", "RN1", fee: 1_000, notifyURL: receiver.url)["result_code"] == "SUCCESS")
        let bodies = await receiver.wait { !$0.isEmpty }
        let outer = try WeChatXML.parse(try #require(bodies.first)).fields
        #expect(outer["return_code"] == "SUCCESS" && outer["appid"] == s.merchant.appID && outer["mch_id"] == s.merchant.mchID)
        #expect(outer["sign"] == nil, "the refund notify is proved by its encryption, as WeChat's")
        let info = try RefundInfo.decrypt(try #require(outer["req_info"]), apiKey: s.merchant.apiKey)
        #expect(info["out_trade_no"] == "CSHWN3" && info["out_refund_no"] == "RN1" && info["refund_fee"] == "1000")
        #expect(info["refund_status"] == WeChatRefundStatus.success && info["total_fee"] == "4560")
        #expect(throws: RefundInfo.Error.self) { try RefundInfo.decrypt(outer["req_info"]!, apiKey: String(repeating: "k", count: 32)) }
        #expect(try s.sandbox.trade(tradeNo: "CSHWN3")?.refunds.first?.status == .succeeded)
        await s.stop()
        await receiver.stop()
    }
}

/// keys/wechat.toml and keys/alipay.toml: made on first start, kept after, and the only
/// merchant and app each gateway accepts.
@Suite(.serialized) struct MerchantFileTests {
    @Test func theWeChatMerchantFileIsMadeOnceWithMode0600() async throws {
        let keys = loopbackTempDir("merchant")
        let (merchant, created) = try WeChatMerchant.ensure(path: WeChatMerchant.path(inKeys: keys))
        #expect(created)
        let path = WeChatMerchant.path(inKeys: keys)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(merchant.apiKey.count == 32 && merchant.appID.hasPrefix("wx") && merchant.appID.count == 18 && merchant.mchID.count == 10)
        let (again, createdAgain) = try WeChatMerchant.ensure(path: path)
        #expect(!createdAgain && again == merchant)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("appid = ") && text.contains("mch_id = ") && text.contains("api_key = "))
    }

    @Test func aWrongMerchantFileIsRefusedInOneSentence() throws {
        let dir = loopbackTempDir("merchant")
        let path = dir + "/wechat.toml"
        for bad in ["appid = \"wx1\"\nmch_id = \"1\"\n", "appid = \"wx1\"\nmch_id = \"1\"\napi_key = \"short\"\n",
                    "appid = \"wx1\"\nmch_id = \"1\"\napi_key = \"\(String(repeating: "a", count: 32))\"\nextra = \"x\"\n"] {
            try bad.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: MerchantFileError.self) { try WeChatMerchant.load(path: path) }
        }
    }

    @Test func theAlipayGatewayAcceptsOnlyItsApp() async throws {
        let s = try await LoopbackSandbox()
        #expect(s.server.alipayAppID == AlipayApp.defaultAppID)
        let appFile = try String(contentsOfFile: s.server.options.alipayAppFile, encoding: .utf8)
        #expect(appFile.contains("app_id = \"\(AlipayApp.defaultAppID)\""))
        let stranger = AlipayRequestBuilder(appID: "2021009999999999", signer: try s.keys.merchantSigner(), notifyURL: nil)
        let p = stranger.parameters(method: AlipayMethod.query, biz: TradeRefBiz(outTradeNo: "CSHA1"), now: SystemClock().now())
        let (_, body) = try await loopbackPost(s.gatewayURL, body: FormEncoding.encode(p))
        let r = try AlipayResponse.parse(body: body, method: AlipayMethod.query, verifier: try s.keys.platformVerifier())
        #expect(r.code == AlipayCode.invalidParameters && r.subCode == "isv.invalid-app-id")
        // Its own app is served.
        let client = try s.client()
        guard case .trade(let t) = await client.query(tradeNo: "CSHA1") else { Issue.record("query"); return }
        #expect(t.status == .notFound)
        await s.stop()
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool {
        get { lock.withLock { flag } }
        set { lock.withLock { flag = newValue } }
    }
}
