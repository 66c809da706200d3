import Dispatch
import Foundation

/// Which calls must wait for each other. Calls on one lane run in the order update asked for
/// them; lanes run beside each other, so a payment call stuck on a slow platform never holds up a
/// list refresh or the change check. Newest-wins needs no ordering: a superseded answer is
/// dropped by its id (see `AppState.receive`).
enum Lane: Hashable, Sendable {
    /// Taking, renewing and releasing order locks: a release must not overtake the lock it undoes.
    case locks
    /// Starting, re-starting, cancelling and reading a checkout: the platform may be slow here.
    case payment
    /// Everything else, one lane per slot (a slot's calls supersede each other anyway).
    case slot(Call.Slot)

    init(_ call: Call) {
        switch call.slot {
        case .lock, .renewLock: self = .locks
        case .payment: self = .payment
        case let slot: self = .slot(slot)
        }
    }
}

/// One serial queue per lane, made when first needed, and a group to wait for them all.
final class Lanes: @unchecked Sendable {
    // The lock guards `queues`; work is started from the main thread but tests may wait from any.
    private let lock = NSLock()
    private var queues: [Lane: DispatchQueue] = [:]
    private let group = DispatchGroup()

    func run(on lane: Lane, _ work: @escaping @Sendable () -> Void) {
        let queue = lock.withLock {
            if let queue = queues[lane] { return queue }
            let queue = DispatchQueue(label: "cashier.console.lane.\(lane)")
            queues[lane] = queue
            return queue
        }
        queue.async(group: group, execute: work)
    }

    /// Blocks until every piece of work started so far has finished.
    func waitUntilIdle() { group.wait() }
}
