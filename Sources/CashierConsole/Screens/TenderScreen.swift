import CashierCore
import Foundation

/// The tender screen: the form of `TenderForm.swift` (whose `figures` and `plan` hold every
/// tender rule), its keys, and the calls it makes.
extension TenderState: Screen {
    /// The form's figures, knowing whether the coupon typed is being checked right now.
    func figures(_ context: Context) -> TenderFigures {
        figures(checkingCoupon: context.pending.values.contains { $0 == .coupon(code: typedCoupon) })
    }

    func payDisabled(_ context: Context) -> String? {
        if submitting { return "Pay: the checkout is being started, wait for its answer." }
        if let problem = figures(context).problems.first { return "Pay: " + problem }
        return nil
    }

    func keys(_ context: Context) -> [ScreenKey<TenderState>] {
        let pay = payDisabled(context)
        let busy = submitting ? "Back: the checkout is being started, wait for its answer." : nil
        let last = focus == .code || focus == enabledFields.last
        var rows: [ScreenKey<TenderState>] = [
            .on(.function(2), label: "Pay", bar: true, disabled: pay) { s, c, _ in s.submit(&c) },
            last ? .on(.enter, label: "Pay", disabled: pay) { s, c, _ in s.submit(&c) }
                : .on(.enter, label: "Next field") { s, c, _ in s.moveFocus(by: 1, &c) },
            .on(.tab, .down, label: "Next field", bar: true) { s, c, _ in s.moveFocus(by: 1, &c) },
            .on(.backTab, .up, label: "Previous field") { s, c, _ in s.moveFocus(by: -1, &c) },
            .on(.escape, label: "Back", bar: true, disabled: busy) { s, c, _ in s.leave(&c) },
        ]
        if focus == .method {
            rows += [
                .on(.left, label: "Previous method") { s, _, _ in s.stepMethod(by: OnlineChoice.allCases.count - 1) },
                .on(.right, label: "Next method") { s, _, _ in s.stepMethod(by: 1) },
                KeyBinding([.printable], label: "Digits (a scanner) go to the payment code") { s, c, key in
                    s.scanned(key, &c)
                },
            ]
        } else {
            rows += KeyTable.textEditing { s, c, edit, key in
                s.edit(edit, key, c)
                return []
            }
        }
        return rows
    }

    mutating func stepMethod(by step: Int) -> [Effect] {
        let all = OnlineChoice.allCases
        method = all[(method.rawValue + step) % all.count]
        return []
    }

    /// Esc: back to the orders, which are unlocked.
    func leave(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        context.message = Note("Left the tender; the orders are unlocked.", .dim)
        context.go(.orders)
        return [.unlock(orderIds: orders.map(\.id), session: session)]
    }

    /// The scanner rule: digits typed off a text field belong to the payment code.
    mutating func scanned(_ key: Key, _ context: inout Context) -> [Effect] {
        if case .char(let c) = key, c.isASCII, c.isNumber, method == .code {
            focus = .code
            code.apply(.type, key: key)
        } else {
            context.message = Note("The online method changes with ← and →; Tab moves to the next field.", .warning)
        }
        return []
    }

    /// Typing into the focused field; an untouched amount starts from its default.
    mutating func edit(_ edit: TextEdit, _ key: Key, _ context: Context) {
        switch focus {
        case .couponCode: couponCode.apply(edit, key: key)
        case .code: code.apply(edit, key: key)
        case .method: break
        case .couponAmount, .cash, .tendered, .online:
            var amount = self[amount: focus]
            if !amount.edited && edit.changesText {
                amount.edited = true
                let start = figures(context).value(focus)?.decimal ?? ""
                amount.field.set(edit == .type ? "" : start)
            }
            amount.field.apply(edit, key: key)
            self[amount: focus] = amount
        }
    }

    mutating func moveFocus(by step: Int, _ context: inout Context) -> [Effect] {
        let leaving = focus
        focus = enabledFields.cycling(from: focus, by: step)
        // An amount left empty goes back to following its default.
        if [.couponAmount, .cash, .tendered, .online].contains(leaving),
           self[amount: leaving].edited, self[amount: leaving].field.text.trimmingSpaces.isEmpty {
            self[amount: leaving] = AmountField()
        }
        return leaving == .couponCode ? checkCoupon(&context) : []
    }

    /// Locks lapse after a while (so a walked-away counter frees its orders); a cashier still
    /// on the tender screen renews them well before that.
    static let lockRenewMillis: Millis = 30_000

    func renewLockIfDue(_ context: inout Context) -> [Effect] {
        guard let session = context.session, !submitting, context.now - lockedAt >= Self.lockRenewMillis,
              !context.isPending(.renewLock) else { return [] }
        return [context.request(.renewLock(orderIds: orders.map(\.id), session: session))]
    }

