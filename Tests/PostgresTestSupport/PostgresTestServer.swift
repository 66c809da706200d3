import Foundation
import SQLSeam
import SQLSeamPostgres
import Testing

/// A throwaway PostgreSQL server for this test process: initdb into a temporary folder (as the
/// unprivileged `nobody` when the tests run as root, since initdb refuses root), `fsync=off`, on a
/// free loopback port; a watchdog stops it and deletes the folder when this process ends, however it
/// ends. Each test gets its own database, copied from a template prepared once.
///
/// Found at `$CASHIER_POSTGRES_BIN`, else the newest /usr/lib/postgresql/*/bin. Without it the
/// PostgreSQL tests are skipped and say why — unless `CASHIER_REQUIRE_POSTGRES=1` (CI), when they fail.
public final class PostgresTestServer: @unchecked Sendable {
    public let port: Int
    public let folder: String
    /// Seconds from initdb to accepting connections.
    public let startupSeconds: Double
    let admin: PostgresDatabase
    private let lock = NSLock()
    private var prepared: Set<String> = []
    private var copies = 0

    /// Why this machine cannot run the server, found without starting it (nil: it can).
    public static let prerequisiteProblem: String? = {
        guard let bin = binFolder else {
            return "no PostgreSQL server binaries (initdb, postgres) in $CASHIER_POSTGRES_BIN or /usr/lib/postgresql/*/bin"
        }
        if geteuid() == 0 && runAs == nil {
            return "running as root, and neither `nobody` nor setpriv is there to run \(bin)/initdb unprivileged"
        }
        return nil
    }()

    /// CI sets CASHIER_REQUIRE_POSTGRES=1: a missing server is then a failure, never a skip.
    public static let required = ProcessInfo.processInfo.environment["CASHIER_REQUIRE_POSTGRES"] == "1"

    /// The server, started on first use; or why it could not start.
    public static func shared() throws -> PostgresTestServer {
        try started.get()
    }

    private static let started: Result<PostgresTestServer, PostgresTestServerError> = {
        if let problem = prerequisiteProblem { return .failure(PostgresTestServerError(message: problem)) }
        do { return .success(try PostgresTestServer()) } catch let e as PostgresTestServerError { return .failure(e) } catch {
            return .failure(PostgresTestServerError(message: "\(error)"))
        }
    }()

