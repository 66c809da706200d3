import CashierCore
import Localization
import Foundation

/// The tender screen: the form of `TenderForm.swift` (whose `figures` and `plan` hold every
/// tender rule), its keys, and the calls it makes.
extension TenderState: Screen {
    /// The form's figures, knowing whether the coupon typed is being checked right now.
    func figures(_ context: Context) -> TenderFigures {
        figures(checkingCoupon: context.pending.values.contains { $0 == .coupon(code: typedCoupon) }, context.lang,
                timeZone: context.timeZone)
    }

    func payDisabled(_ context: Context) -> String? {
        if submitting { return context.lang.t("console.tender.pay_starting") }
        if let problem = figures(context).problems.first { return context.lang.t("console.tender.pay_blocked", ["why": problem]) }
        return nil
    }

    func keys(_ context: Context) -> [ScreenKey<TenderState>] {
        let pay = payDisabled(context)
        let l = context.lang
        let busy = submitting ? l.t("console.tender.back_starting") : nil
        let last = focus == .code || focus == enabledFields.last
        var rows: [ScreenKey<TenderState>] = [
            .on(.function(2), label: l.t("console.tender.pay"), bar: true, disabled: pay) { s, c, _ in s.submit(&c) },
            last ? .on(.enter, label: l.t("console.tender.pay"), disabled: pay) { s, c, _ in s.submit(&c) }
                : .on(.enter, label: l.t("console.tender.next_field")) { s, c, _ in s.moveFocus(by: 1, &c) },
            .on(.tab, .down, label: l.t("console.tender.next_field"), bar: true) { s, c, _ in s.moveFocus(by: 1, &c) },
            .on(.backTab, .up, label: l.t("console.tender.previous_field")) { s, c, _ in s.moveFocus(by: -1, &c) },
            .on(.escape, label: l.t("console.tender.back"), bar: true, disabled: busy) { s, c, _ in s.leave(&c) },
        ]
        if focus == .method {
            rows += [
                .on(.left, label: l.t("console.tender.previous_method")) { s, _, _ in s.stepMethod(by: OnlineChoice.allCases.count - 1) },
                .on(.right, label: l.t("console.tender.next_method")) { s, _, _ in s.stepMethod(by: 1) },
                KeyBinding([.printable], label: l.t("console.tender.scanner_digits")) { s, c, key in
                    s.scanned(key, &c)
                },
            ]
        } else {
            rows += KeyTable.textEditing(context.lang) { s, c, edit, key in
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
        context.message = Note(context.lang.t("console.tender.left"), .dim)
        context.go(.orders)
        return [.unlock(orderIds: orders.map(\.id), session: session)]
    }

    /// The scanner rule: digits typed off a text field belong to the payment code.
    mutating func scanned(_ key: Key, _ context: inout Context) -> [Effect] {
        if case .char(let c) = key, c.isASCII, c.isNumber, method == .code {
            focus = .code
            code.apply(.type, key: key)
        } else {
            context.message = Note(context.lang.t("console.tender.method_keys"), .warning)
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
        case .failure(let error): context.message = .error(context.lang.t("console.tender.hold_lost", ["why": error.text(context.lang)]))
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
                couponError = .expired(code: code, at: at)
            case .usedUp:
                coupon = nil
                couponError = .usedUp(code: code)
            case .otherCurrency(let other):
                coupon = nil
                couponError = .otherCurrency(code: code, coupon: other, orders: currency)
            }
        case .failure(let error):
            coupon = nil
            couponError = .refused(error)
        }
        return []
    }

    mutating func submit(_ context: inout Context) -> [Effect] {
        guard let session = context.session, !submitting else { return [] }
        let figures = figures(context)
        guard let plan = plan(figures) else {
            context.message = .error(figures.problems.first ?? context.lang.t("console.tender.incomplete"))
            return []
        }
        submitting = true
        context.message = Note(context.lang.t("console.tender.starting"), .pending)
        return [context.request(.checkout(plan, session: session))]
    }

    /// The checkout's first answer: the payment screen takes over, or the form is kept.
    mutating func checkoutReplied(_ plan: TenderPlan, _ result: Result<PaymentView, BackendError>,
                                  _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let answer):
            context.message = PaymentScreen.outcomeNote(answer, context.lang)
            context.go(.payment(PaymentScreen(view: answer, orders: orders, mode: plan.onlineMode)))
        case .failure(let error):
            submitting = false
            context.message = .error(error.text(context.lang))
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        let f = figures(context)
        func show(_ m: Money?) -> String { m?.decimal ?? "?" }
        let l = context.lang
        return [StyledLine(" " + l.t("console.tender.sum_total") + " "), StyledLine(total.decimal, .amount), StyledLine(" \(currency.code)"),
                StyledLine(" · " + l.t("console.tender.sum_parts", ["coupon": show(f.coupon), "cash": show(f.cash), "online": show(f.online)]) + " "),
                StyledLine(show(f.change), .amount)]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let tender = self, timeZone = context.timeZone, l = context.lang
        let figures = self.figures(context)
        var y = body.y
        let titles = [l.t("console.tender.col_order"), l.t("console.tender.col_customer"), l.t("console.tender.col_amount")]
        let table = Table([Column(titles[0], 14), Column(titles[1], nil), Column(titles[2], 12, right: true, role: .amount)],
                          totalWidth: min(body.width - 4, 70))
        table.draw(titles, into: &grid, x: 2, y: y, rowRole: .title)
        y += 1
        let shown = tender.orders.count > 4 ? 3 : tender.orders.count
        for row in tender.orders.prefix(shown) {
            table.draw([row.number, row.customer, row.amount.decimal], into: &grid, x: 2, y: y)
            y += 1
        }
        if shown < tender.orders.count {
            grid.put(l.plural("console.tender.more", count: tender.orders.count - shown), x: 2, y: y, role: .dim)
            y += 1
        }
        table.draw([l.t("console.tender.total_row", ["currency": tender.currency.code]), "", tender.total.decimal], into: &grid, x: 2, y: y)
        grid.paint(x: 2, y: y, width: 14, role: .title)
        y += 2

        for field in TenderField.allCases {
            drawField(field, figures, timeZone, l, into: &grid, y: y)
            y += 1
        }
        y += 1
        if figures.problems.isEmpty {
            grid.put(l.t("console.tender.ready"), x: 2, y: y, role: .succeeded)
            return
        }
        for problem in figures.problems {
            for (i, line) in wrap(problem, width: body.width - 6).enumerated() where y < body.bottom {
                grid.put((i == 0 ? "• " : "  ") + line, x: 2, y: y, role: .error)
                y += 1
            }
        }
    }

