/// What a customer tenders for a checkout: a coupon, cash (what was handed over, and the change),
/// and an online payment by the customer's code or a QR code of a platform. The one model of a
/// tender for the console, the CLI, the channel API and the engine; the store re-checks it inside
/// its write. Amounts in minor units.
///
/// Adding a payment method: a case of `PaymentMethod`, its amount here (and in `fill`, `problems`),
/// then what the compiler points to. Adding a platform: a case of `PlatformKind` (PaymentCode.swift).
public struct Tender: Equatable, Sendable {
    public enum Online: Equatable, Sendable {
        case none
        /// The customer's payment code, as typed or scanned (validated by `PaymentCode`).
        case code(String)
        /// A QR code of this platform, scanned by the customer.
        case qr(PlatformKind)
    }

    public var coupon: Int64
    public var couponCode: String?
    public var cash: Int64
    /// Cash handed over; nil means exactly `cash`. The change is what it exceeds `cash` by.
    public var tendered: Int64?
    public var online: Int64
    public var onlineMode: Online

    public init(coupon: Int64 = 0, couponCode: String? = nil, cash: Int64 = 0, tendered: Int64? = nil,
                online: Int64 = 0, onlineMode: Online = .none) {
        self.coupon = coupon; self.couponCode = couponCode; self.cash = cash
        self.tendered = tendered; self.online = online; self.onlineMode = onlineMode
    }

    public var handedOver: Int64 { tendered ?? cash }
    public var change: Int64 { max(0, handedOver - cash) }
    public var sum: Int64 { coupon + cash + online }

    /// The amounts filled in from what was given (nil: not given). Untouched amounts take what the
    /// given ones leave: the coupon covers it up to its balance; then, with an online method,
    /// online takes the rest of it (or cash does, when only online was given); without one,
    /// cash takes it. What was handed over defaults to the cash amount.
    public static func fill(total: Int64, coupon: Int64?, couponCode: String?, couponBalance: Int64?,
                            cash: Int64?, tendered: Int64?, online: Int64?, onlineMode: Online) -> Tender {
        let couponAmount = coupon ?? couponBalance.map { min($0, max(0, total - (cash ?? 0) - (online ?? 0))) } ?? 0
        let remaining = max(0, total - couponAmount)
        let onlineAmount = online ?? (onlineMode == .none ? 0 : max(0, remaining - (cash ?? 0)))
        let cashAmount = cash ?? max(0, remaining - onlineAmount)
        return Tender(coupon: couponAmount, couponCode: couponCode, cash: cashAmount, tendered: tendered,
                      online: onlineAmount, onlineMode: onlineMode)
    }

    /// One thing wrong with a tender, as data: each front end words it its own way
    /// (`refusal` is the engine's words, which the CLI and the API show).
    public enum Problem: Equatable, Sendable {
        case totalsDiffer(sum: Int64, total: Int64)
        case tenderedBelowCash(tendered: Int64, cash: Int64)
        case onlineWithoutMethod(online: Int64)
        case methodWithoutOnline
        case noPaymentCode
        case badPaymentCode(PaymentCode.CodeError)
        case couponWithoutCode
        case couponOverBalance(amount: Int64, balance: Int64)
    }

    /// The amounts must add up to the orders' total.
    public static func sumProblem(sum: Int64, total: Int64) -> Problem? {
        sum == total ? nil : .totalsDiffer(sum: sum, total: total)
    }

    /// The cash handed over covers the cash amount.
    public static func tenderedProblem(tendered: Int64, cash: Int64) -> Problem? {
        tendered < cash ? .tenderedBelowCash(tendered: tendered, cash: cash) : nil
    }

    /// A payment code must be one; then an online amount needs a method, and a method an amount.
    public static func onlineProblem(online: Int64, mode: Online) -> Problem? {
        if case .code(let text) = mode {
            if text.trimmingSpaces.isEmpty { return .noPaymentCode }
            do { _ = try PaymentCode(text) } catch { return .badPaymentCode(error) }
        }
        return methodProblem(online: online, hasMethod: mode != .none)
    }

