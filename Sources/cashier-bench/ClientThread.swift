import Foundation

/// A thread of its own for one client's tasks. The store blocks its caller's thread on every round
/// trip to PostgreSQL, and Swift's global pool has only as many threads as cores: 16 clients on it
/// would run two at a time on this machine. A task that prefers this executor runs here instead,
/// as each host's own process would.
@available(macOS 15, *)
final class ClientThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once its queued jobs have run.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty { condition.unlock(); return }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs `clients` bodies at once, each on a thread of its own, and returns the seconds from the
/// first start to the last end.
@available(macOS 15, *)
func concurrently(_ clients: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
    let threads = (0..<clients).map { ClientThread(name: "bench-client-\($0)") }
    defer { for t in threads { t.stop() } }
    return try await secondsAsync {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (c, thread) in threads.enumerated() {
                group.addTask(executorPreference: thread) { try await body(c) }
            }
            try await group.waitForAll()
        }
    }
}
