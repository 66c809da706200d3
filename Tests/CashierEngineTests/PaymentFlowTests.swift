import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Testing

@Suite struct PaymentFlowTests {
    @Test func cashOnlyCheckoutSettlesAtOnceWithChange() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, tendered: 20_000, operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        #expect(s.checkout.changeDue == 10_000)
        #expect(s.paymentOrder == nil)
        #expect(try w.order("G001").status == .paid)
        #expect(try w.store.paymentDetails(orderId: w.id("G001")).map(\.state) == [.succeeded])
        #expect(try w.violations() == [])
    }

    @Test func codeSuccessAtOnce() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(0)), operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        #expect(s.paymentOrder?.state == .succeeded)
        #expect(s.paymentOrder?.platform == .alipay)
        #expect(try w.order("G001").status == .paid)
        #expect(w.store.nextDueTime() == nil)
    }

    @Test func userPayingThenSuccessIsSettledByThePoller() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], online: 3_333, onlineMode: .code(World.wechat(1)), operatorName: "cashier"))
        #expect(s.paymentOrder?.state == .pending)
        #expect(try w.order("S002").status == .paying)
        await w.settle(advanceSeconds: 0.05)  // 5 s scaled: still typing the password
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .pending)
        await w.settle(advanceSeconds: 0.1)  // past 10 s scaled
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .succeeded)
        #expect(try w.order("S002").status == .paid)
        #expect(try w.violations() == [])
    }

    @Test func declinedThenRepaymentWithANewTradeNumber() async throws {
        let w = try World()
        let first = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("M003")], online: 29_900, onlineMode: .code(World.wechat(2)), operatorName: "cashier"))
        #expect(first.checkout.state == .failed)
        #expect(first.paymentOrder?.state == .failed)
        #expect(try w.order("M003").status == .unpaid)
        let second = try await w.engine.repay(checkoutId: first.checkout.id, code: World.wechat(0, 7), operatorName: "cashier")
        #expect(second.checkout.state == .succeeded)
        #expect(second.paymentOrder?.attempt == 2)
        #expect(second.paymentOrder?.tradeNo != first.paymentOrder?.tradeNo)
        #expect(second.checkout.retryOf == first.checkout.id)
        #expect(try w.order("M003").status == .paid)
        #expect(try w.violations() == [])
    }

    @Test func repaymentIsRefusedWhileThePreviousIsInFlightOrPaid() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("M003")], online: 29_900, onlineMode: .code(World.wechat(4)), operatorName: "cashier"))
        await #expect(throws: CashierError.self) { _ = try await w.engine.repay(checkoutId: s.checkout.id, code: World.wechat(0), operatorName: "cashier") }
        let paid = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        await #expect(throws: CashierError.self) { _ = try await w.engine.repay(checkoutId: paid.checkout.id, code: nil, operatorName: "cashier") }
    }

    @Test func unknownButSucceededIsFoundByQuerying() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(3)), operatorName: "cashier"))
        #expect(s.paymentOrder?.state == .pending)
        #expect(s.paymentOrder?.message?.contains("unknown") == true)
        await w.settle(advanceSeconds: 0.05)
        #expect(try w.order("G001").status == .paid)
    }

    @Test func unknownAndFailedIsFoundByQuerying() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(5)), operatorName: "cashier"))
        #expect(s.paymentOrder?.state == .pending)
        await w.settle(advanceSeconds: 0.05)
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .failed)
        #expect(try w.order("G001").status == .unpaid)
    }

    @Test func waitingForeverIsCancelledAtTheDeadline() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.wechat(4)), operatorName: "cashier"))
        await w.settle(advanceSeconds: 0.3)
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .pending)
        await w.settle(advanceSeconds: 0.2)  // past WeChat's 45 s scaled
        let po = try w.store.paymentOrder(checkoutId: s.checkout.id)
        #expect(po?.state == .closed)
        #expect(try w.sandbox.trade(tradeNo: po!.tradeNo)?.status == .closed)
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.violations() == [])
    }

    @Test func cashierCancelsAWaitingPayment() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(1)), operatorName: "cashier"))
        let c = try await w.engine.cancel(checkoutId: s.checkout.id, by: "cashier")
        #expect(c.paymentOrder?.state == .closed)
        #expect(c.checkout.state == .failed)
        #expect(try w.order("G001").status == .unpaid)
        await w.settle(advanceSeconds: 1)  // the customer would have finished typing: too late
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.sandbox.trade(tradeNo: c.paymentOrder!.tradeNo)?.status == .closed)
    }

    @Test func qrPaymentScannedByTheCustomer() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("D004")], online: 50_000, onlineMode: .qr(.alipay), operatorName: "cashier"))
        #expect(s.paymentOrder?.state == .pending)
        #expect(s.paymentOrder?.qrContent?.contains(s.paymentOrder!.tradeNo) == true)
        try w.sandbox.scan(tradeNo: s.paymentOrder!.tradeNo, outcome: .success)
        await w.settle(advanceSeconds: 0.1)
        #expect(try w.order("D004").status == .paid)
    }

    @Test func abandonedQRIsClosedAfterItsWindow() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("D004")], online: 50_000, onlineMode: .qr(.wechat), operatorName: "cashier"))
        try w.sandbox.scan(tradeNo: s.paymentOrder!.tradeNo, outcome: .abandon)
        await w.drain()
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .closed)
        #expect(try w.order("D004").status == .unpaid)
    }

    @Test func combinedMixedPaymentAcrossOrderTypes() async throws {
        let w = try World()
        let ids = [try w.id("G001"), try w.id("S002"), try w.id("M003")]  // 100.00 + 33.33 + 299.00 = 432.33
        let s = try await w.engine.pay(PaymentPlan(orderIds: ids, coupon: 5_000, couponCode: "GIFT50", cash: 10_001, tendered: 20_000,
                                                   online: 28_232, onlineMode: .code(World.alipay(0)), operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        #expect(s.shares.count == 3)
        for share in s.shares { #expect(share.coupon + share.cash + share.online == share.order.amount.minor) }
        #expect(s.shares.reduce(0) { $0 + $1.coupon } == 5_000)
        #expect(s.shares.reduce(0) { $0 + $1.cash } == 10_001)
        #expect(s.shares.reduce(0) { $0 + $1.online } == 28_232)
        #expect(try w.store.coupon(code: "GIFT50")?.balance.minor == 0)
        #expect(Set(try ids.map { try w.store.order(id: $0)!.status }) == [.paid])
        #expect(try w.violations() == [])
    }

    @Test func aFailedMixedPaymentGivesTheCouponBack() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], coupon: 2_000, couponCode: "GIFT50", cash: 3_000,
                                                   online: 5_000, onlineMode: .code(World.alipay(2)), operatorName: "cashier"))
        #expect(s.checkout.state == .failed)
        #expect(try w.store.coupon(code: "GIFT50")?.balance.minor == 5_000)
        #expect(try w.store.paymentDetails(orderId: w.id("G001")).allSatisfy { $0.state == .failed })
        #expect(try w.violations() == [])
    }

    @Test func badInputIsRefusedAndNothingIsWritten() async throws {
        let w = try World()
        let id = try w.id("G001")
        let before = try w.store.auditCount()
        let plans: [(PaymentPlan, String)] = [
            (PaymentPlan(orderIds: [id], cash: 9_999, operatorName: "cashier"), "add up"),
            (PaymentPlan(orderIds: [id], cash: 10_000, tendered: 5_000, operatorName: "cashier"), "tendered"),
            (PaymentPlan(orderIds: [id], online: 10_000, onlineMode: .code("123"), operatorName: "cashier"), "payment code"),
            (PaymentPlan(orderIds: [id], online: 10_000, operatorName: "cashier"), "payment code"),
            (PaymentPlan(orderIds: [id], coupon: 1_000, couponCode: "OLD", cash: 9_000, operatorName: "cashier"), "expired"),
            (PaymentPlan(orderIds: [id], coupon: 6_000, couponCode: "GIFT50", cash: 4_000, operatorName: "cashier"), "left"),
            (PaymentPlan(orderIds: [id], coupon: 1_000, couponCode: "NOPE", cash: 9_000, operatorName: "cashier"), "no coupon"),
            (PaymentPlan(orderIds: [id, id], cash: 20_000, operatorName: "cashier"), "twice"),
            (PaymentPlan(orderIds: [999], cash: 1, operatorName: "cashier"), "no order"),
            (PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "nobody"), "no user"),
        ]
        for (plan, words) in plans {
            do {
                _ = try await w.engine.pay(plan)
                Issue.record("accepted a bad plan expecting \(words)")
            } catch {
                #expect(Language.en.words(error).lowercased().contains(words), "\(Language.en.words(error))")
            }
        }
        #expect(try w.store.auditCount() == before)
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.store.coupon(code: "GIFT50")?.balance.minor == 5_000)
        #expect(try w.store.lockHolder(orderId: id) == nil)
    }

    @Test func aPaidOrderCannotBePaidAgain() async throws {
        let w = try World()
        let id = try w.id("G001")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
        #expect(await Refused.ofAsync {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "alice"))
        } == Refused.conflict("Order G001 is already paid: nothing is due."))
    }

    @Test func anOrderHeldByAnotherChannelIsRefusedNamingTheHolder() async throws {
        let w = try World()
        let id = try w.id("G001")
        let web = try w.otherProcess(session: "web-1")
        _ = try web.store.lock(orderIds: [id], holder: web.holder("alice", .web), ttl: 60_000)
        do {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
            Issue.record("paid an order held by the web channel")
        } catch {
            #expect(Language.en.words(error).contains("held by web (alice) since"))
        }
        w.clock.advance(seconds: 61)  // the abandoned lock expires
        let s = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
    }

    @Test func anOrderBeingPaidIsRefusedWhileItsPaymentIsOpen() async throws {
        let w = try World()
        let id = try w.id("G001")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], online: 10_000, onlineMode: .code(World.alipay(4)), operatorName: "cashier"))
        let app = try w.otherProcess(session: "app-1")
        w.clock.advance(seconds: 1_000)  // even after the lock has expired
        do {
            _ = try await app.pay(PaymentPlan(orderIds: [id], online: 10_000, onlineMode: .code(World.alipay(0, 1)), operatorName: "alice", channel: .app))
            Issue.record("a second payment was opened")
        } catch {
            #expect(Language.en.words(error).contains("is being paid by counter (cashier)"))
        }
    }

    @Test func aCrashBeforeThePlatformCallIsClosedByThePoller() async throws {
        let w = try World()
        let id = try w.id("G001")
        // The process wrote the payment order, then died before calling the platform.
        let started = try w.store.startCheckout(CheckoutSpec(
            orderIds: [id], coupon: 0, couponCode: nil, cash: 0, tendered: 0, online: 10_000,
            onlineMode: .code(platform: .alipay, masked: "2800…0000"), holder: w.engine.holder("cashier", .counter),
            lockTTL: 60_000, paymentWindow: 600, firstQueryDelay: 30))
        try w.restart()
        await w.drain()
        #expect(try w.store.paymentOrder(checkoutId: started.checkoutId)?.state == .closed)
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.violations() == [])
    }

    @Test func aLateSuccessIsRecordedForReviewNotApplied() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(4)), operatorName: "cashier"))
        _ = try await w.engine.cancel(checkoutId: s.checkout.id, by: "cashier")
        // A platform reports success for the closed payment (e.g. a delayed callback).
        let result = try w.store.paymentSucceeded(id: s.paymentOrder!.id, platformTradeNo: "LATE1")
        #expect(result == .lateSuccess)
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .closed)
        #expect(try w.store.openReviewItems().count == 1)
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.store.paymentSucceeded(id: s.paymentOrder!.id, platformTradeNo: "LATE1") == .lateSuccess)
        #expect(try w.store.openReviewItems().count == 1)
        #expect(try w.violations() == [])
    }

    @Test func duplicateAnswersChangeNothing() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(0)), operatorName: "cashier"))
        let audit = try w.store.auditCount()
        #expect(try w.store.paymentSucceeded(id: s.paymentOrder!.id, platformTradeNo: nil) == .duplicate)
        #expect(try w.store.paymentFailed(id: s.paymentOrder!.id, reason: "x") == .ignored)
        #expect(try w.store.auditCount() == audit)
    }
}

