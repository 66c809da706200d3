import Foundation
import SQLSeam
import SQLSeamPostgres

/// A throwaway PostgreSQL server for this process (the tests' and the benchmark's): initdb into a
/// temporary folder (as the unprivileged `nobody` when run as root, since initdb refuses root),
/// `fsync=off`, on a free loopback port. A watchdog stops it and deletes the folder when this
/// process ends, however it ends, or when `stop()` asks.
///
/// Binaries: `$CASHIER_POSTGRES_BIN`, else the newest /usr/lib/postgresql/*/bin.
public final class PostgresScratchServer: Sendable {
    public let port: Int
    public let folder: String
    /// The folder of the binaries it runs (initdb, postgres).
    public let binFolder: String
    /// Seconds from initdb to accepting connections.
    public let startupSeconds: Double
    /// One connection as the superuser, for creating databases (opened on first use).
    private let admin: PostgresDatabase

    /// Why this machine cannot run a server, found without starting one (nil: it can).
    public static let prerequisiteProblem: String? = {
        guard let bin = binaries else {
            return "no PostgreSQL server binaries (initdb, postgres) in $CASHIER_POSTGRES_BIN or /usr/lib/postgresql/*/bin"
        }
        if geteuid() == 0 && runAs == nil {
            return "running as root, and neither `nobody` nor setpriv is there to run \(bin)/initdb unprivileged"
        }
        return nil
    }()

