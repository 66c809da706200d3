import CashierCore
import Localization
import Foundation

enum TenderField: Int, CaseIterable, Sendable {
    case couponCode, couponAmount, cash, tendered, online, method, code

    func label(_ l: Language) -> String {
        switch self {
        case .couponCode: return l.t("console.tender.field_coupon_code")
        case .couponAmount: return l.t("console.tender.field_coupon_amount")
        case .cash: return l.t("console.tender.field_cash")
        case .tendered: return l.t("console.tender.field_tendered")
        case .online: return l.t("console.tender.field_online")
        case .method: return l.t("console.tender.field_method")
        case .code: return l.t("console.tender.field_code")
        }
    }
}

enum OnlineChoice: Int, CaseIterable, Sendable {
    case code, qrAlipay, qrWechat, none

    func label(_ l: Language) -> String {
        switch self {
        case .code: return l.t("console.tender.method_code")
        case .qrAlipay: return l.t("console.tender.method_qr_alipay")
        case .qrWechat: return l.t("console.tender.method_qr_wechat")
        case .none: return l.t("console.tender.method_none")
        }
    }
}

/// An amount that follows its default until the cashier types into it.
struct AmountField: Equatable, Sendable {
    var field = TextField(maxLength: 16)
    var edited = false
}

/// The tender form for the locked orders.
struct TenderState: Equatable, Sendable {
    var orders: [OrderRow]
    var couponCode = TextField(maxLength: 32)
    var couponAmount = AmountField()
    var cash = AmountField()
    var tendered = AmountField()
    var online = AmountField()
    var method: OnlineChoice = .code
    var code = TextField(maxLength: 24)
    /// Starts on the method so a scanned code lands in the code field at once.
    var focus: TenderField = .method
    var coupon: CouponInfo?
    /// Why the coupon typed was not taken, kept as data so it reads in the language of the moment.
    var couponError: CouponRefusal?
    /// The code `coupon` / `couponError` answer for.
    var couponChecked: String?
    var submitting = false
    /// When the lock was last taken or renewed.
    var lockedAt: Millis = 0

    init(orders: [OrderRow], lockedAt: Millis = 0) {
        self.orders = orders
        self.lockedAt = lockedAt
    }

    var currency: Currency { orders.first?.amount.currency ?? .cny }
    var total: Money { orders.reduce(Money.zero(currency)) { $0 + $1.amount } }
    var typedCoupon: String { couponCode.text.trimmingSpaces }

    /// The coupon, if it was checked for the code now typed.
    var validCoupon: CouponInfo? { couponChecked == typedCoupon ? coupon : nil }

    var enabledFields: [TenderField] {
        TenderField.allCases.filter { field in
            switch field {
            case .couponAmount: return validCoupon != nil
            case .code: return method == .code
            default: return true
            }
        }
    }

    subscript(amount field: TenderField) -> AmountField {
        get {
            switch field {
            case .couponAmount: return couponAmount
            case .cash: return cash
            case .tendered: return tendered
            default: return online
            }
        }
        set {
            switch field {
            case .couponAmount: couponAmount = newValue
            case .cash: cash = newValue
            case .tendered: tendered = newValue
            default: online = newValue
            }
        }
    }
}

/// What the form adds up to right now, and every problem in one sentence each.
struct TenderFigures: Equatable, Sendable {
    var coupon: Money?
    var cash: Money?
    var tendered: Money?
    var online: Money?
    var change: Money?
    var problems: [String] = []

    func value(_ field: TenderField) -> Money? {
        switch field {
        case .couponAmount: return coupon
        case .cash: return cash
        case .tendered: return tendered
        case .online: return online
        default: return nil
        }
    }
}

extension TenderState {
    /// The method as chosen, with the code typed so far.
    var onlineMode: Tender.Online {
        switch method {
        case .code: return .code(code.text.trimmingSpaces)
        case .qrAlipay: return .qr(.alipay)
        case .qrWechat: return .qr(.wechat)
        case .none: return .none
        }
    }

