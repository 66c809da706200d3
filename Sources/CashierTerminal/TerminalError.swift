/// Why the console could not take over the terminal; each says what to do.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
    case notATerminal
    case unknownTerminal(String)
    case startFailed
    case systemCall(String, errno: Int32)

    public var description: String {
        switch self {
        case .notATerminal:
            return "The console needs an interactive terminal; run it directly in a terminal (not through a pipe or redirect)."
        case .unknownTerminal(let name):
            return "The terminal type \"\(name)\" is unknown to ncurses; set TERM to one it knows, e.g. TERM=xterm-256color."
        case .startFailed:
            return "ncurses could not start on this terminal; check TERM and try again."
        case .systemCall(let call, let errno):
            return "\(call) failed with errno \(errno); the system may be out of file descriptors, try again."
        }
    }
}
