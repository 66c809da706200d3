/// A refusal: its kind, one sentence saying what is wrong, and — when doing something about it
/// takes a front end's words (a command, a key) — the remedy as data. Nothing was written.
///
/// No sentence naming a front end's command is built below the front ends: each front end words
/// the remedy its own way, in one place (the CLI's `Wording`, the console's `Remedy.consoleWords`,
/// the API's `APIError`). A remedy-less message already says what to do in plain words.
public struct CashierError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Bad input: amounts, codes, missing fields.
        case invalid
        case notFound
        /// The order is held or being paid elsewhere, or its state forbids this.
        case conflict
        /// Wrong PIN, locked or disabled user, or a role that may not do this.
        case forbidden
        /// A broken invariant: a bug, reported rather than written.
        case `internal`
    }

    public let kind: Kind
    /// With a remedy: what is wrong, without a final full stop (the front end adds its remedy).
    /// Without one: the whole sentence.
    public let message: String
    public let remedy: Remedy?

    public init(_ kind: Kind, _ message: String, remedy: Remedy? = nil) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
    }

    /// For logs and tests: the remedy in plain words that name no front end.
    public var description: String { remedy.map { "\(message): \($0.plainWords)." } ?? message }

    public static func invalid(_ m: String) -> Self { .init(.invalid, m) }
    public static func notFound(_ m: String) -> Self { .init(.notFound, m) }
    public static func conflict(_ m: String) -> Self { .init(.conflict, m) }
    public static func forbidden(_ m: String) -> Self { .init(.forbidden, m) }

    /// The refusals made in more than one place, made once.
    public static func noUser(_ name: String, _ remedy: Remedy) -> Self { .init(.notFound, "There is no user \"\(name)\"", remedy: remedy) }
    public static func noShift(_ id: Int64) -> Self { .init(.notFound, "There is no shift \(id)", remedy: .checkShiftNumber) }
    public static func noCoupon(_ code: String) -> Self { .notFound("There is no coupon \"\(code)\": check the code on the coupon.") }
    /// A payment of a kind no platform is configured for (a UnionPay QuickPass code, say).
    public static func noPlatform(_ kind: PlatformKind) -> Self {
        .init(.invalid, "This store takes no \(kind.displayName) payments (no platform is configured for them)", remedy: .configurePlatform(kind))
    }
}

/// What the user can do about a refusal, when saying it takes a front end's words.
public enum Remedy: Equatable, Sendable {
    /// Say which terminal this is.
    case nameTerminal
    /// Look the shift's number up among the shifts.
    case checkShiftNumber
    /// Name the shift to close (the closer has none open).
    case nameShiftToClose
    /// Open a shift for this operator, to do `purpose`.
    case openShift(operatorName: String, purpose: ShiftPurpose)
    /// Put cash into the drawer, then approve the refund again.
    case cashInThenApprove
    /// Look the user's name up among the users.
    case checkUserName
    /// Act as a user who exists.
    case chooseExistingOperator
    /// Look the API key's id up among the keys.
    case checkAPIKey
    /// Give a payment code or choose a QR payment for the online amount.
    case chooseOnlineMethod
    /// The store could not be written: try again, then have the store checked.
    case retryThenCheckStore
    /// No platform takes this kind of payment: configure `[platform.<kind>]`, or pay another way.
    case configurePlatform(PlatformKind)

    public enum ShiftPurpose: Equatable, Sendable {
        case takePayments, moveCash

        public var plainWords: String {
            switch self {
            case .takePayments: return "take payments at the counter"
            case .moveCash: return "move cash in or out of the drawer"
            }
        }
    }

    /// Words naming no front end: for logs, tests and any front end without its own.
    public var plainWords: String {
        switch self {
        case .nameTerminal: return "name this terminal"
        case .checkShiftNumber: return "check the shift number"
        case .nameShiftToClose: return "name the shift to close"
        case .openShift(let who, let purpose): return "open a shift for \(who) to \(purpose.plainWords)"
        case .cashInThenApprove: return "put cash in first, then approve"
        case .checkUserName: return "check the user's name"
        case .chooseExistingOperator: return "act as an existing user"
        case .checkAPIKey: return "check the key's id"
        case .chooseOnlineMethod: return "scan the customer's code or choose QR"
        case .retryThenCheckStore: return "try again; if it persists, have the store checked"
        case .configurePlatform(let kind): return "configure \(kind.configTable) in config.toml, or take another method"
        }
    }
}

extension PlatformKind {
    /// The table of config.toml that names this kind's platform.
    public var configTable: String { "[platform.\(rawValue)]" }
}
