import CashierCore

/// The engine's refusals worded in each language: the sentence from its key in the catalogue
/// (`[refusal.*]`), its values written the language's way. The front ends add their own remedy
/// words; `sentence` adds the plain ones (for logs, tests and front ends without their own).
extension Language {
    /// What is wrong (with a remedy, without a final full stop: the front end adds its remedy).
    public func words(_ e: CashierError) -> String {
        let args = e.args.mapValues { value($0) }
        if let n = e.count { return plural(e.key, count: n, args) }
        return t(e.key, args)
    }

    /// One named value of a refusal, written this language's way.
    public func value(_ a: CashierError.Argument) -> String {
        switch a {
        case .text(let s): return s
        // English refusals write the bare figure (the currency is the store's); Chinese the ¥ form.
        case .amount(let m): return self == .en ? m.decimal : amount(m)
        case .status(let x): return status(x)
        case .request(let x): return requestState(x)
        case .refund(let x): return refundState(x)
        case .payment(let x): return checkoutState(x)
        case .channel(let x): return channel(x)
        case .platform(let x): return platform(x)
        case .count(let n): return String(n)
        case .amountProblem(let e): return words(e)
        }
    }

    /// The whole sentence with the remedy in plain words that name no front end.
    public func sentence(_ e: CashierError) -> String {
        guard let remedy = e.remedy else { return words(e) }
        return t("refusal.with_remedy", ["what": words(e), "remedy": plainWords(remedy)])
    }

    /// A remedy in words naming no front end.
    public func plainWords(_ r: Remedy) -> String {
        switch r {
        case .nameTerminal: return t("refusal.remedy.name_terminal")
        case .checkShiftNumber: return t("refusal.remedy.check_shift_number")
        case .nameShiftToClose: return t("refusal.remedy.name_shift_to_close")
        case .openShift(let who, .takePayments): return t("refusal.remedy.open_shift_to_pay", ["user": who])
        case .openShift(let who, .moveCash): return t("refusal.remedy.open_shift_to_move_cash", ["user": who])
        case .cashInThenApprove: return t("refusal.remedy.cash_in_then_approve")
        case .checkUserName: return t("refusal.remedy.check_user_name")
        case .chooseExistingOperator: return t("refusal.remedy.choose_existing_operator")
        case .checkAPIKey: return t("refusal.remedy.check_api_key")
        case .chooseOnlineMethod: return t("refusal.remedy.choose_online_method")
        case .retryThenCheckStore: return t("refusal.remedy.retry_then_check_store")
        case .configurePlatform(let kind): return t("refusal.remedy.configure_platform", ["table": kind.configTable])
        }
    }
}

/// A refusal as a person reads it in one language: its kind, its sentence and its remedy. What
/// tests compare (the engine throws keys; the words live only in the catalogues).
public struct Refused: Equatable, Sendable, CustomStringConvertible {
    public var kind: CashierError.Kind
    /// What is wrong, as `Language.words` gives it (with a remedy, without a final full stop).
    public var sentence: String
    public var remedy: Remedy?

    public init(_ kind: CashierError.Kind, _ sentence: String, remedy: Remedy? = nil) {
        self.kind = kind; self.sentence = sentence; self.remedy = remedy
    }

    public init(_ e: CashierError, _ l: Language = .en) {
        self.init(e.kind, l.words(e), remedy: e.remedy)
    }

    public static func invalid(_ s: String) -> Self { .init(.invalid, s) }
    public static func notFound(_ s: String) -> Self { .init(.notFound, s) }
    public static func conflict(_ s: String) -> Self { .init(.conflict, s) }
    public static func forbidden(_ s: String) -> Self { .init(.forbidden, s) }

    public var description: String { "\(kind): \(sentence)" + (remedy.map { " (\($0))" } ?? "") }

    /// The refusal `body` throws, in English; nil when it throws none or another error.
    public static func of<R>(_ body: () throws -> R) -> Refused? {
        do { _ = try body(); return nil } catch let e as CashierError { return Refused(e) } catch { return nil }
    }

    public static func ofAsync<R>(_ body: () async throws -> R) async -> Refused? {
        do { _ = try await body(); return nil } catch let e as CashierError { return Refused(e) } catch { return nil }
    }
}
