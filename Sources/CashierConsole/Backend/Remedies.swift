import CashierCore
import Localization

extension Remedy {
    /// The console's words for a remedy: the keys that do it. The one place the console words
    /// what the engine leaves as data.
    public func consoleWords(_ l: Language) -> String {
        switch self {
        case .nameTerminal: return l.t("console.remedy.name_terminal")
        case .checkShiftNumber: return l.t("console.remedy.check_shift_number")
        case .nameShiftToClose: return l.t("console.remedy.name_shift_to_close")
        case .openShift(_, let purpose):
            switch purpose {
            case .takePayments: return l.t("console.remedy.open_shift_to_pay")
            case .moveCash: return l.t("console.remedy.open_shift_to_move_cash")
            }
        case .cashInThenApprove: return l.t("console.remedy.cash_in_then_approve")
        case .checkUserName: return l.t("console.remedy.check_user_name")
        case .chooseExistingOperator: return l.t("console.remedy.choose_existing_operator")
        case .checkAPIKey: return l.t("console.remedy.check_api_key")
        case .chooseOnlineMethod: return l.t("console.remedy.choose_online_method")
        case .retryThenCheckStore: return l.t("console.remedy.retry_then_check_store")
        case .configurePlatform(let kind): return l.t("console.remedy.configure_platform", ["table": kind.configTable])
        }
    }

    /// In English (logs and tests).
    public var consoleWords: String { consoleWords(.en) }
}
