import CashierCore
import Foundation
import SQLSeam

/// The database server's clock, for a store shared by many hosts: leases, payment deadlines and
/// business days then agree between hosts whose own clocks drift. Reading the server on every
/// `now()` would cost a round trip per statement, so the clock keeps the server's offset from this
/// host's clock, measured at the midpoint of a round trip and measured again every few seconds.
/// It never goes back, even when a new measurement is smaller.
public final class DatabaseClock: Clock, @unchecked Sendable {
    private let db: any SQLDatabase
    private let remeasureEvery: Millis
    private let local: @Sendable () -> Millis
    private let lock = NSLock()
    private var offset: Millis = 0
    private var measuredAt: Millis?
    private var last: Millis = .min

    /// `local` is this host's clock (injectable so that a test can make it drift).
    public init(_ db: any SQLDatabase, remeasureEvery: Millis = 5_000,
                local: @escaping @Sendable () -> Millis = { SystemClock().now() }) {
        self.db = db
        self.remeasureEvery = remeasureEvery
        self.local = local
    }

    public func now() -> Millis {
        lock.lock()
        defer { lock.unlock() }
        let here = local()
        if measuredAt.map({ here - $0 >= remeasureEvery || here < $0 }) ?? true {
            let before = local()
            // Unreachable server: keep the last offset (or none); the next call measures again.
            if let server = try? db.now() {
                let after = local()
                offset = server - (before + (after - before) / 2)
                measuredAt = after
            }
        }
        last = max(last, here + offset)
        return last
    }
}
