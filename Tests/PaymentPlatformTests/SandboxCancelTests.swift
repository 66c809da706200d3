import CashierCore
import PaymentPlatform
import Testing

/// cancel (trade.cancel / reverse) and close (trade.close).
@Suite struct SandboxCancelTests {
    @Test func cancelOfAPaidTradeReversesIt() async throws {
        let f = try Fixture()
        let number = await paidTrade(f, "T1")
        #expect(await f.sandbox.cancel(tradeNo: "T1") == .closed(reversed: true))
        #expect(await f.sandbox.query(tradeNo: "T1")
                == .trade(TradeQuery(status: .closed, platformTradeNo: number, amount: cny(1000))))
        #expect(try f.sandbox.trade(tradeNo: "T1")?.reversed == true)
        // A retried cancel tells the same story; the money cannot be refunded a second time.
        #expect(await f.sandbox.cancel(tradeNo: "T1") == .closed(reversed: true))
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(1)))
                == .failed(reason: "the trade was cancelled and its money already returned"))
        #expect(await f.sandbox.pay(payRequest("T1", code(behaviour: 0)))
                == .declined(reason: "the trade was cancelled and its money returned"))
    }

    @Test func cancelIsRefusedAfterARefund() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1")
        #expect(await f.sandbox.refund(refundRequest("T1", "R1", cny(1))) == .succeeded)
        guard case .refused = await f.sandbox.cancel(tradeNo: "T1") else { Issue.record("expected refused"); return }
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .succeeded)
    }

    @Test func cancelOfAUserPayingTradeCatchesItWhereverItIs() async throws {
        let f = try Fixture()
        _ = await f.sandbox.pay(payRequest("T1", code(behaviour: 1)))
        #expect(await f.sandbox.cancel(tradeNo: "T1") == .closed(reversed: false))
        _ = await f.sandbox.pay(payRequest("T2", code(behaviour: 1)))
        f.advance(seconds: 10)
        // The password went in before the cancel arrived: the money goes back.
        #expect(await f.sandbox.cancel(tradeNo: "T2") == .closed(reversed: true))
    }

    @Test func cancelOfAFailedTrade() async throws {
        let f = try Fixture()
        _ = await f.sandbox.pay(payRequest("T1", code(behaviour: 2)))
        #expect(await f.sandbox.cancel(tradeNo: "T1") == .closed(reversed: false))
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .closed)
    }

    @Test(arguments: ["cancel", "close"])
    func closingAnUnknownNumberBurnsIt(call: String) async throws {
        let f = try Fixture()
        let outcome = call == "cancel" ? await f.sandbox.cancel(tradeNo: "T1") : await f.sandbox.close(tradeNo: "T1")
        #expect(outcome == .closed(reversed: false))
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .closed)
        // The pay that was still in flight arrives late: it must not take the money.
        guard case .declined = await f.sandbox.pay(payRequest("T1", code(behaviour: 0))) else {
            Issue.record("a burnt trade number must be declined"); return
        }
        guard case .failed = await f.sandbox.precreate(payRequest("T1", .qr(.wechat))) else {
            Issue.record("a burnt trade number must fail precreate"); return
        }
        #expect(await f.sandbox.cancel(tradeNo: "T1") == .closed(reversed: false))
    }

    @Test func closeIsOnlyForUnpaidTrades() async throws {
        let f = try Fixture()
        await paidTrade(f, "T1")
        #expect(await f.sandbox.close(tradeNo: "T1") == .refused(reason: "the trade is paid; refund it instead"))
        #expect(status(await f.sandbox.query(tradeNo: "T1")) == .succeeded)
        _ = await f.sandbox.pay(payRequest("T2", code(behaviour: 4)))
        #expect(await f.sandbox.close(tradeNo: "T2") == .closed(reversed: false))
        _ = await f.sandbox.pay(payRequest("T3", code(behaviour: 2)))
        #expect(await f.sandbox.close(tradeNo: "T3") == .closed(reversed: false))
        #expect(await f.sandbox.close(tradeNo: "T3") == .closed(reversed: false))
    }
}