    mutating func lockRenewed(_ result: Result<Granted, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success: lockedAt = context.now
        case .failure(let error): context.message = .error("The hold on the orders was lost: \(error.message)")
        }
        return []
    }

    /// Validates the coupon code when the cashier leaves its field.
    mutating func checkCoupon(_ context: inout Context) -> [Effect] {
        let typed = typedCoupon
        if typed.isEmpty {
            coupon = nil
            couponError = nil
            couponChecked = nil
            couponAmount = AmountField()
            return []
        }
        if typed == couponChecked || context.pending.values.contains(.coupon(code: typed)) { return [] }
        return [context.request(.coupon(code: typed))]
    }

    mutating func couponReplied(_ code: String, _ result: Result<CouponInfo, BackendError>, _ context: inout Context) -> [Effect] {
        guard typedCoupon == code else { return [] }
        couponChecked = code
        couponAmount = AmountField()
        switch result {
        case .success(let info):
            // CashierCore's one coupon check; the console words its answer.
            switch info.problem(at: context.now, currency: currency) {
            case nil:
                coupon = info
                couponError = nil
            case .expired(let at):
                coupon = nil
                couponError = "The coupon \(code) expired on \(Fmt.date(at, context.timeZone))."
            case .usedUp:
                coupon = nil
                couponError = "Coupon \(code) is used up: take another payment method."
            case .otherCurrency(let other):
                coupon = nil
                couponError = "Coupon \(code) is in \(other.code), the orders in \(currency.code): take another payment method."
            }
        case .failure(let error):
            coupon = nil
            couponError = error.message
        }
        return []
    }

    mutating func submit(_ context: inout Context) -> [Effect] {
        guard let session = context.session, !submitting else { return [] }
        let figures = figures(context)
        guard let plan = plan(figures) else {
            context.message = .error(figures.problems.first ?? "The tender is not complete.")
            return []
        }
        submitting = true
        context.message = Note("Starting the checkout…", .pending)
        return [context.request(.checkout(plan, session: session))]
    }

    /// The checkout's first answer: the payment screen takes over, or the form is kept.
    mutating func checkoutReplied(_ plan: TenderPlan, _ result: Result<PaymentView, BackendError>,
                                  _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let answer):
            context.message = PaymentScreen.outcomeNote(answer)
            context.go(.payment(PaymentScreen(view: answer, orders: orders, mode: plan.onlineMode)))
        case .failure(let error):
            submitting = false
            context.message = .error(error.message)
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        let f = figures(context)
        func show(_ m: Money?) -> String { m?.decimal ?? "?" }
        return [StyledLine(" Total "), StyledLine(total.decimal, .amount), StyledLine(" \(currency.code)"),
                StyledLine(" · coupon \(show(f.coupon)) · cash \(show(f.cash)) · online \(show(f.online)) · change "),
                StyledLine(show(f.change), .amount)]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let tender = self, timeZone = context.timeZone
        let figures = self.figures(context)
        var y = body.y
        let table = Table([Column("Order", 14), Column("Customer", nil), Column("Amount", 12, right: true, role: .amount)],
                          totalWidth: min(body.width - 4, 70))
        table.draw(["Order", "Customer", "Amount"], into: &grid, x: 2, y: y, rowRole: .title)
        y += 1
        let shown = tender.orders.count > 4 ? 3 : tender.orders.count
        for row in tender.orders.prefix(shown) {
            table.draw([row.number, row.customer, row.amount.decimal], into: &grid, x: 2, y: y)
            y += 1
        }
        if shown < tender.orders.count {
            grid.put("… and \(tender.orders.count - shown) more", x: 2, y: y, role: .dim)
            y += 1
        }
        table.draw(["Total \(tender.currency.code)", "", tender.total.decimal], into: &grid, x: 2, y: y)
        grid.paint(x: 2, y: y, width: 14, role: .title)
        y += 2

        for field in TenderField.allCases {
            drawField(field, figures, timeZone, into: &grid, y: y)
            y += 1
        }
        y += 1
        if figures.problems.isEmpty {
            grid.put("Ready: F2 starts the payment.", x: 2, y: y, role: .succeeded)
            return
        }
        for problem in figures.problems {
            for (i, line) in wrap(problem, width: body.width - 6).enumerated() where y < body.bottom {
                grid.put((i == 0 ? "• " : "  ") + line, x: 2, y: y, role: .error)
                y += 1
            }
        }
    }

    private func drawField(_ field: TenderField, _ figures: TenderFigures, _ timeZone: TimeZone,
                           into grid: inout Grid, y: Int) {
        let tender = self
        let focused = tender.focus == field
        let enabled = tender.enabledFields.contains(field)
        grid.put(field.label, x: 2, y: y, role: focused ? .title : .normal)
        let x = 18, width = 22, note = 42
        guard enabled else {
            grid.put("—", x: x + 1, y: y, role: .dim)
            return
        }
        switch field {
        case .couponCode:
            grid.field(tender.couponCode, x: x, y: y, width: width, focused: focused, placeholder: "none")
            if let info = tender.validCoupon {
                grid.put("balance \(info.balance.decimal), expires \(Fmt.date(info.expiresAt, timeZone))", x: note, y: y, role: .succeeded)
            } else if tender.couponChecked == tender.typedCoupon, tender.couponError != nil {
                grid.put("not accepted", x: note, y: y, role: .error)
            }
        case .couponAmount, .cash, .tendered, .online:
            let amount = tender[amount: field]
            let text = amount.edited ? amount.field : TextField(figures.value(field)?.decimal ?? "")
            grid.field(text, x: x, y: y, width: width, focused: focused)
            if field == .tendered, let change = figures.change {
                grid.put("change due ", x: note, y: y)
                grid.put(change.decimal, x: note + 11, y: y, role: .amount)
            } else if !amount.edited {
                grid.put("auto", x: note, y: y, role: .dim)
            }
        case .method:
            grid.put("◀ " + DisplayWidth.pad(tender.method.label, to: width - 4) + " ▶", x: x, y: y,
                     role: focused ? .inputFocused : .input)
        case .code:
            grid.field(tender.code, x: x, y: y, width: width, focused: focused, placeholder: "scan or type")
            if let code = try? PaymentCode(tender.code.text) {
                grid.put(code.platform.displayName, x: note, y: y, role: .succeeded)
            }
        }
    }
}
