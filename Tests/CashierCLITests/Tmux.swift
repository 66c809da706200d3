import Foundation
import Testing

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

    /// Runs a tmux client (as a `Child`: no inherited descriptors, so the daemonised server
    /// never holds other tests' pipes, and default signals, so the pane's shell dies with it).
    /// Keys are sent again when their client failed (it could not be spawned, or could not reach a
    /// busy server): a failed send-keys delivered nothing, so sending again never doubles a key.
    @discardableResult
    func tmux(_ args: [String], capture: Bool = false) -> String {
        let argv = [Tmux.which("tmux") ?? "/usr/bin/tmux", "-u", "-L", socket] + args
        let attempts = args.first == "send-keys" ? 5 : 1
        for attempt in 1...attempts {
            if attempt > 1 { usleep(200_000) }
            guard let child = Child(argv, environment: ProcessInfo.processInfo.environment, capture: true) else {
                print("tmux \(args.first ?? ""): could not start a client (attempt \(attempt))")
                continue
            }
            let out = Child.readAll(child.outFD)
            let err = Child.readAll(child.errFD)
            let status = child.terminationStatus
            if status == 0 || attempts == 1 { return capture ? String(decoding: out, as: UTF8.self) : "" }
            print("tmux \(args.first ?? "") failed (attempt \(attempt), status \(status)): \(String(decoding: err, as: UTF8.self))")
        }
        return ""
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
        // Every CASHIER_ setting of the host (store, terminal, its files folder, a shared platform's
        // address and keys), so a console on a PostgreSQL store is the same host as its CLI.
        let assignments = env.filter { $0.key.hasPrefix("CASHIER_") || ["TERM", "NO_COLOR", "HOME", "PATH", "LANG", "SWIFT_BACKTRACE"].contains($0.key) }
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
    /// The screen returned is one the console has finished drawing: a capture taken while an
    /// update is still being written may hold the header and not yet the body, so the text must
    /// be there in two captures alike, 50 ms apart.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) -> String? {
        waitUntil(timeout: timeout) { $0.contains(text) }
    }

    /// Waits until a finished screen (as `waitFor`'s) satisfies `shows`; returns it.
    @discardableResult
    /// The first screen that shows `text`, stable or not: for a state that may pass quickly (a
    /// customer paying while the waiting screen counts), where the claim is only that it was shown.
    func glimpse(_ text: String, timeout: Double = 15) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = screen()
            if s.contains(text) { return s }
            usleep(20_000)
        }
        return nil
    }

    func waitUntil(timeout: Double = 15, _ shows: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var last: String?
        while Date() < deadline {
            let s = screen()
            if shows(s) {
                if s == last { return s }
                last = s
                usleep(50_000)
                continue
            }
            last = nil
            usleep(100_000)
        }
        return last
    }

    /// Ends the server, the console and its shell. Tests call it in a defer; deinit is a fallback.
    /// From the orders: the order found by number, paid in cash (method "none" puts the whole
    /// amount in cash), and the list shown unfiltered again.
    func payCash(_ number: String, sourceLocation: SourceLocation = #_sourceLocation) {
        keys("/", "Escape", "/"); type(number); keys("Enter")
        #expect(waitFor("Search \(number)") != nil, "\(screen())", sourceLocation: sourceLocation)
        keys("F2")
        #expect(waitFor("Online method") != nil, "\(screen())", sourceLocation: sourceLocation)
        keys("Right", "Right", "Right")
        #expect(waitFor("Ready: F2") != nil, "\(screen())", sourceLocation: sourceLocation)
        keys("F2")
        #expect(waitFor("P A I D") != nil, "\(screen())", sourceLocation: sourceLocation)
        keys("Enter")
        // Esc in the search field clears it: the whole list again.
        keys("/", "Escape")
        #expect(waitFor("Status unpaid") != nil, "\(screen())", sourceLocation: sourceLocation)
    }

    func stop() { tmux(["kill-server"]) }

    deinit { stop() }
}
