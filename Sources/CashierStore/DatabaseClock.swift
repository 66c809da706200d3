import CashierCore
import Foundation
import SQLSeam

/// The database server's clock, for a store shared by many hosts: leases, payment deadlines and
/// business days then agree between hosts whose own clocks drift. Reading the server on every
/// `now()` would cost a round trip per statement, so the clock keeps the server's offset from this
/// host's clock, measured at the midpoint of a round trip and measured again every few seconds.
/// It never goes back, even when a new measurement is smaller. Once measured, one caller measures
/// again while the others read on with the last offset: a slow or unreachable server never holds
/// every caller up, and an unreachable one is asked again after a second, not on every call.
public final class DatabaseClock: Clock, @unchecked Sendable {
    private let db: any SQLDatabase
    private let remeasureEvery: Millis
    private let local: @Sendable () -> Millis
    private let lock = NSLock()
    private var offset: Millis = 0
    /// When the next measurement is due (nil: never measured yet).
    private var dueAt: Millis?
    private var measuring = false
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
        if let dueAt {
            let here = local()
            if !measuring && (here >= dueAt || here < dueAt - remeasureEvery) {
                // Measured without the lock: the others read on with the last offset meanwhile.
                measuring = true
                lock.unlock()
                let measured = serverOffset()
                lock.lock()
                measuring = false
                record(measured)
            }
        } else {
            // The first measurement is waited for by all: before it there is no offset to read with.
            record(serverOffset())
        }
        last = max(last, local() + offset)
        return last
    }

    /// The server's offset from this host's clock at the midpoint of a round trip (nil: unreachable).
    private func serverOffset() -> (offset: Millis?, at: Millis) {
        let before = local()
        let server = try? db.now()
        let after = local()
        return (server.map { $0 - (before + (after - before) / 2) }, after)
    }

    /// Under the lock: an unreachable server keeps the last offset (or none) and is asked again soon.
    private func record(_ m: (offset: Millis?, at: Millis)) {
        if let measured = m.offset { offset = measured }
        dueAt = m.at + (m.offset == nil ? min(remeasureEvery, 1_000) : remeasureEvery)
    }
}
