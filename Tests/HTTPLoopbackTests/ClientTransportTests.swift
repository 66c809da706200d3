import AlipayProtocol
import CashierCore
import Foundation
import HTTPPlatform
import Hummingbird
import PaymentPlatform
import SandboxServer
import Testing

/// Whatever keeps a verified answer from the client makes the result unknown, never failed.
@Suite(.serialized) struct ClientTransportTests {
    let money = Money(minor: 1_230, currency: .cny)

    func isUnknown(_ outcome: PayOutcome) -> Bool { if case .unknown = outcome { return true } else { return false } }

    @Test func anAnswerSignedByAnotherKeyIsUnknownThoughThePaymentWentThrough() async throws {
        let s = try await LoopbackSandbox()
        // The client trusts the wrong platform key (its own merchant key).
        let wrong = HTTPPlatform(configuration: .init(gatewayURL: s.gatewayURL, appID: "2021000000000001", timeoutSeconds: 120),
                                 merchantKey: try s.keys.merchantSigner(), platformKey: try s.keys.merchantVerifier())
        let outcome = await wrong.pay(PayRequest(tradeNo: "CSHT1", amount: money, subject: "x", mode: .code(alipayCode(0))))
        guard case .unknown(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("not signed by the platform"))
        #expect(try s.sandbox.trade(tradeNo: "CSHT1")?.status == .succeeded, "only a query with the right key can tell")
        guard case .unknown = await wrong.query(tradeNo: "CSHT1") else { Issue.record("query trusted a bad signature"); return }
        guard case .trade(let t) = await (try s.client()).query(tradeNo: "CSHT1") else { Issue.record("query"); return }
        #expect(t.status == .succeeded)
        await s.stop()
    }

    @Test func aRequestSignedByAnotherMerchantKeyIsRefusedAndCreatesNothing() async throws {
        let s = try await LoopbackSandbox()
        let stranger = HTTPPlatform(configuration: .init(gatewayURL: s.gatewayURL, appID: "2021000000000001", timeoutSeconds: 120),
                                    merchantKey: try AlipaySigner(key: .init(keySize: .bits2048)), platformKey: try s.keys.platformVerifier())
        guard case .declined(let reason) = await stranger.pay(PayRequest(tradeNo: "CSHT2", amount: money, subject: "x", mode: .code(alipayCode(0)))) else {
            Issue.record("a forged request was not declined"); return
        }
        #expect(reason.contains("40002") && reason.contains("signature"))
        #expect(try s.sandbox.trade(tradeNo: "CSHT2") == nil)
        await s.stop()
    }

    @Test func aRequestTamperedInTransitIsRefused() async throws {
        let s = try await LoopbackSandbox()
        let builder = AlipayRequestBuilder(appID: "2021000000000001", signer: try s.keys.merchantSigner(), notifyURL: nil)
        var p = builder.parameters(method: AlipayMethod.pay, biz: TradePayBiz(outTradeNo: "CSHT3", authCode: alipayCode(0).digits,
                                                                                subject: "x", totalAmount: "12.30"), now: SystemClock().now())
        p["biz_content"] = p["biz_content"]!.replacingOccurrences(of: "12.30", with: "0.01")
        let (status, body) = try await loopbackPost(s.gatewayURL, body: FormEncoding.encode(p))
        #expect(status == 200)
        let r = try AlipayResponse.parse(body: body, method: AlipayMethod.pay, verifier: try s.keys.platformVerifier())
        #expect(r.code == AlipayCode.invalidParameters && r.subCode == "isv.invalid-signature")
        #expect(try s.sandbox.trade(tradeNo: "CSHT3") == nil)
        await s.stop()
    }

