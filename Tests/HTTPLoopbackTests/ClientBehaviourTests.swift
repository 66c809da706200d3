import AlipayProtocol
import CashierCore
import HTTPPlatform
import PaymentPlatform
import SandboxServer
import Testing

/// HTTPPlatform against the sandbox gateway: every last-digit behaviour over real HTTP.
@Suite(.serialized) struct ClientBehaviourTests {
    func pay(_ client: HTTPPlatform, _ digit: Int, _ tradeNo: String, minor: Int64 = 1_230) async -> PayOutcome {
        await client.pay(PayRequest(tradeNo: tradeNo, amount: Money(minor: minor, currency: .cny), subject: "Order",
                                    mode: .code(alipayCode(digit))))
    }

    func status(_ client: HTTPPlatform, _ tradeNo: String) async -> TradeStatus? {
        guard case .trade(let t) = await client.query(tradeNo: tradeNo) else { return nil }
        return t.status
    }

    @Test func successDigitsPayAtOnceAndQuerySucceeded() async throws {
        let s = try await LoopbackSandbox()
        let client = try s.client()
        for digit in [0, 8, 9] {
            guard case .succeeded(let platformNo) = await pay(client, digit, "CSHD\(digit)") else {
                Issue.record("digit \(digit) did not succeed"); continue
            }
            #expect(platformNo.hasPrefix("SBX"))
            guard case .trade(let t) = await client.query(tradeNo: "CSHD\(digit)") else { Issue.record("no query"); continue }
            #expect(t.status == .succeeded && t.platformTradeNo == platformNo && t.amount == Money(minor: 1_230, currency: .cny))
        }
        await s.stop()
    }

    @Test func userPayingThenSuccessAndForever() async throws {
        let s = try await LoopbackSandbox(timeScale: 0.01)
        let client = try s.client()
        #expect(await pay(client, 1, "CSH1") == .waitingForCustomer)
        #expect(await pay(client, 4, "CSH4") == .waitingForCustomer)
        // 10 s scaled by 0.01: the password is entered after 0.1 s.
        #expect(await eventually { await status(client, "CSH1") == .succeeded ? true : nil } == true)
        #expect(await status(client, "CSH4") == .waiting)
        #expect(await client.cancel(tradeNo: "CSH4") == .closed(reversed: false))
        #expect(await status(client, "CSH4") == .closed)
        await s.stop()
    }

    @Test func declinedAndUnknownAnswers() async throws {
        let s = try await LoopbackSandbox()
        let client = try s.client()
        guard case .declined(let reason) = await pay(client, 2, "CSH2") else { Issue.record("2 not declined"); return }
        #expect(reason.contains("40004"))
        #expect(await status(client, "CSH2") == .failed)
        // 3: no answer (20000) but it went through; 5: no answer and it failed.
        guard case .unknown = await pay(client, 3, "CSH3") else { Issue.record("3 not unknown"); return }
        #expect(await status(client, "CSH3") == .succeeded)
        guard case .unknown = await pay(client, 5, "CSH5") else { Issue.record("5 not unknown"); return }
        #expect(await status(client, "CSH5") == .failed)
        #expect(await status(client, "CSH-NEVER") == .notFound)
        await s.stop()
    }

