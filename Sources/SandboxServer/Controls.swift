import CashierCore
import Foundation
import PaymentPlatform

/// What happens to notifications, chosen by `--notify-mode` or `POST /sandbox/notify?mode=`.
public enum NotifyMode: String, CaseIterable, Sendable {
    /// Sent at once, retried on its protocol's schedule until the receiver accepts it.
    case normal
    /// Never sent: only querying finds out.
    case lost
    /// Every attempt is sent twice.
    case duplicate
    /// The first attempt waits `delay` seconds (scaled).
    case delayed
    /// WAIT_BUYER_PAY is announced too, and notifications are held until none came for `delay`
    /// seconds (scaled), then sent newest first: a trade's later status arrives before its earlier one.
    case reorder
}

/// The sandbox server's switches, changed while it runs (admin endpoint) and read by every request.
public final class SandboxControls: @unchecked Sendable {
    private let lock = NSLock()
    private var _mode: NotifyMode
    private var _delaySeconds: Double
    private var outageUntil: Millis = 0
    private let clock: any Clock

    public init(mode: NotifyMode = .normal, delaySeconds: Double = 15, clock: any Clock = SystemClock()) {
        _mode = mode
        _delaySeconds = delaySeconds
        self.clock = clock
    }

    public var mode: NotifyMode { lock.withLock { _mode } }
    public var delaySeconds: Double { lock.withLock { _delaySeconds } }

    public func set(mode: NotifyMode, delaySeconds: Double? = nil) {
        lock.withLock {
            _mode = mode
            if let delaySeconds { _delaySeconds = delaySeconds }
        }
    }

    /// The platform is unreachable for `seconds` of real time (0 ends an outage).
    public func outage(seconds: Double) {
        let until = clock.now() + Millis(max(0, seconds) * 1000)
        lock.withLock { outageUntil = until }
    }

    /// How changes become notifications under the current mode.
    public func noticePolicy(timeScale: TimeScale) -> SandboxNoticePolicy {
        let (mode, delay) = lock.withLock { (_mode, _delaySeconds) }
        return SandboxNoticePolicy(announceWaiting: mode == .reorder, holdMillis: mode == .delayed ? timeScale.millis(delay) : 0)
    }

    public var inOutage: Bool {
        let now = clock.now()
        return lock.withLock { now < outageUntil }
    }
}

/// Alipay retries a notification 4m, 10m, 10m, 1h, 2h, 6h and 15h after a failed attempt
/// (eight attempts over about 25 hours), here multiplied by the time scale.
public enum NotifySchedule {
    public static let retrySeconds: [Double] = [240, 600, 600, 3600, 7200, 21600, 54000]

    /// When to try again after `attempts` failed attempts, or nil once the schedule is spent.
    public static func retryAt(after attempts: Int, now: Millis, timeScale: TimeScale) -> Millis? {
        guard attempts >= 1, attempts <= retrySeconds.count else { return nil }
        return now + timeScale.millis(retrySeconds[attempts - 1])
    }
}
