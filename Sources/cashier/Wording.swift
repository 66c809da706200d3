import CashierCore
import CashierEngine

/// The CLI's words for the engine's refusals: every remedy as the command or option that does it.
/// The one place where the CLI words what the engine and store leave as data.
enum Wording {
    /// The one line a refusal prints on stderr.
    static func sentence(_ error: any Error) -> String {
        switch error {
        case let e as CashierError: return sentence(e)
        case let e as StoreError: return sentence(e)
        case let e as Refusal: return e.message
        default: return "\(error)"
        }
    }

    static func sentence(_ e: CashierError) -> String {
        guard let remedy = e.remedy else { return e.message }
        if remedy == .chooseOnlineMethod {
            // The options belong inside the sentence here, beside what they give.
            return "An online amount needs a payment code (--code) or a QR payment (--qr): scan the customer's code or choose QR."
        }
        return "\(e.message): \(words(remedy))."
    }

    static func words(_ remedy: Remedy) -> String {
        switch remedy {
        case .nameTerminal: return "pass --terminal or set CASHIER_TERMINAL"
        case .checkShiftNumber: return "check the shift number with `cashier shift show`"
        case .nameShiftToClose: return "name the shift to close (`cashier shift show` lists them)"
        case .openShift(let who, let purpose): return "open one (`cashier shift open --operator \(who)`) to \(purpose.plainWords)"
        case .cashInThenApprove: return "put cash in first (`cashier shift cash-in`), then approve"
        case .checkUserName: return "check the name with `cashier user list`"
        case .chooseExistingOperator: return "pass --operator with an existing user"
        case .checkAPIKey: return "see `cashier serve key list`"
        case .chooseOnlineMethod: return "pass --code CODE or --qr"
        case .retryThenCheckStore: return "try again; if it persists, run `cashier check`"
        case .configurePlatform(let kind):
            return "add \(kind.configTable) to \(Config.path), or take another method"
        }
    }

    static func sentence(_ e: StoreError) -> String {
        switch e {
        case .noStore(let p):
            return "There is no store at \(p): create one with `cashier demo --store \(p)` or pass --store with an existing store."
        case .notAStore(let p) where p.hasPrefix("postgres://"):
            return "\(p) is not a Cashier store: pass --store with a Cashier store, or an empty database for `cashier store init`."
        case .notAStore(let p):
            return "\(p) is not a Cashier store: pass --store with a Cashier store file, or a new path to create one."
        case .cannotCreate(let p, let why) where !p.hasPrefix("postgres://"):
            return "Cannot create the store at \(p) (\(why)): choose a folder you can write to with --store."
        case .newerVersion, .cannotOpen, .cannotCreate, .refused:
            return e.description
        }
    }
}
