import Foundation

/// Runs the receipts worker in the background of this process, so a payment commits and returns
/// without waiting for files or the printer (its receipt is numbered in the payment's own
/// transaction by the store's trigger). Kicks coalesce: while a pass runs, any number of kicks
/// make one more pass. `drain()` waits until no pass is running, for processes about to exit.
final class ReceiptQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var running: Task<Void, Never>?
    private var again = false

    /// Starts a pass unless one is running (then that pass is followed by one more).
    func kick(_ pass: @escaping @Sendable () async -> Void) {
        lock.withLock {
            if running != nil { again = true; return }
            // The task ends by clearing `running` under this lock, so it cannot end before it is stored.
            running = Task.detached(priority: .utility) { [self] in
                repeat { await pass() } while lock.withLock {
                    if again { again = false; return true }
                    running = nil
                    return false
                }
            }
        }
    }

    /// Returns once no pass is running (passes kicked meanwhile included).
    func drain() async {
        while let task = lock.withLock({ running }) { await task.value }
    }
}

extension Engine {
    /// After this process settled a payment: its receipt is written (and printed) in the background.
    func kickReceipts() {
        guard config.receipts.enabled else { return }
        receiptQueue.kick { [self] in await receiptsUntilNoneClaimable() }
    }

    /// Waits for this process's background receipts, then writes whatever is still pending for this
    /// terminal. A process that settled payments calls it before it exits (the CLI's `pay`, the demo).
    public func flushReceipts() async {
        await receiptQueue.drain()
        await receiptsUntilNoneClaimable()
    }

    /// Passes until one finds less than a full batch (payments may outrun a pass).
    func receiptsUntilNoneClaimable() async {
        let batch = 20
        while let run = await receiptsAfterSettlement(limit: batch), run.written + run.notWritten == batch {}
    }
}
