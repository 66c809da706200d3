/// A refusal as data: its kind, the catalogue key of its sentence with the sentence's named
/// values, and — when doing something about it takes a front end's words (a command, a key) —
/// the remedy. Nothing was written.
///
/// No sentence is worded below the front ends: the English and Chinese sentences live only in the
/// catalogues (`Localization`'s en.toml and zh.toml, under `[refusal.*]`), and each front end words
/// the refusal in its language and the remedy its own way, in one place (the CLI's `Wording`, the
/// console's `Remedy.consoleWords`, the API's `APIError`). A remedy-less sentence already says what
/// to do in plain words; one with a remedy says what is wrong, without a final full stop.
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

    /// A named value in a refusal's sentence: values only, never words of a sentence.
    public enum Argument: Equatable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
        /// A name, a number, a code, a time: the same in every language.
        case text(String)
        /// An amount, which each language writes its own way.
        case amount(Money)
        /// A state or kind the core names: each language's own word for it.
        case status(OrderStatus)
        case request(RefundRequestState)
        case refund(RefundOrderState)
        case payment(PaymentOrderState)
        case channel(Channel)
        case platform(PlatformKind)
        /// The number that picks the sentence's plural form.
        case count(Int)
        /// An amount's own refusal, a whole sentence in the language's words.
        case amountProblem(MoneyParseError)

        public init(stringLiteral value: String) { self = .text(value) }
        /// A channel as the store keeps it (its raw value).
        public static func channel(stored: String) -> Self { Channel(rawValue: stored).map(Self.channel) ?? .text(stored) }
        public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }

        public var description: String {
            switch self {
            case .text(let s): return s
            case .amount(let m): return m.decimal
            case .status(let x): return x.rawValue
            case .request(let x): return x.rawValue
            case .refund(let x): return x.rawValue
            case .payment(let x): return x.rawValue
            case .channel(let x): return x.rawValue
            case .platform(let x): return x.rawValue
            case .count(let n): return String(n)
            case .amountProblem(let e): return "\(e)"
            }
        }
    }

    public let kind: Kind
    /// The sentence's key in the catalogues (`refusal.…`).
    public let key: String
    public let args: [String: Argument]
    public let remedy: Remedy?

    public init(_ kind: Kind, _ key: String, _ args: [String: Argument] = [:], remedy: Remedy? = nil) {
        self.kind = kind
        self.key = key
        self.args = args
        self.remedy = remedy
    }

    /// For logs: language-neutral, the key and its values (Localization words it for people).
    public var description: String {
        var out = key
        if !args.isEmpty { out += " (" + args.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")" }
        if let remedy { out += " remedy: \(remedy)" }
        return out
    }

    /// The number that picks the plural form, when the sentence has one.
    public var count: Int? {
        for case .count(let n) in args.values { return n }
        return nil
    }

    public static func invalid(_ key: String, _ args: [String: Argument] = [:]) -> Self { .init(.invalid, key, args) }
    public static func notFound(_ key: String, _ args: [String: Argument] = [:]) -> Self { .init(.notFound, key, args) }
    public static func conflict(_ key: String, _ args: [String: Argument] = [:]) -> Self { .init(.conflict, key, args) }
    public static func forbidden(_ key: String, _ args: [String: Argument] = [:]) -> Self { .init(.forbidden, key, args) }
    /// A broken invariant: the detail is for the log and the developer, not a sentence for the desk.
    public static func bug(_ detail: String) -> Self { .init(.internal, "refusal.internal", ["detail": .text(detail)]) }

    /// A payment platform's own answer (the sandbox platform stands in for Alipay and WeChat Pay,
    /// which answer in their own words): shown as the platform said it, in every language.
    public static func platformSaid(_ kind: Kind, _ sentence: String) -> Self { .init(kind, "refusal.platform_said", ["text": .text(sentence)]) }

    /// The refusals made in more than one place, made once.
    public static func noUser(_ name: String, _ remedy: Remedy) -> Self { .init(.notFound, "refusal.user.none", ["name": .text(name)], remedy: remedy) }
    public static func noShift(_ id: Int64) -> Self { .init(.notFound, "refusal.shift.none", ["id": "\(id)"], remedy: .checkShiftNumber) }
    public static func noCoupon(_ code: String) -> Self { .notFound("refusal.checkout.no_coupon", ["code": .text(code)]) }
    /// A payment of a kind no platform is configured for (a UnionPay QuickPass code, say).
    public static func noPlatform(_ kind: PlatformKind) -> Self {
        .init(.invalid, "refusal.checkout.no_platform", ["platform": .platform(kind)], remedy: .configurePlatform(kind))
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
    }
}

extension PlatformKind {
    /// The table of config.toml that names this kind's platform.
    public var configTable: String { "[platform.\(rawValue)]" }
}
