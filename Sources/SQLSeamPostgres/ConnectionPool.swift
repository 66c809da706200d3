import Foundation
import Logging
import PostgresNIO
import SQLSeam

/// At most `limit` connections, handed to one caller at a time; callers block while all are busy.
/// Synchronous on purpose: the store's methods are synchronous (as GRDB's are), so a transaction
/// blocks its caller's thread on the network round trips, never an event loop's.
final class ConnectionPool: @unchecked Sendable {
    private let configuration: PostgresConnection.Configuration
    let limit: Int
    private let logger: Logger
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var closed = false
    private var nextID = 0

    init(configuration: PostgresConnection.Configuration, limit: Int, logger: Logger) {
        self.configuration = configuration
        self.limit = limit
        self.logger = logger
    }

    func acquire() throws(SQLError) -> PostgresConnection {
        condition.lock()
        while true {
            if closed { condition.unlock(); throw .unreachable("the store's connections are closed") }
            if let c = idle.popLast() {
                condition.unlock()
                if c.isClosed { return try replace() }
                return c
            }
            if open < limit { break }
            condition.wait()
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        return try connect(id: id)
    }

    /// A connection back for the next caller; a broken one is dropped (its place is free again).
    func release(_ connection: PostgresConnection, broken: Bool) {
        condition.lock()
        if broken || closed || connection.isClosed {
            open -= 1
            condition.unlock()
            // Held until closed: PostgresNIO requires a connection to be closed before it goes.
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
        } else {
            idle.append(connection)
            condition.unlock()
        }
        condition.signal()
    }

    /// A pool dropped without `close()` (a command that failed after opening its store) still
    /// ends its connections: PostgresNIO treats a connection freed while open as a bug.
    deinit { close() }

    func close() {
        condition.lock()
        closed = true
        let all = idle
        idle = []
        open -= all.count
        condition.unlock()
        condition.broadcast()
        for c in all { let closing: EventLoopFuture<Void> = c.close(); try? closing.wait() }
    }

    private func replace() throws(SQLError) -> PostgresConnection {
        condition.lock()
        nextID += 1
        let id = nextID
        condition.unlock()
        return try connect(id: id)
    }

    private func connect(id: Int) throws(SQLError) -> PostgresConnection {
        do {
            return try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(),
                                                  configuration: configuration, id: id, logger: logger).wait()
        } catch {
            condition.lock()
            open -= 1
            condition.unlock()
            condition.signal()
            throw PostgresExecutor.translate(error)
        }
    }
}
