import CashierCore
import PaymentPlatform
import Testing

/// QR payments: precreate, then the customer simulator decides.
@Suite struct SandboxQRTests {
    let qr = "https://qr.sandbox.cashier.invalid/pay/Q1"

    @Test func scanSuccess() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.precreate(payRequest("Q1", .qr(.alipay))) == .created(qrContent: qr))
        #expect(status(await f.sandbox.query(tradeNo: "Q1")) == .waiting)
        try f.sandbox.scan(tradeNo: "Q1", outcome: .success)
        let trade = try #require(try f.sandbox.trade(tradeNo: "Q1"))
        #expect(trade.status == .succeeded && trade.isQR && trade.platform == .alipay && trade.platformTradeNo != nil)
        #expect(await f.sandbox.refund(refundRequest("Q1", "R1", cny(1000))) == .succeeded)
    }

    @Test func scanFail() async throws {
        let f = try Fixture()
        _ = await f.sandbox.precreate(payRequest("Q1", .qr(.wechat)))
        try f.sandbox.scan(tradeNo: "Q1", outcome: .fail)
        #expect(status(await f.sandbox.query(tradeNo: "Q1")) == .failed)
        #expect(throws: CashierError.self) { try f.sandbox.scan(tradeNo: "Q1", outcome: .success) }
    }

    @Test func abandonedStaysWaitingUntilClosed() async throws {
        let f = try Fixture()
        _ = await f.sandbox.precreate(payRequest("Q1", .qr(.wechat)))
        try f.sandbox.scan(tradeNo: "Q1", outcome: .abandon)
        f.advance(seconds: 3600)
        #expect(status(await f.sandbox.query(tradeNo: "Q1")) == .waiting)
        #expect(await f.sandbox.close(tradeNo: "Q1") == .closed(reversed: false))
        #expect(status(await f.sandbox.query(tradeNo: "Q1")) == .closed)
        let error = #expect(throws: CashierError.self) { try f.sandbox.scan(tradeNo: "Q1", outcome: .success) }
        #expect(error?.args["text"]?.description.contains("not waiting for a scan") == true)
    }

    @Test func scanRefusesUnknownAndCodeTrades() async throws {
        let f = try Fixture()
        let unknown = #expect(throws: CashierError.self) { try f.sandbox.scan(tradeNo: "nope", outcome: .success) }
        #expect(unknown?.kind == .notFound)
        await paidTrade(f, "T1")
        let codeTrade = #expect(throws: CashierError.self) { try f.sandbox.scan(tradeNo: "T1", outcome: .success) }
        #expect(codeTrade?.kind == .conflict)
    }

    @Test func precreateAgainIsIdempotent() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.precreate(payRequest("Q1", .qr(.wechat))) == .created(qrContent: qr))
        #expect(await f.sandbox.precreate(payRequest("Q1", .qr(.wechat))) == .created(qrContent: qr))
        #expect(await f.sandbox.precreate(payRequest("Q1", cny(1), .qr(.wechat)))
                == .failed(reason: "trade number reused with a different amount"))
        try f.sandbox.scan(tradeNo: "Q1", outcome: .success)
        #expect(await f.sandbox.precreate(payRequest("Q1", .qr(.wechat))) == .failed(reason: "the trade is already paid"))
        // A code payment retried on the scanned trade reports it paid, without a second charge.
        let number = try f.sandbox.trade(tradeNo: "Q1")?.platformTradeNo
        #expect(succeeded(await f.sandbox.pay(payRequest("Q1", code(behaviour: 0)))) == number)
    }

    @Test func precreateRefusesCodesAndCodeTrades() async throws {
        let f = try Fixture()
        guard case .failed = await f.sandbox.precreate(payRequest("Q1", code(behaviour: 0))) else {
            Issue.record("precreate with a payment code must fail"); return
        }
        _ = await f.sandbox.pay(payRequest("T1", code(behaviour: 4)))
        #expect(await f.sandbox.precreate(payRequest("T1", .qr(.wechat)))
                == .failed(reason: "the trade number is in use by a code payment"))
    }

    @Test func scanOutcomesAreTheCLIWords() {
        #expect(ScanOutcome.allCases.map(\.rawValue) == ["success", "fail", "abandon"])
    }
}