@Suite struct CancelOrderTests {
    @Test func onlyAnUnpaidOrderNobodyHoldsCanBeCancelled() async throws {
        let w = try World()
        let id = try w.id("G001")
        let cancelled = try w.store.cancelOrder(id: id, by: "cashier", channel: .counter)
        #expect(cancelled.status == .cancelled)
        #expect(await Refused.ofAsync {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 10_000, operatorName: "cashier"))
        } == Refused.conflict("Order G001 is cancelled: it cannot be paid."))
        #expect(throws: CashierError.self) { _ = try w.store.cancelOrder(id: id, by: "cashier", channel: .counter) }
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], cash: 3_333, operatorName: "cashier"))
        #expect(throws: CashierError.self) { _ = try w.store.cancelOrder(id: try w.id("S002"), by: "cashier", channel: .counter) }
        _ = try w.store.lock(orderIds: [try w.id("M003")], holder: w.engine.holder("alice", .web), ttl: 60_000)
        #expect(throws: CashierError.self) { _ = try w.store.cancelOrder(id: try w.id("M003"), by: "cashier", channel: .counter) }
        #expect(throws: CashierError.self) { _ = try w.store.cancelOrder(id: try w.id("D004"), by: "ghost", channel: .counter) }
        #expect(try w.violations() == [])
    }
}