    static let binFolder: String? = {
        let fm = FileManager.default
        func usable(_ dir: String) -> Bool {
            fm.isExecutableFile(atPath: dir + "/initdb") && fm.isExecutableFile(atPath: dir + "/postgres")
        }
        if let dir = ProcessInfo.processInfo.environment["CASHIER_POSTGRES_BIN"], !dir.isEmpty { return usable(dir) ? dir : nil }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "/usr/lib/postgresql/\($0)/bin" }.first(where: usable)
    }()

    /// As root: the command prefix that runs as `nobody`, with its user and group ids.
    static let runAs: (prefix: String, uid: uid_t, gid: gid_t)? = {
        guard geteuid() == 0 else { return ("", geteuid(), getegid()) }
        guard let pw = getpwnam("nobody"), FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
        let uid = pw.pointee.pw_uid, gid = pw.pointee.pw_gid
        return ("/usr/bin/setpriv --reuid=\(uid) --regid=\(gid) --clear-groups --", uid, gid)
    }()

    private init() throws {
        let start = Date()
        guard let bin = Self.binFolder, let runAs = Self.runAs else { throw PostgresTestServerError(message: "no server binaries") }
        // Under /tmp, which `nobody` can reach (a root user's own temporary folder may not be).
        var template = Array("/tmp/cashier-pg-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw PostgresTestServerError(message: "cannot create a folder under /tmp for the server")
        }
        folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chown(folder, runAs.uid, runAs.gid)
        chmod(folder, 0o700)
        let initdb = runBash(#"cd "$3" && exec $1 "$2/initdb" -D "$3/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$3/initdb.log" 2>&1"#,
                             [runAs.prefix, bin, folder])
        guard initdb == 0 else {
            let log = (try? String(contentsOfFile: folder + "/initdb.log", encoding: .utf8)) ?? ""
            throw PostgresTestServerError(message: "initdb failed (\(initdb.map(String.init) ?? "not started")): \(log.suffix(400))")
        }
        guard let port = freeLoopbackPort() else { throw PostgresTestServerError(message: "no free loopback port") }
        self.port = port
        // The watchdog: the server lives while this process does, then stops and its folder goes.
        // A server that stops while the file `stopped` is there (`restart`) is started again once
        // the file is gone, on the same folder and port.
        let watchdog = #"""
            parent=$1 run=$2 bin=$3 dir=$4 port=$5
            exec >"$dir/server.log" 2>&1
            start() {
                $run "$bin/postgres" -D "$dir/data" -p "$port" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$dir" \
                    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
                    -c shared_buffers=32MB -c log_min_messages=warning &
                pg=$!
            }
            start
            while kill -0 "$parent" 2>/dev/null; do
                if ! kill -0 "$pg" 2>/dev/null; then
                    [ -e "$dir/stopped" ] || break
                    while [ -e "$dir/stopped" ] && kill -0 "$parent" 2>/dev/null; do sleep 0.05; done
                    start
                fi
                sleep 0.1
            done
            kill -INT "$pg" 2>/dev/null; wait "$pg"
            rm -rf "$dir"
            """#
        guard spawnBash(watchdog, [String(getpid()), runAs.prefix, bin, folder, String(port)]) != nil else {
            throw PostgresTestServerError(message: "cannot start the server's watchdog")
        }
        try Self.waitUntilReady(folder)
        admin = PostgresDatabase(PostgresLocation(user: "postgres", host: "127.0.0.1", port: port, database: "postgres"), connections: 1)
        startupSeconds = Date().timeIntervalSince(start)
        // Said once per test process, so a run's log shows where its server was and what it cost.
        FileHandle.standardError.write(Data("PostgreSQL test server: \(bin)/postgres on 127.0.0.1:\(port), ready in \(String(format: "%.2f", startupSeconds)) s (initdb included)\n".utf8))
    }

    /// Ready when postmaster.pid's status line says so (PostgreSQL 10 and later).
    private static func waitUntilReady(_ folder: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while true {
            let pidFile = (try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8)) ?? ""
            let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 7, lines[7].trimmingCharacters(in: .whitespaces) == "ready" { return }
            if Date() > deadline || !FileManager.default.fileExists(atPath: folder + "/data") {
                let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
                throw PostgresTestServerError(message: "the PostgreSQL server did not become ready: \(log.suffix(400))")
            }
            usleep(20_000)
        }
    }

    /// A server of the caller's own, for a test that stops it (`restart`): the shared one serves
    /// every other test of the process at the same time.
    public static func own() throws -> PostgresTestServer {
        if let problem = prerequisiteProblem { throw PostgresTestServerError(message: problem) }
        return try PostgresTestServer()
    }

    /// Stops the server (a fast shutdown: every session is ended, as a server restart does), keeps
    /// it down for `down` seconds, then starts it again on the same data and port; returns when
    /// it accepts connections again.
    public func restart(down: Double) throws {
        let pidPath = folder + "/data/postmaster.pid"
        let text = (try? String(contentsOfFile: pidPath, encoding: .utf8)) ?? ""
        guard let pid = pid_t(text.prefix { $0 != "\n" }) else { throw PostgresTestServerError(message: "no running server to restart") }
        _ = FileManager.default.createFile(atPath: folder + "/stopped", contents: nil)
        kill(pid, SIGINT)
        // The server removes its pid file as the last step of a clean shutdown.
        let deadline = Date().addingTimeInterval(30)
        while FileManager.default.fileExists(atPath: pidPath) {
            guard Date() < deadline else { throw PostgresTestServerError(message: "the server did not stop") }
            usleep(20_000)
        }
        usleep(UInt32(down * 1_000_000))
        try FileManager.default.removeItem(atPath: folder + "/stopped")
        try Self.waitUntilReady(folder)
    }

    /// A new, empty-but-for-`prepare` database of its own: a copy of the template `template`, which
    /// `prepare` fills once per process (its connections must be closed when it returns).
    public func database(template: String = "cashier_empty", prepare: (PostgresLocation) throws -> Void = { _ in }) throws -> PostgresLocation {
        try lock.withLock {
            if !prepared.contains(template) {
                _ = try admin.autocommit { x throws(SQLError) in try x.execute(SQLStatement("CREATE DATABASE \(template)"), []) }
                try prepare(location(template))
                prepared.insert(template)
            }
            copies += 1
            let name = "\(template)_\(copies)"
            _ = try admin.autocommit { x throws(SQLError) in try x.execute(SQLStatement("CREATE DATABASE \(name) TEMPLATE \(template)"), []) }
            return location(name)
        }
    }

    public func location(_ database: String) -> PostgresLocation {
        PostgresLocation(user: "postgres", host: "127.0.0.1", port: port, database: database)
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