    @Test func refundsPartialIdempotentSlowAndFailingOnce() async throws {
        let s = try await LoopbackSandbox(timeScale: 0.01)
        let client = try s.client()
        let ten = Money(minor: 1_000, currency: .cny)
        guard case .succeeded = await pay(client, 0, "CSHR0", minor: 3_000) else { Issue.record("pay"); return }
        let first = RefundRequest(tradeNo: "CSHR0", refundNo: "R1", amount: ten, reason: "damaged")
        #expect(await client.refund(first) == .succeeded)
        #expect(await client.refund(first) == .succeeded, "the same out_request_no again changes nothing")
        #expect(await client.refund(RefundRequest(tradeNo: "CSHR0", refundNo: "R2", amount: ten, reason: "")) == .succeeded)
        guard case .failed = await client.refund(RefundRequest(tradeNo: "CSHR0", refundNo: "R3", amount: Money(minor: 1_001, currency: .cny), reason: "")) else {
            Issue.record("over-refund accepted"); return
        }
        #expect(try s.sandbox.trade(tradeNo: "CSHR0")?.refunded == Money(minor: 2_000, currency: .cny))
        #expect(await client.refundQuery(tradeNo: "CSHR0", refundNo: "R1") == .succeeded)
        #expect(await client.refundQuery(tradeNo: "CSHR0", refundNo: "R9") == .notFound)
        #expect(await client.refund(RefundRequest(tradeNo: "CSHR0", refundNo: "R4", amount: ten, reason: "")) == .succeeded)
        #expect(await status(client, "CSHR0") == .refunded)

        // 6: processing for 8 s scaled, then succeeded.
        guard case .succeeded = await pay(client, 6, "CSHR6") else { Issue.record("pay 6"); return }
        #expect(await client.refund(RefundRequest(tradeNo: "CSHR6", refundNo: "R1", amount: ten, reason: "")) == .processing)
        #expect(await eventually { await client.refundQuery(tradeNo: "CSHR6", refundNo: "R1") == .succeeded ? true : nil } == true)

        // 7: the first attempt of each refund number fails; a retry with the same number succeeds.
        guard case .succeeded = await pay(client, 7, "CSHR7") else { Issue.record("pay 7"); return }
        let r7 = RefundRequest(tradeNo: "CSHR7", refundNo: "R1", amount: ten, reason: "")
        guard case .failed = await client.refund(r7) else { Issue.record("7 first refund did not fail"); return }
        guard case .failed = await client.refundQuery(tradeNo: "CSHR7", refundNo: "R1") else { Issue.record("7 query"); return }
        #expect(await client.refund(r7) == .succeeded)
        await s.stop()
    }

    @Test func cancelReversesAPaidTradeAndCloseRefusesIt() async throws {
        let s = try await LoopbackSandbox()
        let client = try s.client()
        guard case .succeeded = await pay(client, 0, "CSHC0") else { Issue.record("pay"); return }
        guard case .refused = await client.close(tradeNo: "CSHC0") else { Issue.record("close of a paid trade"); return }
        #expect(await client.cancel(tradeNo: "CSHC0") == .closed(reversed: true))
        #expect(await client.cancel(tradeNo: "CSHC0") == .closed(reversed: true), "a retried cancel tells the same story")
        #expect(await status(client, "CSHC0") == .closed)
        // A number cancelled before any trade arrived: a late pay with it is declined.
        #expect(await client.cancel(tradeNo: "CSHC-LATE") == .closed(reversed: false))
        guard case .declined = await pay(client, 0, "CSHC-LATE") else { Issue.record("late pay accepted"); return }
        await s.stop()
    }

    @Test func qrPrecreateScanOverHTTPAndClose() async throws {
        let s = try await LoopbackSandbox()
        let client = try s.client()
        let request = PayRequest(tradeNo: "CSHQ1", amount: Money(minor: 500, currency: .cny), subject: "QR", mode: .qr(.alipay))
        guard case .created(let qr) = await client.precreate(request) else { Issue.record("precreate"); return }
        #expect(qr.contains("CSHQ1"))
        #expect(await status(client, "CSHQ1") == .waiting)
        #expect(try await s.admin("/sandbox/scan?trade_no=CSHQ1&outcome=success").0 == 200)
        #expect(await status(client, "CSHQ1") == .succeeded)
        #expect(try await s.admin("/sandbox/scan?trade_no=CSHQ1").0 == 409, "a paid trade cannot be scanned again")
        #expect(try await s.admin("/sandbox/scan?trade_no=NOPE").0 == 404)
        // The same simulator through the client (what `cashier sandbox scan` uses over HTTP).
        await #expect(throws: SandboxAdminError.self) { try await client.sandboxScan(tradeNo: "NOPE", outcome: "success") }

        guard case .created = await client.precreate(PayRequest(tradeNo: "CSHQ2", amount: Money(minor: 500, currency: .cny), subject: "QR", mode: .qr(.alipay))) else {
            Issue.record("precreate 2"); return
        }
        #expect(try await client.sandboxScan(tradeNo: "CSHQ2", outcome: "abandon").contains("abandon"))
        #expect(await client.close(tradeNo: "CSHQ2") == .closed(reversed: false))
        #expect(await status(client, "CSHQ2") == .closed)
        await s.stop()
    }
}
