#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import CashierConsole

/// The full-screen terminal: owns ncurses on the main thread and feeds a `TerminalApp`.
///
/// Create it first (it sets the locale and makes the wake pipe), give `waker` to the app's
/// background work, pick a theme using `prefersMonochrome`, then call `run`.
public final class Terminal {
    /// Safe to call from any thread; wakes `run` so posted results show at once.
    public var waker: any Waker { PipeWaker(fd: wakePipe.writeFD) }
    /// True when `NO_COLOR` is set or the terminal has no colours: start with the `mono` theme.
    /// (An explicit colour theme is still drawn in colour if the terminal has colours.)
    public let prefersMonochrome: Bool

    private let wakePipe: SelfPipe
    private let signalPipe: SelfPipe

    public init() throws(TerminalError) {
        Self.setUTF8Locale()
        wakePipe = try SelfPipe()
        signalPipe = try SelfPipe()
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let colors = isatty(STDOUT_FILENO) != 0 ? Int(cashier_probe_colors(STDOUT_FILENO)) : -1
        prefersMonochrome = noColor || colors < 8
    }

    /// The user's locale, with a UTF-8 character type whatever it names: a machine may lack the
    /// locale LANG asks for (a fresh one has only C.UTF-8), and ncursesw then falls back to ASCII,
    /// drawing CJK as garbage and splitting typed characters into bytes.
    static func setUTF8Locale() {
        setlocale(LC_ALL, "")
        if !codesetIsUTF8 {
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
                break
            }
        }
    }

    static var codesetIsUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Runs until `app.handle` returns false. The terminal is restored on return, on a thrown
    /// error, and (best effort) on a crash. SIGTERM, SIGHUP and SIGINT become `.quitRequested`;
    /// Ctrl-C arrives as the key `.control("c")`. The first event is `.resize` with the size.
    /// `stderrLog`: where stray stderr output goes while the screen is ours (nil leaves it alone).
    public func run(_ app: any TerminalApp, stderrLog: String? = nil) throws(TerminalError) {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { throw .notATerminal }
        // initscr exits the process on an unknown TERM; find out first and throw instead.
        guard cashier_probe_colors(STDOUT_FILENO) != -1 || getenv("TERM") == nil else {
            throw .unknownTerminal(String(cString: getenv("TERM")))
        }
        let restoreStderr = stderrLog.map { Signals.redirectStderr(to: $0) } ?? {}
        defer { restoreStderr() }
        Signals.install(pipeFD: signalPipe.writeFD)
        defer { Signals.uninstall() }
        guard let window = initscr() else { throw .startFailed }
        Signals.setCursesActive(true)
        defer {
            endwin()
            Signals.setCursesActive(false)
        }
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        leaveok(window, true)
        set_escdelay(25)
        curs_set(0)
        var defaultColors = false
        if has_colors() {
            start_color()
            defaultColors = use_default_colors() != ERR
        }
        let painter = Painter(window: window, hasColors: has_colors(), defaultColors: defaultColors)
        var loop = EventLoop(window: window, painter: painter, wakePipe: wakePipe, signalPipe: signalPipe)
        try loop.run(app)
    }
}