@Suite struct LateSuccessTests {
    /// The store gave up on a payment the platform in fact took (here: the local decision is forced
    /// to failed while the platform succeeded): the late report is recorded, never applied, and the
    /// money goes back at the platform.
    @Test func aLateSuccessIsReversedAtThePlatform() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(3)), operatorName: "cashier"))
        let po = try #require(s.paymentOrder)
        #expect(try w.store.paymentFailed(id: po.id, reason: "forced for the test") == .applied)
        #expect(try w.sandbox.trade(tradeNo: po.tradeNo)?.status == .succeeded)
        let result = try await w.engine.platformReportedSuccess(tradeNo: po.tradeNo, platformTradeNo: "X1")
        #expect(result == .lateSuccess)
        #expect(try w.order("G001").status == .unpaid)
        #expect(try w.sandbox.trade(tradeNo: po.tradeNo)?.reversed == true)
        #expect(try w.store.openReviewItems().isEmpty, "the reversal resolves the review item")
        #expect(try w.violations() == [])
    }

    @Test func aReportThePlatformDoesNotConfirmChangesNothing() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(4)), operatorName: "cashier"))
        _ = try await w.engine.cancel(checkoutId: s.checkout.id, by: "cashier")
        // The platform never took the money: the report is not confirmed and changes nothing.
        let result = try await w.engine.platformReportedSuccess(tradeNo: s.paymentOrder!.tradeNo, platformTradeNo: "X2")
        #expect(result == .ignored)
        #expect(try w.store.openReviewItems().isEmpty)
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .closed)
        #expect(try w.order("G001").status == .unpaid)
    }

    /// Callbacks are hints: a success report for a payment still waiting at the platform is
    /// checked by a query and changes nothing.
    @Test func aForgedReportForAWaitingPaymentChangesNothing() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(4)), operatorName: "cashier"))
        let result = try await w.engine.platformReportedSuccess(tradeNo: s.paymentOrder!.tradeNo, platformTradeNo: "FORGED")
        #expect(result == .ignored)
        #expect(try w.store.paymentOrder(checkoutId: s.checkout.id)?.state == .pending)
        #expect(try w.order("G001").status == .paying)
    }
}
