import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the configured printer command through /bin/sh with a receipt file on its standard input.
/// posix_spawn, not Foundation's Process: the child must inherit none of our descriptors (SQLite
/// files, the terminal's pipes), and its output must never reach the console's screen.
enum ReceiptPrinter {
    /// Nil when the command exited 0; otherwise one sentence saying what went wrong.
    static func print(file: String, command: String, timeoutSeconds: Double) -> String? {
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&errPipe) == 0 else { return "the printer command could not be started (no pipe: errno \(errno))" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, file, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if !closeFrom(&actions, 3) {
            posix_spawn_file_actions_addclose(&actions, errPipe[0])
            posix_spawn_file_actions_addclose(&actions, errPipe[1])
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        // Its own process group, so a timeout can stop the shell and whatever it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let argv = ["/bin/sh", "-c", command]
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgs, &cEnv)
        close(errPipe[1])
        defer { close(errPipe[0]) }
        guard spawned == 0 else { return "the printer command could not be started (errno \(spawned))" }

        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var stderrText: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        var timedOut = false
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { timedOut = true; break }
            var pfd = pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(left * 1000, 1000)) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let n = read(errPipe[0], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            if stderrText.count < 2048 { stderrText += buffer[0..<n] }
        }
        var status: Int32 = 0
        // Its stderr is closed; it may still be running (a command that closed it early).
        while !timedOut {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { break }
            if deadline.timeIntervalSinceNow <= 0 { timedOut = true; break }
            usleep(5_000)
        }
        if timedOut {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return "the printer command `\(command)` did not finish within \(String(format: "%g", timeoutSeconds)) s and was stopped"
        }
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        if exited && code == 0 { return nil }
        let said = String(decoding: stderrText, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let how = exited ? "exited with status \(code)" : "was killed by signal \(status & 0x7F)"
        return "the printer command `\(command)` \(how)" + (said.isEmpty ? "" : ": \(said)")
    }

    /// glibc ≥ 2.34 can close every inherited descriptor in the child; older ones cannot.
    static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ fd: Int32) -> Bool {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return false }
        return unsafeBitCast(symbol, to: CloseFrom.self)(&actions, fd) == 0
    }
}

/// After a printer command fails, this process sends it nothing for a minute: a printer that is
/// down then costs one timeout a minute instead of one per receipt, so the poller (which runs the
/// receipts worker) keeps querying payments at its pace. Receipts in that minute are saved and
/// marked not printed, for a reprint. Real time: this is about a real device.
final class PrinterOutages: @unchecked Sendable {
    static let shared = PrinterOutages()
    static let pause: TimeInterval = 60
    private let lock = NSLock()
    private var down: [String: (since: Date, error: String)] = [:]

    /// Why the command is not tried now, or nil when it may be.
    func reason(_ command: String) -> String? {
        lock.withLock {
            guard let d = down[command] else { return nil }
            if Date().timeIntervalSince(d.since) >= Self.pause { down[command] = nil; return nil }
            return "not sent: the printer failed \(Int(Date().timeIntervalSince(d.since))) s before (\(d.error)); reprint it once the printer works"
        }
    }

    func record(_ command: String, error: String?) {
        lock.withLock { down[command] = error.map { (Date(), $0) } }
    }
}
