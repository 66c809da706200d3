import CashierStore
import Foundation

/// The SQL statements the store's connections run (`Store.traceStatements`).
final class StatementTally: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []

    func add(_ sql: String) { lock.withLock { seen.append(sql) } }
    func take() -> [String] { lock.withLock { defer { seen = [] }; return seen } }

    /// Starts (or with nil stops) counting `store`'s statements into `tally`.
    static func trace(_ store: Store, into tally: StatementTally?) throws {
        guard let tally else { return try store.traceStatements(nil) }
        try store.traceStatements { sql in tally.add(sql) }
    }
}

extension Array where Element == String {
    /// Statements the program ran, and trigger programs SQLite ran for them.
    var split: (statements: Int, triggers: Int) {
        (filter { !$0.hasPrefix("--") }.count, filter { $0.hasPrefix("-- TRIGGER") }.count)
    }
}
