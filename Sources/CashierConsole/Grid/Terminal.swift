/// A key as the console understands it; the terminal backend translates ncurses codes to these.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case function(Int)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    /// Ctrl plus a letter, e.g. `.control("c")`.
    case control(Character)

    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .function(let n): return "F\(n)"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .control(let c): return "Ctrl-\(String(c).uppercased())"
        }
    }
}

/// What the terminal backend feeds the app.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resize(Size)
    /// Background work posted something to the mailbox (or a timer fired).
    case wake
    /// SIGTERM/SIGHUP, or Ctrl-C outside raw mode: the app decides whether it may stop now.
    case quitRequested
}

/// The contract between the terminal backend (CashierTerminal) and the console.
/// The backend calls these on the main thread only.
public protocol TerminalApp: AnyObject {
    /// Handles one event; returns false when the app wants to exit.
    func handle(_ event: TerminalEvent) -> Bool
    /// Renders the whole frame.
    func render(size: Size) -> Grid
    /// The theme the backend draws roles with.
    var theme: Theme { get }
    /// Milliseconds until the app next wants a `.wake` without input (a countdown on screen), or nil.
    var nextTimerMillis: Int? { get }
}

/// Wakes the terminal's main loop from any thread (the backend writes a byte to a self-pipe),
/// so results posted to the console's mailbox are shown at once, with no busy loop.
public protocol Waker: Sendable {
    func wake()
}
