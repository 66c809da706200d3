import CashierCore
import PaymentPlatform
import Testing

/// Every behaviour digit of a payment code, through pay and query.
@Suite struct SandboxPayTests {
    @Test(arguments: [0, 8, 9], [PlatformKind.wechat, .alipay])
    func succeedsAtOnce(digit: Int, platform: PlatformKind) async throws {
        let f = try Fixture()
        let number = succeeded(await f.sandbox.pay(payRequest("T1", cny(1234), code(platform, behaviour: digit))))
        #expect(number?.hasPrefix("SBX") == true)
        #expect(await f.sandbox.query(tradeNo: "T1")
                == .trade(TradeQuery(status: .succeeded, platformTradeNo: number, amount: cny(1234))))
        let trade = try #require(try f.sandbox.trade(tradeNo: "T1"))
        #expect(trade.platform == platform && !trade.isQR && trade.refunded == cny(0))
    }

    @Test func userPayingSucceedsTenSecondsAfterThePayCall() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.pay(payRequest("T1", code(behaviour: 1))) == .waitingForCustomer)
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .waiting)
        f.clock.advance(millis: Fixture.scale.millis(10) - 1)
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .waiting)
        f.clock.advance(millis: 1)
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .succeeded)
        #expect(succeeded(await f.sandbox.pay(payRequest("T1", code(behaviour: 1)))) != nil)
    }

    @Test func declined() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.pay(payRequest("T1", code(behaviour: 2))) == .declined(reason: "insufficient balance"))
        #expect(await f.sandbox.query(tradeNo: "T1") == .trade(TradeQuery(status: .failed, amount: cny(1000))))
    }

    @Test func unknownButSucceeded() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.pay(payRequest("T1", code(.alipay, behaviour: 3)))
                == .unknown(reason: "no answer from the platform (timeout)"))
        guard case .trade(let query) = await f.sandbox.query(tradeNo: "T1") else { Issue.record("no trade"); return }
        #expect(query.status == .succeeded && query.platformTradeNo != nil)
        // The retry of the lost call answers at once, with the same trade.
        #expect(succeeded(await f.sandbox.pay(payRequest("T1", code(.alipay, behaviour: 3)))) == query.platformTradeNo)
    }

    @Test func userPayingForeverUntilCancelled() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.pay(payRequest("T1", code(behaviour: 4))) == .waitingForCustomer)
        f.advance(seconds: 3600)
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .waiting)
        #expect(await f.sandbox.cancel(tradeNo: "T1") == .closed(reversed: false))
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .closed)
        #expect(await f.sandbox.pay(payRequest("T1", code(behaviour: 4))) == .declined(reason: "the trade is closed"))
    }

    @Test func unknownAndFailed() async throws {
        let f = try Fixture()
        guard case .unknown = await f.sandbox.pay(payRequest("T1", code(behaviour: 5))) else {
            Issue.record("expected unknown"); return
        }
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .failed)
        guard case .declined = await f.sandbox.pay(payRequest("T1", code(behaviour: 5))) else {
            Issue.record("a retried failed payment must be declined"); return
        }
    }

    @Test func neverReceived() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.query(tradeNo: "nope") == .trade(TradeQuery(status: .notFound)))
        #expect(try f.sandbox.trade(tradeNo: "nope") == nil)
    }

    @Test func invalidRequestsCreateNoTrade() async throws {
        let f = try Fixture()
        #expect(await f.sandbox.pay(payRequest("T1", cny(0), code(behaviour: 0)))
                == .declined(reason: "the amount must be positive"))
        #expect(await f.sandbox.pay(payRequest("", code(behaviour: 0))) == .declined(reason: "the trade number is empty"))
        guard case .declined = await f.sandbox.pay(payRequest("T1", .qr(.wechat))) else {
            Issue.record("pay without a code must be declined"); return
        }
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .notFound)
    }

    @Test func payAgainAnswersTheSameTrade() async throws {
        let f = try Fixture()
        let first = await paidTrade(f, "T1")
        #expect(await paidTrade(f, "T1") == first)
        // A different code with the same trade number is still the same trade.
        #expect(succeeded(await f.sandbox.pay(payRequest("T1", code(.alipay, behaviour: 2)))) == first)
        #expect(await f.sandbox.pay(payRequest("T1", cny(999), code(behaviour: 0)))
                == .declined(reason: "trade number reused with a different amount"))
        #expect(await f.sandbox.pay(payRequest("T1", Money(minor: 1000, currency: .usd), code(behaviour: 0)))
                == .declined(reason: "trade number reused with a different amount"))
        #expect(try f.sandbox.trade(tradeNo: "T1")?.amount == cny(1000))
        #expect(await paidTrade(f, "T2") != first)
    }

    @Test func currencyAndMinorUnitsAreKept() async throws {
        let f = try Fixture()
        let yen = Money(minor: 500, currency: .jpy)
        await paidTrade(f, "T1", yen)
        guard case .trade(let query) = await f.sandbox.query(tradeNo: "T1") else { Issue.record("no trade"); return }
        #expect(query.amount == yen)
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(100))) == .failed(
            reason: "the refund is in CNY but the trade was paid in JPY"))
    }
}