    /// The amounts as CashierCore's `Tender.fill` defaults them from what the cashier typed, and
    /// every problem (its rules, the console's words) in one sentence each. An amount that does
    /// not parse is a problem, and what defaults from it stays unknown.
    func figures(checkingCoupon: Bool = false, _ l: Language = .en, timeZone: TimeZone = .current) -> TenderFigures {
        var out = TenderFigures()
        if !typedCoupon.isEmpty {
            if couponChecked != typedCoupon {
                out.problems.append(checkingCoupon
                    ? l.t("console.tender.checking_coupon", ["code": typedCoupon])
                    : l.t("console.tender.coupon_unchecked", ["code": typedCoupon]))
            } else if let couponError {
                out.problems.append(couponError.words(l, timeZone))
            }
        }
        var unreadable: Set<TenderField> = []
        func typed(_ amount: AmountField, _ field: TenderField) -> Int64? {
            guard amount.edited else { return nil }
            do { return try Money.parse(amount.field.text, currency: currency).minor } catch {
                out.problems.append(l.t("console.tender.field_problem", ["field": field.label(l), "problem": l.words(error)]))
                unreadable.insert(field)
                return 0
            }
        }
        let info = validCoupon
        let couponTyped = info == nil ? 0 : typed(couponAmount, .couponAmount)
        if let info, let c = couponTyped, !unreadable.contains(.couponAmount),
           let problem = Tender.couponBalanceProblem(amount: c, balance: info.balance.minor) {
            out.problems.append(words(problem, l))
        }
        let cashTyped = typed(cash, .cash)
        let onlineTyped = typed(online, .online)
        let tenderedTyped = typed(tendered, .tendered)
        let t = Tender.fill(total: total.minor, coupon: couponTyped, couponCode: typedCoupon, couponBalance: info?.balance.minor,
                            cash: cashTyped, tendered: tenderedTyped, online: onlineTyped, onlineMode: onlineMode)

        // What is unknown: an amount typed but unreadable, or one defaulted from such an amount.
        let couponKnown = !unreadable.contains(.couponAmount)
            && (couponTyped != nil || !(unreadable.contains(.cash) || unreadable.contains(.online)))
        let onlineKnown = !unreadable.contains(.online)
            && (onlineTyped != nil || method == .none || (couponKnown && !unreadable.contains(.cash)))
        let cashKnown = !unreadable.contains(.cash) && (cashTyped != nil || (couponKnown && onlineKnown))
        let tenderedKnown = !unreadable.contains(.tendered) && (tenderedTyped != nil || cashKnown)
        out.coupon = couponKnown ? money(t.coupon) : nil
        out.online = onlineKnown ? money(t.online) : nil
        out.cash = cashKnown ? money(t.cash) : nil
        out.tendered = tenderedKnown ? money(t.handedOver) : nil

        // CashierCore's rules, each checked once its amounts are known.
        var found: [Tender.Problem?] = []
        if couponKnown && cashKnown && onlineKnown { found.append(Tender.sumProblem(sum: t.sum, total: total.minor)) }
        if cashKnown && tenderedKnown {
            let problem = Tender.tenderedProblem(tendered: t.handedOver, cash: t.cash)
            found.append(problem)
            if problem == nil { out.change = money(t.change) }
        }
        if onlineKnown && t.online > 0 { found.append(Tender.onlineProblem(online: t.online, mode: onlineMode)) }
        out.problems += found.compactMap { $0 }.map { words($0, l) }
        return out
    }

    func money(_ minor: Int64) -> Money { Money(minor: minor, currency: currency) }

    /// The console's words for the tender's problems.
    func words(_ problem: Tender.Problem, _ l: Language) -> String {
        switch problem {
        case .totalsDiffer(let sum, let total):
            return l.t("console.tender.totals_differ", ["sum": money(sum).decimal, "total": money(total).decimal])
        case .tenderedBelowCash(_, let cash):
            return l.t("console.tender.tendered_below_cash", ["cash": money(cash).decimal])
        case .onlineWithoutMethod(let online):
            return l.t("console.tender.online_without_method", ["online": money(online).decimal])
        case .methodWithoutOnline:
            return l.t("console.tender.method_without_online")
        case .noPaymentCode:
            return l.t("console.tender.no_payment_code")
        case .badPaymentCode(let error):
            return l.words(error)
        case .couponWithoutCode:
            return l.t("console.tender.coupon_without_code")
        case .couponOverBalance(let amount, let balance):
            return l.t("console.tender.coupon_over_balance", ["amount": money(amount).decimal, "balance": money(balance).decimal])
        }
    }

    /// The plan the engine runs, when the form has no problems.
    func plan(_ figures: TenderFigures) -> TenderPlan? {
        guard figures.problems.isEmpty, let cash = figures.cash, let online = figures.online,
              let coupon = figures.coupon else { return nil }
        return TenderPlan(orderIds: orders.map(\.id), cash: cash,
                          tendered: cash.minor > 0 ? figures.tendered : nil,
                          online: online, onlineMode: online.minor == 0 ? .none : onlineMode,
                          couponCode: coupon.minor > 0 ? typedCoupon : nil, coupon: coupon)
    }
}

/// Why a coupon typed into the tender was not taken.
enum CouponRefusal: Equatable, Sendable {
    case expired(code: String, at: Millis)
    case usedUp(code: String)
    case otherCurrency(code: String, coupon: Currency, orders: Currency)
    /// The backend's refusal.
    case refused(BackendError)

    func words(_ l: Language, _ timeZone: TimeZone) -> String {
        switch self {
        case .expired(let code, let at): return l.t("console.tender.coupon_expired", ["code": code, "date": l.date(at, timeZone)])
        case .usedUp(let code): return l.t("console.tender.coupon_used_up", ["code": code])
        case .otherCurrency(let code, let coupon, let orders):
            return l.t("console.tender.coupon_currency", ["code": code, "coupon": coupon.code, "orders": orders.code])
        case .refused(let error): return error.text(l)
        }
    }
}