    /// An online amount needs a method, and a method an amount.
    public static func methodProblem(online: Int64, hasMethod: Bool) -> Problem? {
        if online > 0 && !hasMethod { return .onlineWithoutMethod(online: online) }
        if online == 0 && hasMethod { return .methodWithoutOnline }
        return nil
    }

    /// A coupon amount needs a coupon.
    public static func couponProblem(coupon: Int64, code: String?) -> Problem? {
        coupon > 0 && (code ?? "").isEmpty ? .couponWithoutCode : nil
    }

    /// A coupon pays at most its balance.
    public static func couponBalanceProblem(amount: Int64, balance: Int64) -> Problem? {
        amount > balance ? .couponOverBalance(amount: amount, balance: balance) : nil
    }

    /// What can be checked without the orders: the method and the coupon.
    public var shapeProblems: [Problem] {
        [Self.onlineProblem(online: online, mode: onlineMode), Self.couponProblem(coupon: coupon, code: couponCode)].compactMap { $0 }
    }

    /// Everything, given the orders' total.
    public func problems(total: Int64) -> [Problem] {
        [Self.sumProblem(sum: sum, total: total), Self.tenderedProblem(tendered: handedOver, cash: cash)].compactMap { $0 } + shapeProblems
    }

}

extension Tender.Problem {
    /// The engine's words (which the CLI and the API show); `currency` formats the amounts.
    public func refusal(_ currency: Currency) -> CashierError {
        let f = { (m: Int64) in CashierError.Argument.amount(Money(minor: m, currency: currency)) }
        switch self {
        case .totalsDiffer(let sum, let total):
            return .invalid("refusal.tender.totals_differ", ["sum": f(sum), "total": f(total)])
        case .tenderedBelowCash(let tendered, let cash):
            return .invalid("refusal.tender.tendered_below_cash", ["tendered": f(tendered), "cash": f(cash)])
        case .onlineWithoutMethod:
            return CashierError(.invalid, "refusal.tender.online_without_method", remedy: .chooseOnlineMethod)
        case .methodWithoutOnline:
            return .invalid("refusal.tender.method_without_online")
        case .noPaymentCode:
            return PaymentCode.CodeError.notDigits.refusal
        case .badPaymentCode(let e):
            return e.refusal
        case .couponWithoutCode:
            return .invalid("refusal.tender.coupon_without_code")
        case .couponOverBalance(_, let balance):
            return .invalid("refusal.tender.coupon_over_balance", ["balance": f(balance)])
        }
    }
}

extension PaymentCode.CodeError {
    /// The refusal, in the catalogues' words (`input.*`).
    public var refusal: CashierError {
        switch self {
        case .notDigits: return .invalid("input.code_not_digits")
        case .unknownFormat(let length): return .invalid("input.code_unknown", ["length": "\(length)"])
        }
    }
}

/// A coupon as the store holds it, and the one check of whether it can pay now.
public struct CouponBalance: Equatable, Sendable {
    public var code: String
    public var balance: Money
    public var expiresAt: Millis

    public init(code: String, balance: Money, expiresAt: Millis) { self.code = code; self.balance = balance; self.expiresAt = expiresAt }

    public enum Problem: Equatable, Sendable {
        case expired(at: Millis)
        case otherCurrency(Currency)
        case usedUp
    }

    /// Why the coupon cannot pay at `now` for orders in `currency` (nil: any currency), if it cannot.
    public func problem(at now: Millis, currency: Currency? = nil) -> Problem? {
        if expiresAt <= now { return .expired(at: expiresAt) }
        if let currency, balance.currency != currency { return .otherCurrency(balance.currency) }
        if balance.minor <= 0 { return .usedUp }
        return nil
    }
}
