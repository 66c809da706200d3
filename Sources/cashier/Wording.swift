import CashierCore
import Localization
import CashierEngine

/// The CLI's words for the engine's refusals: every remedy as the command or option that does it.
/// The one place where the CLI words what the engine and store leave as data.
enum Wording {
    /// The one line a refusal prints on stderr.
    static func sentence(_ error: any Error) -> String {
        switch error {
        // The language is passed on: a one-argument call would pick this very function again.
        case let e as CashierError: return sentence(e, CLI.lang)
        case let e as StoreError: return sentence(e, CLI.lang)
        case let e as Refusal: return e.message
        default: return "\(error)"
        }
    }

    static func sentence(_ e: CashierError, _ l: Language = CLI.lang) -> String {
        guard let remedy = e.remedy else { return l.words(e) }
        if remedy == .chooseOnlineMethod {
            // The options belong inside the sentence here, beside what they give.
            return l.t("cli.wording.online_needs_code")
        }
        return l.t("cli.wording.with_remedy", ["what": l.words(e), "remedy": words(remedy, l)])
    }

    static func words(_ remedy: Remedy, _ l: Language = CLI.lang) -> String {
        switch remedy {
        case .nameTerminal: return l.t("cli.wording.name_terminal")
        case .checkShiftNumber: return l.t("cli.wording.check_shift_number")
        case .nameShiftToClose: return l.t("cli.wording.name_shift_to_close")
        case .openShift(let who, let purpose):
            switch purpose {
            case .takePayments: return l.t("cli.wording.open_shift_to_pay", ["user": who])
            case .moveCash: return l.t("cli.wording.open_shift_to_move_cash", ["user": who])
            }
        case .cashInThenApprove: return l.t("cli.wording.cash_in_then_approve")
        case .checkUserName: return l.t("cli.wording.check_user_name")
        case .chooseExistingOperator: return l.t("cli.wording.choose_existing_operator")
        case .checkAPIKey: return l.t("cli.wording.check_api_key")
        case .chooseOnlineMethod: return l.t("cli.wording.choose_online_method")
        case .retryThenCheckStore: return l.t("cli.wording.retry_then_check_store")
        case .configurePlatform(let kind):
            return l.t("cli.wording.configure_platform", ["table": kind.configTable, "path": Config.path])
        }
    }

    static func sentence(_ e: StoreError, _ l: Language = CLI.lang) -> String {
        switch e {
        case .noStore(let p):
            return l.t("cli.wording.no_store", ["path": p])
        case .notAStore(let p) where p.hasPrefix("postgres://"):
            return l.t("cli.wording.not_a_postgres_store", ["path": p])
        case .notAStore(let p):
            return l.t("cli.wording.not_a_store", ["path": p])
        case .cannotCreate(let p, let why) where !p.hasPrefix("postgres://"):
            return l.t("cli.wording.cannot_create", ["path": p, "why": why])
        case .newerVersion, .cannotOpen, .cannotCreate, .refused:
            return e.description
        }
    }
}
