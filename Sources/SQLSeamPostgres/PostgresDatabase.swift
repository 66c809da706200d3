import Foundation
import Logging
import PostgresNIO
import SQLSeam

/// The seam over PostgreSQL. Reads run in a REPEATABLE READ READ ONLY transaction (one snapshot,
/// as SQLite's readers have); writes in READ COMMITTED, where compare-and-set updates, conditional
/// upserts and `FOR UPDATE SKIP LOCKED` claims keep their guarantees, and `.serialized` writes first
/// take a transaction-scoped advisory lock so that they run one at a time across every host.
/// A write that failed with a serialization failure or deadlock was rolled back whole and runs again;
/// one whose COMMIT was cut off is never run again (`commitOutcomeUnknown`).
public final class PostgresDatabase: SQLDatabase, Sendable {
    public let location: PostgresLocation
    public var dialect: SQLDialect { .postgres }
    let pool: ConnectionPool
    let changeCounter: ChangeCounter?
    let logger: Logger
    let maxAttempts: Int

    /// `connections`: the most this process opens. `applicationName` shows in pg_stat_activity
    /// (a terminal's name, say). Nothing is sent until the first transaction.
    public init(_ location: PostgresLocation, connections: Int = 8, changeCounter: ChangeCounter? = nil,
                applicationName: String = "cashier", maxAttempts: Int = 8, logger: Logger = Logger(label: "cashier.sql")) {
        self.location = location
        self.changeCounter = changeCounter
        self.logger = logger
        self.maxAttempts = maxAttempts
        var config = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                      password: location.password, database: location.database, tls: .disable)
        config.options.additionalStartupParameters = [("application_name", applicationName)]
        config.options.connectTimeout = .seconds(10)
        pool = ConnectionPool(configuration: config, limit: max(1, connections), logger: logger)
    }

    public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { x in try body(x) }
    }

    @discardableResult
    public func write<T>(_ kind: WriteKind, _ body: (any SQLExecutor) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED") { x in
                    if case .serialized(let key) = kind {
                        try x.execute("SELECT pg_advisory_xact_lock(?)", [.integer(key)])
                    }
                    let result = try body(x)
                    // Last, so that the counter's row is locked only while this transaction commits.
                    if x.changed > 0, let counter = changeCounter { try x.execute(counter.bump, []) }
                    return result
                }
            } catch let e as SQLError where e.isRetryable && attempt < maxAttempts {
                // Rolled back whole: run it again after a short, growing, jittered pause.
                Thread.sleep(forTimeInterval: Double.random(in: 0.001...0.005) * Double(attempt))
            }
        }
    }

    /// One transaction on one pooled connection: BEGIN, the body, COMMIT; ROLLBACK when the body throws.
    private func transaction<T>(begin: String, _ body: (PostgresExecutor) throws -> T) throws -> T {
        let (connection, x) = try begun(begin)
        var broken = false
        defer { pool.release(connection, broken: broken) }
        let result: T
        do {
            result = try body(x)
        } catch {
            do { try x.raw("ROLLBACK") } catch { broken = true }
            throw error
        }
        do {
            try x.raw("COMMIT")
        } catch .unreachable(let why) {
            broken = true
            throw SQLError.commitOutcomeUnknown(why)
        } catch {
            // The server refused the COMMIT (a deferred constraint, a serialization failure): rolled back.
            throw error
        }
        return result
    }

    /// A connection with its transaction begun. An idle connection the server dropped (a restart, an
    /// idle timeout) fails at BEGIN, before anything of the transaction was sent: it is replaced by a
    /// new one, as many times as the pool may hold connections, so connections come back by themselves.
    private func begun(_ begin: String) throws(SQLError) -> (PostgresConnection, PostgresExecutor) {
        var attempts = 0
        while true {
            attempts += 1
            let connection = try pool.acquire()
            let x = PostgresExecutor(connection: connection, logger: logger)
            do {
                try x.raw(begin)
                return (connection, x)
            } catch {
                pool.release(connection, broken: true)
                guard case .unreachable = error, attempts <= pool.limit else { throw error }
            }
        }
    }

    public func changeToken() throws(SQLError) -> Int64 {
        guard let counter = changeCounter else { return 0 }
        return try autocommit { x throws(SQLError) in try x.rows(counter.read, []).first?.get(at: 0) ?? 0 }
    }

    public func now() throws(SQLError) -> Int64 {
        try autocommit { x throws(SQLError) in
            try x.rows("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint", []).first?.get(at: 0) ?? 0
        }
    }

    /// One statement outside any transaction (CREATE DATABASE, a cheap poll).
    @discardableResult
    public func autocommit<T>(_ body: (any SQLExecutor) throws(SQLError) -> T) throws(SQLError) -> T {
        let connection = try pool.acquire()
        var broken = false
        defer { pool.release(connection, broken: broken) }
        do {
            return try body(PostgresExecutor(connection: connection, logger: logger))
        } catch {
            if case .unreachable = error { broken = true }
            throw error
        }
    }

    public func close() { pool.close() }
}