    private func drawField(_ field: TenderField, _ figures: TenderFigures, _ timeZone: TimeZone, _ l: Language,
                           into grid: inout Grid, y: Int) {
        let tender = self
        let focused = tender.focus == field
        let enabled = tender.enabledFields.contains(field)
        grid.put(field.label(l), x: 2, y: y, role: focused ? .title : .normal)
        let x = 18, width = 22, note = 42
        guard enabled else {
            grid.put("—", x: x + 1, y: y, role: .dim)
            return
        }
        switch field {
        case .couponCode:
            grid.field(tender.couponCode, x: x, y: y, width: width, focused: focused, placeholder: l.t("console.tender.none"))
            if let info = tender.validCoupon {
                grid.put(l.t("console.tender.coupon_balance", ["balance": info.balance.decimal, "date": l.date(info.expiresAt, timeZone)]),
                         x: note, y: y, role: .succeeded)
            } else if tender.couponChecked == tender.typedCoupon, tender.couponError != nil {
                grid.put(l.t("console.tender.not_accepted"), x: note, y: y, role: .error)
            }
        case .couponAmount, .cash, .tendered, .online:
            let amount = tender[amount: field]
            let text = amount.edited ? amount.field : TextField(figures.value(field)?.decimal ?? "")
            grid.field(text, x: x, y: y, width: width, focused: focused)
            if field == .tendered, let change = figures.change {
                let label = l.t("console.tender.change_due") + " "
                grid.put(label, x: note, y: y)
                grid.put(change.decimal, x: note + DisplayWidth.of(label), y: y, role: .amount)
            } else if !amount.edited {
                grid.put(l.t("console.tender.auto"), x: note, y: y, role: .dim)
            }
        case .method:
            grid.put("◀ " + DisplayWidth.pad(tender.method.label(l), to: width - 4) + " ▶", x: x, y: y,
                     role: focused ? .inputFocused : .input)
        case .code:
            grid.field(tender.code, x: x, y: y, width: width, focused: focused, placeholder: l.t("console.tender.scan_or_type"))
            if let code = try? PaymentCode(tender.code.text) {
                grid.put(l.platform(code.platform), x: note, y: y, role: .succeeded)
            }
        }
    }
}
