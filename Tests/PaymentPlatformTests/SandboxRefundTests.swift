import CashierCore
import PaymentPlatform
import Testing

/// Refunds: limits, refund numbers as idempotency keys, and the slow and declined behaviours.
@Suite struct SandboxRefundTests {
    @Test func partialRefundsUpToTheWholeAmount() async throws {
        let f = try Fixture()
        let number = await paidTrade(f, "T1")
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(300))) == .succeeded)
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .succeeded)
        #expect(await f.sandbox.refund(refundRequest("T1", "R2", cny(700))) == .succeeded)
        #expect(await f.sandbox.query(tradeNo: "T1")
                == .trade(TradeQuery(status: .refunded, platformTradeNo: number, amount: cny(1000))))
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R2") == .succeeded)
        let trade = try #require(try f.sandbox.trade(tradeNo: "T1"))
        #expect(trade.refunded == cny(1000) && trade.refunds.map(\.refundNo) == ["R1", "R2"])
    }

    @Test func overRefundIsRefusedAndNothingRecorded() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1")
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(600))) == .succeeded)
        #expect(await f.sandbox.refund(refundRequest("T1", "R2", cny(401))) == .failed(
            reason: "the refund of 4.01 CNY exceeds what is left to refund (4.00 CNY of 10.00 CNY)"))
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R2") == .notFound)
        // The merchant corrects the amount and keeps the refund number.
        #expect(await f.sandbox.refund(refundRequest("T1", "R2", cny(400))) == .succeeded)
        guard case .failed = await f.sandbox.refund(refundRequest("T1", "R3", cny(1))) else {
            Issue.record("nothing is left to refund"); return
        }
    }

    @Test func refusedRefunds() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1")
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(0)))
                == .failed(reason: "the refund amount must be positive"))
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(-5)))
                == .failed(reason: "the refund amount must be positive"))
        #expect(await f.sandbox.refund(refundRequest("nope", "R1", cny(1)))
                == .failed(reason: "the platform has no trade nope"))
        _ = await f.sandbox.pay(payRequest("T2", code(behaviour: 4)))
        #expect(await f.sandbox.refund(refundRequest("T2", "R1", cny(1)))
                == .failed(reason: "the trade is not paid yet: nothing to refund"))
        _ = await f.sandbox.pay(payRequest("T3", code(behaviour: 2)))
        #expect(await f.sandbox.refund(refundRequest("T3", "R1", cny(1)))
                == .failed(reason: "the trade failed: nothing to refund"))
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R1") == .notFound)
    }

    @Test func retryWithTheSameRefundNumberIsIdempotent() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1")
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(300))) == .succeeded)
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(300))) == .succeeded)
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(200)))
                == .failed(reason: "refund number R1 reused with a different amount"))
        let trade = try #require(try f.sandbox.trade(tradeNo: "T1"))
        #expect(trade.refunded == cny(300) && trade.refunds.count == 1)
        // Refund numbers belong to their trade.
        await paidTrade(f, "T2")
        #expect(await f.sandbox.refund(refundRequest("T2", "R1", cny(200))) == .succeeded)
    }

    @Test func atMostFiftyRefundsPerTrade() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1", cny(10_000))
        for i in 1...50 {
            #expect(await f.sandbox.refund(refundRequest("T1", "R\(i)", cny(1))) == .succeeded)
        }
        #expect(await f.sandbox.refund(refundRequest("T1", "R51", cny(1)))
                == .failed(reason: "the trade already has 50 refunds, the platform's limit"))
        #expect(await f.sandbox.refund(refundRequest("T1", "R50", cny(1))) == .succeeded)
        #expect(try f.sandbox.trade(tradeNo: "T1")?.refunded == cny(50))
    }

    @Test func slowRefundsProcessForEightSeconds() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1", behaviour: 6)
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(1000))) == .processing)
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(1000))) == .processing)
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R1") == .processing)
        // A processing refund already holds its share: nothing more can be refunded meanwhile.
        guard case .failed = await f.sandbox.refund(refundRequest("T1", "R2", cny(1))) else {
            Issue.record("the processing refund holds the whole amount"); return
        }
        var trade = try #require(try f.sandbox.trade(tradeNo: "T1"))
        #expect(trade.status == .succeeded && trade.refundPending == cny(1000) && trade.refunded == cny(0))
        f.clock.advance(millis: Fixture.scale.millis(8) - 1)
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R1") == .processing)
        f.clock.advance(millis: 1)
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R1") == .succeeded)
        trade = try #require(try f.sandbox.trade(tradeNo: "T1"))
        #expect(trade.status == .refunded && trade.refundPending == cny(0) && trade.refunded == cny(1000))
    }

    @Test func firstAttemptOfEachRefundNumberIsDeclined() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1", behaviour: 7)
        let declined = RefundOutcome.failed(reason: "refund declined by the platform: merchant balance insufficient")
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(400))) == declined)
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R1")
                == .failed(reason: "refund declined by the platform: merchant balance insufficient"))
        #expect(try f.sandbox.trade(tradeNo: "T1")?.refunded == cny(0))
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(400))) == .succeeded)
        #expect(await f.sandbox.refundQuery(tradeNo: "T1", refundNo: "R1") == .succeeded)
        #expect(await f.sandbox.refund(refundRequest("T1", "R2", cny(600))) == declined)
        #expect(await f.sandbox.refund(refundRequest("T1", "R2", cny(600))) == .succeeded)
        let trade = try #require(try f.sandbox.trade(tradeNo: "T1"))
        #expect(trade.status == .refunded && trade.refunds.map(\.attempts) == [2, 2])
    }

    @Test func userPayingTradeIsRefundableOnceItSucceeds() async throws {
        let f = try Fixture()
        _ = await f.sandbox.pay(payRequest("T1", code(behaviour: 1)))
        guard case .failed = await f.sandbox.refund(refundRequest("T1", "R1", cny(1))) else {
            Issue.record("not paid yet"); return
        }
        f.advance(seconds: 10)
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(1))) == .succeeded)
    }
}
