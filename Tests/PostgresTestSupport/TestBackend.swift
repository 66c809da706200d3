import Foundation
import SQLSeam
import SQLSeamPostgres

/// Which engine the store-backed suites run on: SQLite by default, PostgreSQL when
/// `CASHIER_TEST_BACKEND=postgres` (CI runs the suites once each way).
public enum TestBackend: String, Sendable {
    case sqlite, postgres

    public static let current: TestBackend =
        ProcessInfo.processInfo.environment["CASHIER_TEST_BACKEND"]?.lowercased() == "postgres" ? .postgres : .sqlite
}

extension TestBackend {
    /// Where a test's store lives on the current backend: `sqlitePath`, or a PostgreSQL database of
    /// its own (`database`, to drop when done) copied from the template `makeStore` migrates.
    public static func storeAddress(sqlitePath: String, makeStore: @escaping (String) throws -> Void) throws -> (address: String, database: PostgresLocation?) {
        guard current == .postgres else { return (sqlitePath, nil) }
        let l = try PostgresTestServer.shared().storeDatabase(makeStore)
        return (PostgresTestServer.url(l), l)
    }
}

extension PostgresTestServer {
    public static func url(_ l: PostgresLocation) -> String { "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)" }

    /// A database of its own holding an empty Cashier store: a copy of a template that
    /// `makeStore` (the store's own `Store.initialize`) migrated once per process.
    public func storeDatabase(_ makeStore: @escaping (String) throws -> Void) throws -> PostgresLocation {
        try database(template: "cashier_store") { l in try makeStore(Self.url(l)) }
    }

    /// Drops a test's database, ending any connection still open on it: thousands of worlds in
    /// one run would otherwise fill the disk.
    public func drop(_ l: PostgresLocation) {
        try? server.dropDatabase(l.database)
    }
}
