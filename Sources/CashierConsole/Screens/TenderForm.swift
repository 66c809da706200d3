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
    /// Untouched amounts default to what remains after the fields above; online takes the
    /// rest unless the method is "none" (then cash does), or the cashier typed the online part.
    func figures(checkingCoupon: Bool = false) -> TenderFigures {
        var out = TenderFigures()
        let zero = Money.zero(currency)
        func parse(_ amount: AmountField, _ field: TenderField) -> Money? {
            do {
                return try Money.parse(amount.field.text, currency: currency)
            } catch {
                out.problems.append("\(field.label): \(error.description)")
                return nil
            }
        }
        func rest(_ remaining: Money?, minus used: Money?) -> Money? {
            guard let remaining, let used else { return nil }
            return max(zero, remaining - used)
        }

        if !typedCoupon.isEmpty {
            if couponChecked != typedCoupon {
                out.problems.append(checkingCoupon
                    ? "Checking the coupon \"\(typedCoupon)\"…"
                    : "The coupon \"\(typedCoupon)\" has not been checked yet: leave the field with Tab to check it.")
            } else if let couponError {
                out.problems.append(couponError)
            }
        }
        out.coupon = zero
        if let info = validCoupon {
            if couponAmount.edited {
                out.coupon = parse(couponAmount, .couponAmount)
                if let c = out.coupon, c > info.balance {
                    out.problems.append("The coupon amount \(c.decimal) is more than the coupon's balance \(info.balance.decimal).")
                }
            } else {
                out.coupon = min(info.balance, total)
            }
        }
        let remaining = rest(total, minus: out.coupon)
        let cashTyped = cash.edited ? parse(cash, .cash) : nil
        let onlineTyped = online.edited ? parse(online, .online) : nil
        if method == .none {
            out.online = online.edited ? onlineTyped : zero
            out.cash = cash.edited ? cashTyped : rest(remaining, minus: out.online)
        } else if cash.edited {
            out.cash = cashTyped
            out.online = online.edited ? onlineTyped : rest(remaining, minus: cashTyped)
        } else if online.edited {
            out.online = onlineTyped
            out.cash = rest(remaining, minus: onlineTyped)
        } else {
            out.cash = zero
            out.online = remaining
        }
        out.tendered = tendered.edited ? parse(tendered, .tendered) : out.cash

        if let coupon = out.coupon, let cash = out.cash, let online = out.online {
            let sum = coupon + cash + online
            if sum != total {
                out.problems.append("The amounts add up to \(sum.decimal) but the orders total \(total.decimal): change an amount so they match.")
            }
        }
        if let cash = out.cash, let tendered = out.tendered {
            if tendered < cash {
                out.problems.append("Cash tendered is less than the cash amount: take at least \(cash.decimal).")
            } else {
                out.change = tendered - cash
            }
        }
        if let online = out.online, online.minor > 0 {
            switch method {
            case .none:
                out.problems.append("Choose an online method for the online amount \(online.decimal), or make it 0.")
            case .code:
                if code.text.trimmingSpaces.isEmpty {
                    out.problems.append("Type or scan the payment code from the customer's phone.")
                } else {
                    do { _ = try PaymentCode(code.text) } catch { out.problems.append(error.description) }
                }
            case .qrAlipay, .qrWechat: break
            }
        }
        return out
    }

    /// The plan the engine runs, when the form has no problems.
    func plan(_ figures: TenderFigures) -> TenderPlan? {
        guard figures.problems.isEmpty, let cash = figures.cash, let online = figures.online,
              let coupon = figures.coupon else { return nil }
        let mode: OnlineMode
        if online.minor == 0 {
            mode = .none
        } else {
            switch method {
            case .code: mode = .code(code.text.trimmingSpaces)
            case .qrAlipay: mode = .qr(.alipay)
            case .qrWechat: mode = .qr(.wechat)
            case .none: mode = .none
            }
        }
        return TenderPlan(orderIds: orders.map(\.id), cash: cash,
                          tendered: cash.minor > 0 ? figures.tendered : nil,
                          online: online, onlineMode: mode,
                          couponCode: coupon.minor > 0 ? typedCoupon : nil, coupon: coupon)
    }
}
