import Foundation

/// Milliseconds since 1970. Every stored time is one of these.
public typealias Millis = Int64

/// Where "now" comes from: the wall clock in the app, a hand-driven one in tests.
public protocol Clock: Sendable {
    func now() -> Millis
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Millis { Millis((Date().timeIntervalSince1970 * 1000).rounded()) }
}

/// A clock tests move by hand.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Millis

    public init(_ start: Millis = 1_790_000_000_000) { current = start }

    public func now() -> Millis { lock.withLock { current } }

    public func advance(seconds: Double) { lock.withLock { current += Millis(seconds * 1000) } }
    public func advance(millis: Millis) { lock.withLock { current += millis } }
}

/// `CASHIER_TIME_SCALE` multiplies every sandbox delay, poller interval and payment deadline,
/// so tests and demos can run 20× faster with 0.05.
public struct TimeScale: Sendable, Equatable {
    public let factor: Double

    public init(_ factor: Double) { self.factor = factor > 0 && factor.isFinite ? factor : 1 }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> TimeScale {
        guard let text = env["CASHIER_TIME_SCALE"], let value = Double(text), value > 0, value.isFinite else { return TimeScale(1) }
        return TimeScale(value)
    }

    /// A duration in seconds, scaled, as milliseconds (at least 1 ms).
    /// A day of real time at most, so a silly factor cannot overflow a timestamp.
    public func millis(_ seconds: Double) -> Millis {
        let ms = (seconds * factor * 1000).rounded()
        guard ms.isFinite else { return 1 }
        return Millis(min(max(ms, 1), 86_400_000))
    }
}