    /// The folder of the server binaries this machine has (nil: none).
    public static let binaries: String? = {
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

    /// Starts a new server and returns once it accepts connections (at most `timeout` seconds).
    /// `settings` are extra `-c name=value` settings (the defaults favour speed over durability).
    public init(settings: [String: String] = [:], timeout: Double = 60) throws(PostgresScratchError) {
        let start = Date()
        if let problem = Self.prerequisiteProblem { throw PostgresScratchError(message: problem) }
        guard let bin = Self.binaries, let runAs = Self.runAs else { throw PostgresScratchError(message: "no server binaries") }
        binFolder = bin
        // Under /tmp, which `nobody` can reach (a root user's own temporary folder may not be).
        var template = Array("/tmp/cashier-pg-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw PostgresScratchError(message: "cannot create a folder under /tmp for the server")
        }
        let folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.folder = folder
        chown(folder, runAs.uid, runAs.gid)
        chmod(folder, 0o700)
        let initdb = runBash(#"cd "$3" && exec $1 "$2/initdb" -D "$3/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$3/initdb.log" 2>&1"#,
                             [runAs.prefix, bin, folder])
        guard initdb == 0 else {
            let log = (try? String(contentsOfFile: folder + "/initdb.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: folder)
            throw PostgresScratchError(message: "initdb failed (\(initdb.map(String.init) ?? "not started")): \(log.suffix(400))")
        }
        guard let port = freeLoopbackPort() else {
            try? FileManager.default.removeItem(atPath: folder)
            throw PostgresScratchError(message: "no free loopback port")
        }
        self.port = port
        let defaults = ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
                        "shared_buffers": "32MB", "log_min_messages": "warning"]
        let options = defaults.merging(settings) { $1 }.sorted { $0.key < $1.key }.map { "-c \($0.key)=\($0.value)" }.joined(separator: " ")
        // The watchdog: the server lives while this process does (and until `stop()` leaves a
        // `stop` file), then stops and its folder goes. It runs in the background of a shell that
        // ends at once and is reaped, so it is never a child of this process: a child of a test
        // process that ended unreaped (a zombie) stalls every Swift Testing exit test after it, whose
        // wait for its own child keeps finding that one instead (and spins a core meanwhile).
        let watchdog = #"""
            parent=$1 run=$2 bin=$3 dir=$4 port=$5 options=$6
            (
                exec >"$dir/server.log" 2>&1
                start() {
                    $run "$bin/postgres" -D "$dir/data" -p "$port" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$dir" $options &
                    pg=$!
                }
                start
                while kill -0 "$parent" 2>/dev/null && [ ! -e "$dir/stop" ]; do
                    # A server that stopped while the file `stopped` is there (`restart`) starts again
                    # once the file is gone, on the same folder and port.
                    if ! kill -0 "$pg" 2>/dev/null; then
                        [ -e "$dir/stopped" ] || break
                        while [ -e "$dir/stopped" ] && kill -0 "$parent" 2>/dev/null; do sleep 0.05; done
                        start
                    fi
                    sleep 0.1
                done
                kill -INT "$pg" 2>/dev/null; wait "$pg"
                rm -rf "$dir"
            ) &
            """#
        guard runBash(watchdog, [String(getpid()), runAs.prefix, bin, folder, String(port), options]) == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            throw PostgresScratchError(message: "cannot start the server's watchdog")
        }
        do {
            try Self.waitUntilReady(folder, timeout: timeout)
        } catch {
            _ = FileManager.default.createFile(atPath: folder + "/stop", contents: nil)
            throw error
        }
        admin = PostgresDatabase(PostgresLocation(user: "postgres", host: "127.0.0.1", port: port, database: "postgres"), connections: 1)
        startupSeconds = Date().timeIntervalSince(start)
    }

    /// Ready when postmaster.pid's status line says so (PostgreSQL 10 and later).
    private static func waitUntilReady(_ folder: String, timeout: Double) throws(PostgresScratchError) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let pidFile = (try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8)) ?? ""
            let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 7, lines[7].trimmingCharacters(in: .whitespaces) == "ready" { return }
            if Date() > deadline || !FileManager.default.fileExists(atPath: folder + "/data") {
                let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
                throw PostgresScratchError(message: "the PostgreSQL server did not become ready: \(log.suffix(400))")
            }
            usleep(20_000)
        }
    }

    /// Stops the server (a fast shutdown: every session is ended, as a server restart does), keeps
    /// it down for `down` seconds, then starts it again on the same data and port; returns when
    /// it accepts connections again.
    public func restart(down: Double) throws(PostgresScratchError) {
        let pidPath = folder + "/data/postmaster.pid"
        let text = (try? String(contentsOfFile: pidPath, encoding: .utf8)) ?? ""
        guard let pid = pid_t(text.prefix { $0 != "\n" }) else { throw PostgresScratchError(message: "no running server to restart") }
        _ = FileManager.default.createFile(atPath: folder + "/stopped", contents: nil)
        kill(pid, SIGINT)
        // The server removes its pid file as the last step of a clean shutdown.
        let deadline = Date().addingTimeInterval(30)
        while FileManager.default.fileExists(atPath: pidPath) {
            guard Date() < deadline else { throw PostgresScratchError(message: "the server did not stop") }
            usleep(20_000)
        }
        usleep(UInt32(down * 1_000_000))
        do { try FileManager.default.removeItem(atPath: folder + "/stopped") } catch {
            throw PostgresScratchError(message: "cannot start the server again: \(error)")
        }
        try Self.waitUntilReady(folder, timeout: 60)
    }

    /// The database `database` on this server, as the superuser `postgres` (trust authentication).
    public func location(_ database: String) -> PostgresLocation {
        PostgresLocation(user: "postgres", host: "127.0.0.1", port: port, database: database)
    }

    /// Creates a database, empty or copied from `template` (whose connections must all be closed).
    public func createDatabase(_ name: String, template: String? = nil) throws(SQLError) {
        _ = try admin.autocommit { x throws(SQLError) in
            try x.execute(SQLStatement("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? "")), [])
        }
    }

    /// Drops a database, ending any connection still open on it.
    public func dropDatabase(_ name: String) throws(SQLError) {
        _ = try admin.autocommit { x throws(SQLError) in
            try x.execute(SQLStatement("DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), [])
        }
    }

    /// Stops the server and deletes its folder now, waiting up to `timeout` seconds for both.
    /// Returns whether the folder is gone.
    @discardableResult
    public func stop(timeout: Double = 30) -> Bool {
        admin.close()
        _ = FileManager.default.createFile(atPath: folder + "/stop", contents: nil)
        let deadline = Date().addingTimeInterval(timeout)
        while FileManager.default.fileExists(atPath: folder) && Date() < deadline { usleep(20_000) }
        return !FileManager.default.fileExists(atPath: folder)
    }
}

public struct PostgresScratchError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
