import CashierCore
@testable import CashierEngine
import PaymentPlatform
import Testing

/// The schedule alone: pure functions of `now`, at scale 1 and scaled.
@Suite struct PollScheduleTests {
    let s = PollSchedule(timeScale: TimeScale(1))

    @Test func codeDeadlinesPerPlatform() throws {
        #expect(s.codeDeadline(.wechat) == 45)
        #expect(s.codeDeadline(.alipay) == 60 && s.codeDeadline(.unionpay) == 60)
        let wechat = try PaymentCode("134567890123456789")
        #expect(s.paymentWindow(.code(wechat)) == 45_000)
        #expect(s.paymentWindow(.qr(.alipay)) == 180_000)
        #expect(s.lockTTL == 210_000)
    }

    @Test func codePaymentsEveryThreeSecondsNeverPastTheDeadline() {
        #expect(s.codeQueryDelay == 3_000)
        #expect(s.nextCodeQuery(now: 1_000) == 4_000)
        #expect(s.nextPaymentQuery(isQR: false, createdAt: 0, deadline: 60_000, now: 10_000) == 13_000)
        #expect(s.nextPaymentQuery(isQR: false, createdAt: 0, deadline: 11_000, now: 10_000) == 11_000)
        // At or past the deadline: the very next moment, never now (it is closed then).
        #expect(s.nextPaymentQuery(isQR: false, createdAt: 0, deadline: 5_000, now: 10_000) == 10_001)
    }

    @Test func wechatsReverseIsCalledAgainWhileRecallIsYOneSecondApart() {
        // WeChat's guidance: at the deadline (45 s) reverse, and again while it answers recall=Y.
        #expect(s.wechatRecallDelay == 1 && s.wechatRecallAttempts == 5)
        #expect(s.scaled(s.wechatRecallDelay) == 1)
        #expect(PollSchedule(timeScale: TimeScale(0.05)).scaled(1) == 0.05)
    }

    @Test func qrPaymentsBackOffFromTwoToFifteenSeconds() {
        #expect(s.firstQRQuery(now: 0) == 2_000)
        #expect(s.nextPaymentQuery(isQR: true, createdAt: 0, deadline: 180_000, now: 1_000) == 3_000)
        #expect(s.nextPaymentQuery(isQR: true, createdAt: 0, deadline: 180_000, now: 40_000) == 50_000)
        #expect(s.nextPaymentQuery(isQR: true, createdAt: 0, deadline: 180_000, now: 100_000) == 115_000)
    }

    @Test func refundsBackOffFromTwoToSixtySeconds() {
        #expect(s.nextRefundQuery(createdAt: 0, now: 1_000) == 3_000)
        #expect(s.nextRefundQuery(createdAt: 0, now: 100_000) == 125_000)
        #expect(s.nextRefundQuery(createdAt: 0, now: 1_000_000) == 1_060_000)
    }

    @Test func graceAndCancelRefused() {
        #expect(s.stillInGrace(createdAt: 0, now: 9_999) && !s.stillInGrace(createdAt: 0, now: 10_000))
        #expect(!s.unansweredTooLong(deadline: 60_000, now: 69_999) && s.unansweredTooLong(deadline: 60_000, now: 70_000))
        #expect(s.afterCancelRefused(now: 0) == 9_000)
    }

    @Test func everyScaledWaitFollowsTheScale() throws {
        let fast = PollSchedule(timeScale: TimeScale(0.1))
        #expect(fast.codeQueryDelay == 300 && fast.firstQRQuery(now: 0) == 200 && fast.lockTTL == 21_000)
        #expect(fast.nextRefundQuery(createdAt: 0, now: 1_000_000) == 1_006_000)
        // The lease and the idle sleep are real time: platform calls take real time.
        #expect(fast.leaseMillis == s.leaseMillis && fast.idleSeconds == s.idleSeconds)
        #expect(EngineConfig(timeScale: TimeScale(0.1)).poll == fast)
    }
}
