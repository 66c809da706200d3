import Foundation

/// Runs the receipts worker in the background of this process, so a payment commits and returns
/// without waiting for files or the printer (its receipt is numbered in the payment's own
/// transaction by the store's trigger). Passes run on a serial queue of their own, not on Swift's
/// cooperative threads: a pass blocks (files, a printer command up to its timeout). Kicks coalesce:
/// while a pass runs, any number of kicks make one more pass.
final class ReceiptQueue: @unchecked Sendable {
    private let queue = DispatchQueue(label: "cashier.receipts", qos: .utility)
    private let lock = NSLock()
    /// A pass is queued or running.
    private var busy = false
    private var again = false

    /// Starts a pass unless one is running (then that pass is followed by one more).
    func kick(_ pass: @escaping @Sendable () -> Void) {
        let start = lock.withLock {
            if busy { again = true; return false }
            busy = true
            return true
        }
        guard start else { return }
        queue.async { [self] in
            repeat { pass() } while lock.withLock {
                if again { again = false; return true }
                busy = false
                return false
            }
        }
    }

    /// Returns once the passes kicked so far are done. It blocks the caller like the pass it waits
    /// for (as a pass inside the payment did), without a suspension that a busy pool would delay.
    func drain() {
        queue.sync {}
    }
}

extension Engine {
    /// After this process settled a payment: its receipt is written (and printed) in the background.
    func kickReceipts() {
        guard config.receipts.enabled else { return }
        receiptQueue.kick { [self] in receiptsUntilNoneClaimable() }
    }

    /// Waits for this process's background receipts, then writes whatever is still pending for this
    /// terminal. A process that settled payments calls it before it exits (the CLI's `pay`, the demo).
    public func flushReceipts() async {
        receiptQueue.drain()
        receiptsUntilNoneClaimable()
    }

    /// Passes until one finds less than a full batch (payments may outrun a pass).
    func receiptsUntilNoneClaimable() {
        let batch = 20
        while let run = receiptPass(limit: batch), run.written + run.notWritten == batch {}
    }
}
