import Foundation

/// Where background work leaves its results for the main thread.
final class Mailbox: @unchecked Sendable {
    // The lock guards `items`: posted from the effect lanes, drained on the main thread.
    private let lock = NSLock()
    private var items: [Action] = []

    func post(_ action: Action) { lock.withLock { items.append(action) } }

    func drain() -> [Action] {
        lock.withLock {
            defer { items.removeAll() }
            return items
        }
    }
}
