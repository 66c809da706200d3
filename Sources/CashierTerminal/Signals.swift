#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw

// Signal handlers cannot capture context, so they reach these globals. Each is written only on
// the main thread while the handlers that read it are not installed (or before they are).
nonisolated(unsafe) private var signalFD: Int32 = -1
nonisolated(unsafe) private var cursesActive = false
nonisolated(unsafe) private let savedActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 128)
/// The terminal's own stderr while stderr goes to the log file (-1 when not redirected).
nonisolated(unsafe) private var terminalStderr: Int32 = -1

/// What a signal handler writes into the signal pipe.
enum SignalByte {
    static let quit: UInt8 = 0x71
    static let resize: UInt8 = 0x72
}

/// Installs handlers for the duration of `Terminal.run` and puts the previous ones back after.
enum Signals {
    static let quitSignals = [SIGTERM, SIGHUP, SIGINT]
    static let crashSignals = [SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGTRAP]

    /// Must run before `initscr`: ncurses only installs its own SIGINT/SIGTERM/SIGWINCH handlers
    /// (which exit, or wait for the next key) when ours are not there.
    static func install(pipeFD: Int32) {
        signalFD = pipeFD
        // SA_RESTART keeps background threads' reads and writes from failing with EINTR;
        // poll() is never restarted, so the main loop still wakes.
        for sig in quitSignals {
            _ = cashier_install_handler(sig, { _ in post(SignalByte.quit) }, SA_RESTART, savedActions + Int(sig))
        }
        _ = cashier_install_handler(SIGWINCH, { _ in post(SignalByte.resize) }, SA_RESTART, savedActions + Int(SIGWINCH))
        for sig in crashSignals {
            _ = cashier_install_handler(sig, { sig in crashed(sig) }, 0, savedActions + Int(sig))
        }
    }

    static func uninstall() {
        for sig in quitSignals + crashSignals + [SIGWINCH] { _ = sigaction(sig, savedActions + Int(sig), nil) }
    }

    static func setCursesActive(_ active: Bool) { cursesActive = active }

    /// While curses owns the screen, stray stderr output (runtime warnings, library messages) goes
    /// to `path` instead of over the frame. Returns a function that puts stderr back.
    static func redirectStderr(to path: String) -> () -> Void {
        let file = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard file >= 0 else { return {} }
        terminalStderr = dup(STDERR_FILENO)
        _ = dup2(file, STDERR_FILENO)
        _ = close(file)
        return {
            if terminalStderr >= 0 {
                _ = dup2(terminalStderr, STDERR_FILENO)
                _ = close(terminalStderr)
                terminalStderr = -1
            }
        }
    }
}

private func post(_ byte: UInt8) {
    let saved = errno
    var value = byte
    _ = write(signalFD, &value, 1)
    errno = saved
}

/// Puts the terminal back (best effort: endwin is not async-signal-safe, but a dead console
/// left in raw mode is worse), then lets the previous handler (Swift's backtracer, or the
/// default core dump) see the same signal once this handler returns.
private func crashed(_ sig: Int32) {
    if cursesActive { endwin() }
    cursesActive = false
    // The crash report (Swift's backtrace) belongs on the restored terminal, not in the log.
    if terminalStderr >= 0 { _ = dup2(terminalStderr, STDERR_FILENO) }
    _ = sigaction(sig, savedActions + Int(sig), nil)
    raise(sig)
}
