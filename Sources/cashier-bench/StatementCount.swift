import Foundation

/// The SQL statements the store's connections run (`Store.traceStatements`, hooked in main.swift).
final class StatementTally: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []

    func add(_ sql: String) { lock.withLock { seen.append(sql) } }
    func take() -> [String] { lock.withLock { defer { seen = [] }; return seen } }

}

extension Array where Element == String {
    /// Statements the program ran, and trigger programs SQLite ran for them.
    var split: (statements: Int, triggers: Int) {
        (filter { !$0.hasPrefix("--") }.count, filter { $0.hasPrefix("-- TRIGGER") }.count)
    }
}
