import Foundation
import PostgresScratch
import SQLSeam
import SQLSeamPostgres
import Testing

/// The throwaway PostgreSQL server of this test process (`PostgresScratchServer`: initdb into a
/// temporary folder, `fsync=off`, a free loopback port, stopped by a watchdog when the process
/// ends), started on first use. Each test gets its own database, copied from a template prepared once.
///
/// Without server binaries the PostgreSQL tests are skipped and say why — unless
/// `CASHIER_REQUIRE_POSTGRES=1` (CI), when they fail.
public final class PostgresTestServer: @unchecked Sendable {
    public let server: PostgresScratchServer
    public var port: Int { server.port }
    public var folder: String { server.folder }
    /// Seconds from initdb to accepting connections.
    public var startupSeconds: Double { server.startupSeconds }
    private let lock = NSLock()
    private var prepared: Set<String> = []
    private var copies = 0

    /// Why this machine cannot run the server, found without starting it (nil: it can).
    public static var prerequisiteProblem: String? { PostgresScratchServer.prerequisiteProblem }

    /// CI sets CASHIER_REQUIRE_POSTGRES=1: a missing server is then a failure, never a skip.
    public static let required = ProcessInfo.processInfo.environment["CASHIER_REQUIRE_POSTGRES"] == "1"

    /// The server, started on first use; or why it could not start.
    public static func shared() throws -> PostgresTestServer {
        try started.get()
    }

    private static let started: Result<PostgresTestServer, PostgresTestServerError> = {
        do {
            let server = try PostgresScratchServer()
            // Said once per test process, so a run's log shows where its server was and what it cost.
            FileHandle.standardError.write(Data(("PostgreSQL test server: \(server.binFolder)/postgres on 127.0.0.1:\(server.port), "
                + "ready in \(String(format: "%.2f", server.startupSeconds)) s (initdb included)\n").utf8))
            return .success(PostgresTestServer(server))
        } catch {
            return .failure(PostgresTestServerError(message: "\(error)"))
        }
    }()

    private init(_ server: PostgresScratchServer) {
        self.server = server
    }

    /// A server of the caller's own, for a test that stops it (`restart`): the shared one serves
    /// every other test of the process at the same time.
    public static func own() throws -> PostgresTestServer {
        do { return PostgresTestServer(try PostgresScratchServer()) } catch { throw PostgresTestServerError(message: "\(error)") }
    }

    /// Stops the server (a fast shutdown: every session is ended, as a server restart does), keeps
    /// it down for `down` seconds, then starts it again on the same data and port; returns when
    /// it accepts connections again.
    public func restart(down: Double) throws {
        try server.restart(down: down)
    }

    /// A new, empty-but-for-`prepare` database of its own: a copy of the template `template`, which
    /// `prepare` fills once per process (its connections must be closed when it returns).
    public func database(template: String = "cashier_empty", prepare: (PostgresLocation) throws -> Void = { _ in }) throws -> PostgresLocation {
        try lock.withLock {
            if !prepared.contains(template) {
                try server.createDatabase(template)
                try prepare(location(template))
                prepared.insert(template)
            }
            copies += 1
            let name = "\(template)_\(copies)"
            try server.createDatabase(name, template: template)
            return location(name)
        }
    }

    public func location(_ database: String) -> PostgresLocation {
        server.location(database)
    }
}

public struct PostgresTestServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "PostgreSQL test server: \(message)" }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test when this machine can start the throwaway server (or CI requires it); otherwise
    /// the test is skipped, saying why.
    public static var postgres: Self {
        .enabled(if: PostgresTestServer.required || PostgresTestServer.prerequisiteProblem == nil,
                 Comment(rawValue: "PostgreSQL tests skipped: \(PostgresTestServer.prerequisiteProblem ?? "the server is available")"))
    }
}
