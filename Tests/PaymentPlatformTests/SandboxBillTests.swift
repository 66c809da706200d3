import CashierCore
import PaymentPlatform
import PlatformBills
import Testing

@Suite struct SandboxBillTests {
    /// Trades, a late password, refunds (one slow), on both platforms: each lands on its own
    /// platform's bill of the day money moved, with the fee at the configured rate.
    @Test func billsAreBuiltFromTheLedger() async throws {
        let f = try Fixture()
        let day = BillDate.of(f.clock.now())
        try f.sandbox.setBillFeeRate(basisPoints: 38)
        _ = await f.sandbox.pay(payRequest("W1", cny(1230), code(.wechat, behaviour: 0)))
        _ = await f.sandbox.pay(payRequest("W2", cny(500), code(.wechat, behaviour: 1)))     // password typed 10 s later
        _ = await f.sandbox.pay(payRequest("W3", cny(700), code(.wechat, behaviour: 2)))     // declined: not on the bill
        _ = await f.sandbox.pay(payRequest("A1", cny(9999), code(.alipay, behaviour: 6)))    // slow refunds
        f.advance(seconds: 11)
        _ = await f.sandbox.refund(refundRequest("W1", "W1-R1", cny(230)))
        _ = await f.sandbox.refund(refundRequest("A1", "A1-R1", cny(999)))                    // processing for 8 s
        let wechat = try f.sandbox.bill(.wechat, date: day)
        #expect(wechat.entries.map(\.merchantTradeNo) == ["W1", "W2", "W1"])
        #expect(wechat.trades.map(\.amountMinor) == [1230, 500])
        #expect(wechat.trades.map(\.feeMinor) == [5, 2])                                      // 4.674 and 1.9 fen
        #expect(wechat.refunds.map(\.merchantRefundNo) == ["W1-R1"])
        #expect(wechat.refunds[0].feeMinor == -1)
        // W2 is billed when the password was typed, not when someone asked.
        #expect(wechat.trades[1].finishedAt == wechat.trades[0].finishedAt + Fixture.scale.millis(10))
        let before = try f.sandbox.bill(.alipay, date: day)
        #expect(before.trades.map(\.merchantTradeNo) == ["A1"] && before.refunds.isEmpty)
        f.advance(seconds: 9)
        #expect(try f.sandbox.bill(.alipay, date: day).refunds.map(\.amountMinor) == [999])
        #expect(try f.sandbox.bill(.alipay, date: BillDate.next(day)!).entries.isEmpty)
    }

    @Test func faultsMakeTheBillDisagree() async throws {
        let f = try Fixture()
        let day = BillDate.of(f.clock.now())
        await paidTrade(f, "T1", cny(1000))
        await paidTrade(f, "T2", cny(2000))
        await paidTrade(f, "T3", cny(3000), behaviour: 7)                                   // the first refund attempt is declined
        _ = await f.sandbox.pay(payRequest("T4", cny(4000), code(behaviour: 2)))             // declined
        guard case .failed = await f.sandbox.refund(refundRequest("T3", "T3-R1", cny(300))) else {
            Issue.record("behaviour 7 declines the first refund attempt"); return
        }
        try f.sandbox.faultBillAmount(tradeNo: "T1", amount: cny(1001))
        try f.sandbox.faultBillNextDay(tradeNo: "T2")
        try f.sandbox.faultRefundSucceeded(tradeNo: "T3", refundNo: "T3-R1")
        try f.sandbox.faultCharged(tradeNo: "T4", amount: nil, platform: .wechat)
        try f.sandbox.faultCharged(tradeNo: "GHOST", amount: cny(555), platform: .wechat)
        let bill = try f.sandbox.bill(.wechat, date: day)
        #expect(bill.trades.map(\.merchantTradeNo) == ["T1", "T3", "T4", "GHOST"])
        #expect(bill.trades[0].amountMinor == 1001)
        #expect(bill.refunds.map(\.merchantRefundNo) == ["T3-R1"])
        #expect(try f.sandbox.bill(.wechat, date: BillDate.next(day)!).trades.map(\.merchantTradeNo) == ["T2"])
        // The charged trades are real at the platform: a query finds them paid.
        #expect(status(await f.sandbox.query(tradeNo: "T4")) == .succeeded)
        #expect(status(await f.sandbox.query(tradeNo: "GHOST")) == .succeeded)
        // Faults name trades the platform has, once.
        #expect(throws: CashierError.self) { try f.sandbox.faultBillNextDay(tradeNo: "NOPE") }
        #expect(throws: CashierError.self) { try f.sandbox.faultCharged(tradeNo: "T1", amount: nil, platform: .wechat) }
        #expect(throws: CashierError.self) { try f.sandbox.faultRefundSucceeded(tradeNo: "T3", refundNo: "T3-R1") }
    }

    @Test func aReversedPaidTradeIsRevokedOnWeChatAndRefundedOnAlipay() async throws {
        let f = try Fixture()
        let day = BillDate.of(f.clock.now())
        _ = await f.sandbox.pay(payRequest("W1", cny(800), code(.wechat, behaviour: 0)))
        _ = await f.sandbox.pay(payRequest("A1", cny(900), code(.alipay, behaviour: 0)))
        _ = await f.sandbox.cancel(tradeNo: "W1")
        _ = await f.sandbox.cancel(tradeNo: "A1")
        let wechat = try f.sandbox.bill(.wechat, date: day)
        #expect(wechat.entries.map(\.status) == [.revoked])
        let alipay = try f.sandbox.bill(.alipay, date: day)
        #expect(alipay.entries.map(\.kind) == [.trade, .refund])
        #expect(alipay.refunds[0].merchantRefundNo == nil && alipay.refunds[0].amountMinor == 900)
    }
}
