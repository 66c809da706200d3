import CashierCore
import PaymentPlatform

/// Every wait of the payment and refund flows in one place: when the platform is asked again,
/// how long a customer may take, how the poller backs off. Seconds before `CASHIER_TIME_SCALE`
/// unless named in milliseconds; the functions are pure (`now` comes in), so they are tested alone.
public struct PollSchedule: Sendable, Equatable {
    public var timeScale: TimeScale

    /// Code payments are queried about this often until their deadline.
    public var codeQueryInterval: Double = 3
    /// How long a code payment may wait for the customer before it is cancelled: WeChat revokes
    /// after about 45 s, Alipay (and UnionPay) wait about 60 s.
    public var wechatCodeDeadline: Double = 45
    public var otherCodeDeadline: Double = 60
    /// WeChat's guidance for a code payment still USERPAYING at its deadline: reverse it, and
    /// call reverse again while it answers recall=Y, this long apart (scaled), at most this often.
    public var wechatRecallDelay: Double = 1
    public var wechatRecallAttempts = 5
    /// How long a QR code waits for the customer before it is closed.
    public var qrWindow: Double = 180
    /// QR payments are first asked after this long, then back off to a quarter of their age…
    public var qrShortestInterval: Double = 2
    /// …never waiting longer than this between two queries.
    public var qrLongestInterval: Double = 15
    /// Refunds back off the same way, from this…
    public var refundShortestInterval: Double = 2
    /// …to this.
    public var refundLongestInterval: Double = 60
    /// A trade the platform has never heard of is given this long before it is closed (the pay
    /// call may still be on its way from another process); also how far past its deadline a
    /// payment the platform does not answer for is kept asking.
    public var notFoundGrace: Double = 10
    /// After the platform refused to cancel, ask again only after this many code intervals.
    public var cancelRefusedBackoff: Double = 3
    /// The order lock outlives the longest payment window by this much, so a slow customer never loses it.
    public var lockMargin: Double = 30
    /// The poller's claim on an item: real time, not scaled (platform calls take real time).
    public var leaseMillis: Millis = 20_000
    /// The most items one poller cycle claims of each kind.
    public var batchLimit = 200
    /// With nothing due, the poller sleeps at most this long (real time) before looking again.
    public var idleSeconds: Double = 1

    public init(timeScale: TimeScale) { self.timeScale = timeScale }

    func millis(_ seconds: Double) -> Millis { timeScale.millis(seconds) }
    /// Seconds after `CASHIER_TIME_SCALE`, for a platform adapter's own waits.
    public func scaled(_ seconds: Double) -> Double { Double(millis(seconds)) / 1000 }

    public func codeDeadline(_ platform: PlatformKind) -> Double {
        platform == .wechat ? wechatCodeDeadline : otherCodeDeadline
    }

    /// How long the platform may wait for the customer, scaled.
    public func paymentWindow(_ mode: PayMode) -> Millis {
        switch mode {
        case .code(let c): return millis(codeDeadline(c.platform))
        case .qr: return millis(qrWindow)
        }
    }

    public var lockTTL: Millis { millis(qrWindow + lockMargin) }

    /// The wait before a code payment is asked about again (scaled).
    public var codeQueryDelay: Millis { millis(codeQueryInterval) }

    /// The next query of a code payment, and of anything asked again "soon".
    public func nextCodeQuery(now: Millis) -> Millis { now + codeQueryDelay }

    /// The first query of a QR code just shown (or one whose creation was not confirmed).
    public func firstQRQuery(now: Millis) -> Millis { now + millis(qrShortestInterval) }

    /// After the platform refused to cancel: it may have been paid, so give it a while.
    public func afterCancelRefused(now: Millis) -> Millis { now + millis(codeQueryInterval * cancelRefusedBackoff) }

    /// A waiting payment: code payments every few seconds; QR payments back off as the wait grows.
    /// Never past the deadline (then it is closed), never now.
    public func nextPaymentQuery(isQR: Bool, createdAt: Millis, deadline: Millis, now: Millis) -> Millis {
        let interval = isQR ? backoff(age: now - createdAt, shortest: qrShortestInterval, longest: qrLongestInterval)
                            : millis(codeQueryInterval)
        return min(now + interval, max(deadline, now + 1))
    }

    /// Refunds: back off as they stay unfinished.
    public func nextRefundQuery(createdAt: Millis, now: Millis) -> Millis {
        now + backoff(age: now - createdAt, shortest: refundShortestInterval, longest: refundLongestInterval)
    }

    /// A quarter of the age, between the shortest and the longest interval.
    func backoff(age: Millis, shortest: Double, longest: Double) -> Millis {
        min(max(millis(shortest), age / 4), millis(longest))
    }

    /// Whether a trade the platform does not know is still within its grace.
    public func stillInGrace(createdAt: Millis, now: Millis) -> Bool { now - createdAt < millis(notFoundGrace) }

    /// Whether a payment the platform does not answer for has run out of time.
    public func unansweredTooLong(deadline: Millis, now: Millis) -> Bool { now >= deadline + millis(notFoundGrace) }
}
