import CashierStore
import Foundation
import GRDB

/// The SQL statements the store's connections run, through GRDB's trace (SQLite's trace_v2):
/// the writer, and the reader that sequential reads get. A trigger comes as a "-- TRIGGER name"
/// line, then its statements as "-- …" lines.
final class StatementTally: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []

    func add(_ sql: String) { lock.withLock { seen.append(sql) } }
    func take() -> [String] { lock.withLock { defer { seen = [] }; return seen } }

    /// Starts (or with nil stops) tracing `store`'s connections into `tally`.
    static func trace(_ store: Store, into tally: StatementTally?) throws {
        let hook: ((Database.TraceEvent) -> Void)? = tally.map { t in
            { event in if case .statement(let s) = event { t.add(s.sql) } }
        }
        store.pool.writeWithoutTransaction { db in db.trace(options: .statement, hook) }
        try store.pool.read { db in db.trace(options: .statement, hook) }
    }
}

extension Array where Element == String {
    /// Statements the program ran, and trigger programs SQLite ran for them.
    var split: (statements: Int, triggers: Int) {
        (filter { !$0.hasPrefix("--") }.count, filter { $0.hasPrefix("-- TRIGGER") }.count)
    }
}
