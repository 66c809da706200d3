import CashierCore

enum TenderField: Int, CaseIterable, Sendable {
    case couponCode, couponAmount, cash, tendered, online, method, code

    var label: String {
        switch self {
        case .couponCode: return "Coupon code"
        case .couponAmount: return "Coupon amount"
        case .cash: return "Cash amount"
        case .tendered: return "Cash tendered"
        case .online: return "Online amount"
        case .method: return "Online method"
        case .code: return "Payment code"
        }
    }
}

enum OnlineChoice: Int, CaseIterable, Sendable {
    case code, qrAlipay, qrWechat, none

    var label: String {
        switch self {
        case .code: return "payment code"
        case .qrAlipay: return "QR (Alipay)"
        case .qrWechat: return "QR (WeChat)"
        case .none: return "none"
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
    var couponError: String?
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
    func figures(checkingCoupon: Bool = false) -> TenderFigures {
        var out = TenderFigures()
        if !typedCoupon.isEmpty {
            if couponChecked != typedCoupon {
                out.problems.append(checkingCoupon
                    ? "Checking the coupon \"\(typedCoupon)\"…"
                    : "The coupon \"\(typedCoupon)\" has not been checked yet: leave the field with Tab to check it.")
            } else if let couponError {
                out.problems.append(couponError)
            }
        }
        var unreadable: Set<TenderField> = []
        func typed(_ amount: AmountField, _ field: TenderField) -> Int64? {
            guard amount.edited else { return nil }
            do { return try Money.parse(amount.field.text, currency: currency).minor } catch {
                out.problems.append("\(field.label): \(error.description)")
                unreadable.insert(field)
                return 0
            }
        }
        let info = validCoupon
        let couponTyped = info == nil ? 0 : typed(couponAmount, .couponAmount)
        if let info, let c = couponTyped, !unreadable.contains(.couponAmount),
           let problem = Tender.couponBalanceProblem(amount: c, balance: info.balance.minor) {
            out.problems.append(words(problem))
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
        out.problems += found.compactMap { $0 }.map(words)
        return out
    }

    func money(_ minor: Int64) -> Money { Money(minor: minor, currency: currency) }

    /// The console's words for the tender's problems.
    func words(_ problem: Tender.Problem) -> String {
        switch problem {
        case .totalsDiffer(let sum, let total):
            return "The amounts add up to \(money(sum).decimal) but the orders total \(money(total).decimal): change an amount so they match."
        case .tenderedBelowCash(_, let cash):
            return "Cash tendered is less than the cash amount: take at least \(money(cash).decimal)."
        case .onlineWithoutMethod(let online):
            return "Choose an online method for the online amount \(money(online).decimal), or make it 0."
        case .methodWithoutOnline:
            return "Type the online amount, or choose no online method."
        case .noPaymentCode:
            return "Type or scan the payment code from the customer's phone."
        case .badPaymentCode(let error):
            return error.description
        case .couponWithoutCode:
            return "Type the coupon's code for the coupon amount."
        case .couponOverBalance(let amount, let balance):
            return "The coupon amount \(money(amount).decimal) is more than the coupon's balance \(money(balance).decimal)."
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
