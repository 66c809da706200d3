import Foundation

/// The real console in a real terminal: tmux on its own socket, keys by name, screens as text.
final class Tmux: @unchecked Sendable {
    let socket = "cashier-test-\(UUID().uuidString.prefix(8))"
    let session = "console"

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || which("tmux") != nil }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs a tmux command with posix_spawn and waitpid (Foundation's Process can miss the exit of
    /// a client whose server daemonises); `capture` reads its output.
    @discardableResult
    func tmux(_ args: [String], capture: Bool = false) -> String {
        // Through bash, closing every inherited descriptor above 2 first: the tmux server lives on,
        // and must not keep open the pipes of other tests' child processes (their readers would
        // never see end-of-file).
        let closeAll = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#
        let argv = ["/bin/bash", "-c", closeAll, Tmux.which("tmux") ?? "/usr/bin/tmux", "-u", "-L", socket] + args
        var fds: [Int32] = [-1, -1]
        if capture { guard pipe(&fds) == 0 else { return "" } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        // Default signal handling and an empty mask: the test runner may ignore SIGHUP, and the
        // pane's shell must die when the server is killed.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, environ)
        if capture { close(fds[1]) }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while spawned == 0 {
                let n = read(fds[0], &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                output.append(contentsOf: buffer[0..<n])
            }
            close(fds[0])
        }
        if spawned == 0 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Starts the console binary with the CLI's environment (store, time scale) in a width×height window.
    func start(_ cli: CLI, args: [String] = [], width: Int = 100, height: Int = 30, extraEnv: [String: String] = [:]) {
        var env = cli.environment
        for (k, v) in extraEnv { env[k] = v }
        env["TERM"] = "screen-256color"
        // CI may run with no locale at all: ncurses needs a UTF-8 one for CJK names and box lines.
        if !(env["LANG"] ?? "").lowercased().contains("utf") { env["LANG"] = "C.UTF-8" }
        // A crash prints Swift's backtrace and ends, instead of waiting at its interactive prompt.
        env["SWIFT_BACKTRACE"] = "interactive=no"
        let assignments = env.filter { ["CASHIER_STORE", "CASHIER_TIME_SCALE", "CASHIER_PIN_ROUNDS", "TERM", "NO_COLOR", "HOME", "PATH", "LANG", "SWIFT_BACKTRACE"].contains($0.key) }
            .map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        // Markers around the console show, after it ends, that the normal screen came back.
        let command = "echo BEFORE-CONSOLE; env \(assignments) \(CLI.binary) \(args.joined(separator: " ")); echo AFTER-CONSOLE rc=$?; sleep 5"
        tmux(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), command])
    }

    /// The console's process id (the child of the pane's shell).
    func consolePid() -> pid_t? {
        let shell = tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"], capture: true).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8) else { return nil }
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    func keys(_ keys: String...) { tmux(["send-keys", "-t", session] + keys) }
    func type(_ text: String) { tmux(["send-keys", "-t", session, "-l", text]) }
    func screen() -> String { tmux(["capture-pane", "-p", "-t", session], capture: true) }
    func screenWithEscapes() -> String { tmux(["capture-pane", "-p", "-e", "-t", session], capture: true) }
    func resize(width: Int, height: Int) { tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)]) }

    /// Waits until the screen shows `text` (no key is pressed meanwhile); returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = screen()
            if s.contains(text) { return s }
            usleep(100_000)
        }
        return nil
    }

    /// Ends the server, the console and its shell. Tests call it in a defer; deinit is a fallback.
    func stop() { tmux(["kill-server"]) }

    deinit { stop() }
}
