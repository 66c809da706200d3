import CashierCore

extension Remedy {
    /// The console's words for a remedy: the keys that do it. The one place the console words
    /// what the engine leaves as data.
    public var consoleWords: String {
        switch self {
        case .nameTerminal: return "set CASHIER_TERMINAL and start the console again"
        case .checkShiftNumber: return "check the shift number in the drawer (F8)"
        case .nameShiftToClose: return "open a shift at log-in first"
        case .openShift(_, let purpose): return "log out (F9) and in again, and count the opening float, to \(purpose.plainWords)"
        case .cashInThenApprove: return "press i for cash in in the drawer (F8) first, then approve"
        case .checkUserName: return "check the name in the users list (u)"
        case .chooseExistingOperator: return "log in as an existing user"
        case .checkAPIKey: return "check the key's id"
        case .chooseOnlineMethod: return "type or scan the payment code, or choose a QR method"
        case .retryThenCheckStore: return "try again; if it persists, run `cashier check`"
        case .configurePlatform(let kind): return "ask for \(kind.configTable) in config.toml, or take another method"
        }
    }
}