    @Test func parametersInTheQueryStringTheBodyOrBoth() async throws {
        let s = try await LoopbackSandbox()
        let builder = AlipayRequestBuilder(appID: "2021000000000001", signer: try s.keys.merchantSigner(), notifyURL: nil)
        let verifier = try s.keys.platformVerifier()
        func params(_ no: String) -> [String: String] {
            builder.parameters(method: AlipayMethod.pay, biz: TradePayBiz(outTradeNo: no, authCode: alipayCode(0).digits,
                                                                          subject: "x", totalAmount: "1.00"), now: SystemClock().now())
        }
        // All in the query string (GET), as some SDKs send them.
        let (_, getBody) = try await loopbackGet(s.gatewayURL + "?" + FormEncoding.encode(params("CSHQS1")))
        #expect(try AlipayResponse.parse(body: getBody, method: AlipayMethod.pay, verifier: verifier).code == AlipayCode.success)
        // Common parameters in the query string, biz_content in the body (Alipay's SDK way).
        var p = params("CSHQS2")
        let biz = ["biz_content": p.removeValue(forKey: "biz_content")!]
        let (_, splitBody) = try await loopbackPost(s.gatewayURL + "?" + FormEncoding.encode(p), body: FormEncoding.encode(biz))
        #expect(try AlipayResponse.parse(body: splitBody, method: AlipayMethod.pay, verifier: verifier).code == AlipayCode.success)
        #expect(try s.sandbox.trade(tradeNo: "CSHQS2")?.status == .succeeded)
        await s.stop()
    }

    @Test func aTimeoutIsUnknown() async throws {
        // A gateway that takes the request and never answers in time.
        let router = Router()
        router.post("/gateway.do") { _, _ -> String in
            try await Task.sleep(nanoseconds: 2_000_000_000)
            return "{}"
        }
        let responder = router.buildResponder()
        let slow = try await RunningServer.start { ready in
            try await Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { await ready($0.localAddress?.port ?? 0) }, logger: quietLogger).run()
        }
        let keys = LoopbackKeys.shared
        let client = HTTPPlatform(configuration: .init(gatewayURL: "http://127.0.0.1:\(slow.port)/gateway.do", appID: "1", timeoutSeconds: 0.3),
                                  merchantKey: try keys.merchantSigner(), platformKey: try keys.platformVerifier())
        let outcome = await client.pay(PayRequest(tradeNo: "CSHTO", amount: money, subject: "x", mode: .code(alipayCode(0))))
        guard case .unknown(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("timeout"))
        guard case .unknown = await client.refund(RefundRequest(tradeNo: "CSHTO", refundNo: "R1", amount: money, reason: "")) else {
            Issue.record("refund after a timeout was not unknown"); return
        }
        await slow.stop()
    }

    @Test func aRefusedConnectionIsUnknown() async throws {
        let s = try await LoopbackSandbox()
        let client = try s.client()
        await s.stop()  // nothing listens on that port any more
        #expect(isUnknown(await client.pay(PayRequest(tradeNo: "CSHCR", amount: money, subject: "x", mode: .code(alipayCode(0))))))
        guard case .unknown = await client.query(tradeNo: "CSHCR") else { Issue.record("query"); return }
        guard case .unknown = await client.cancel(tradeNo: "CSHCR") else { Issue.record("cancel"); return }
    }

    @Test func anOutageIsUnknownAndThePlatformComesBack() async throws {
        let s = try await LoopbackSandbox()
        let client = try s.client()
        #expect(try await s.admin("/sandbox/outage?seconds=30").0 == 200)
        let outcome = await client.pay(PayRequest(tradeNo: "CSHOUT", amount: money, subject: "x", mode: .code(alipayCode(0))))
        guard case .unknown(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("503"))
        #expect(try s.sandbox.trade(tradeNo: "CSHOUT") == nil, "the request never reached the platform")
        #expect(try await s.admin("/sandbox/outage?seconds=0").0 == 200)
        guard case .trade(let t) = await client.query(tradeNo: "CSHOUT") else { Issue.record("query after the outage"); return }
        #expect(t.status == .notFound)
        guard case .succeeded = await client.pay(PayRequest(tradeNo: "CSHOUT", amount: money, subject: "x", mode: .code(alipayCode(0)))) else {
            Issue.record("retry after the outage"); return
        }
        #expect(try await s.admin("/sandbox/outage?seconds=-1").0 == 400)
        await s.stop()
    }
}
