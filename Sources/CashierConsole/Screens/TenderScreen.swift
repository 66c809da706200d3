import CashierCore

extension AppState {
    var tenderFigures: TenderFigures {
        guard let tender else { return TenderFigures() }
        let checking = pending.values.contains { $0 == .coupon(code: tender.typedCoupon) }
        return tender.figures(checkingCoupon: checking)
    }

    var tenderPayDisabled: String? {
        guard let tender else { return "Pay: nothing to pay." }
        if tender.submitting { return "Pay: the checkout is being started, wait for its answer." }
        if let problem = tenderFigures.problems.first { return "Pay: " + problem }
        return nil
    }

    var tenderBindings: [KeyBinding] {
        guard let tender else { return [] }
        let pay = tenderPayDisabled
        let busy = tender.submitting ? "Back: the checkout is being started, wait for its answer." : nil
        let last = tender.focus == .code || tender.focus == tender.enabledFields.last
        var rows: [KeyBinding] = [
            .on(.function(2), do: .confirm, "Pay", bar: true, disabled: pay),
            last ? .on(.enter, do: .confirm, "Pay", disabled: pay) : .on(.enter, do: .nextField, "Next field"),
            .on(.tab, .down, do: .nextField, "Next field", bar: true),
            .on(.backTab, .up, do: .prevField, "Previous field"),
            .on(.escape, do: .back, "Back", bar: true, disabled: busy),
        ]
        if tender.focus == .method {
            rows += [
                .on(.left, do: .methodPrev, "Previous method"),
                .on(.right, do: .methodNext, "Next method"),
                KeyBinding([.printable], .type, "Digits (a scanner) go to the payment code"),
            ]
        } else {
            rows += KeyTable.textEditing()
        }
        return rows
    }

    mutating func tenderCommand(_ command: Command, key: Key) -> [Effect] {
        guard var form = tender else { return [] }
        switch command {
        case .nextField, .prevField:
            return focusTender(form.enabledFields.cycling(from: form.focus, by: command == .nextField ? 1 : -1))
        case .methodPrev, .methodNext:
            let all = OnlineChoice.allCases
            let step = command == .methodNext ? 1 : all.count - 1
            form.method = all[(form.method.rawValue + step) % all.count]
            tender = form
        case .confirm:
            return submitTender()
        case .back:
            tender = nil
            guard let session else { return [] }
            route = .orders
            message = Note("Left the tender; the orders are unlocked.", .dim)
            return [.unlock(orderIds: form.orders.map(\.id), session: session), loadList(.open, .same)]
        default:
            editTender(command, key: key)
        }
        return []
    }

    /// Typing into the focused field; an untouched amount starts from its default.
    mutating func editTender(_ command: Command, key: Key) {
        guard var form = tender else { return }
        switch form.focus {
        case .couponCode:
            form.couponCode.apply(command, key: key)
        case .code:
            form.code.apply(command, key: key)
        case .method:
            // The scanner rule: digits typed off a text field belong to the payment code.
            if case .char(let c) = key, c.isASCII, c.isNumber, form.method == .code {
                form.focus = .code
                form.code.apply(.type, key: key)
            } else {
                message = Note("The online method changes with ← and →; Tab moves to the next field.", .warning)
            }
        case .couponAmount, .cash, .tendered, .online:
            var amount = form[amount: form.focus]
            let changesText = command == .type || command == .erase || command == .eraseForward
            if !amount.edited && changesText {
                amount.edited = true
                let start = tenderFigures.value(form.focus)?.decimal ?? ""
                amount.field.set(command == .type ? "" : start)
            }
            amount.field.apply(command, key: key)
            form[amount: form.focus] = amount
        }
        tender = form
    }

    mutating func focusTender(_ next: TenderField) -> [Effect] {
        guard var form = tender else { return [] }
        let leaving = form.focus
        form.focus = next
        // An amount left empty goes back to following its default.
        if [.couponAmount, .cash, .tendered, .online].contains(leaving),
           form[amount: leaving].edited, form[amount: leaving].field.text.trimmingSpaces.isEmpty {
            form[amount: leaving] = AmountField()
        }
        tender = form
        return leaving == .couponCode ? checkCoupon() : []
    }

    /// Locks lapse after a while (so a walked-away counter frees its orders); a cashier still
    /// on the tender screen renews them well before that.
    static let lockRenewMillis: Millis = 30_000

    mutating func renewLockIfDue() -> [Effect] {
        guard route == .tender, let form = tender, let session, !form.submitting,
              now - form.lockedAt >= Self.lockRenewMillis, !isPending(.renewLock) else { return [] }
        return [request(.renewLock(orderIds: form.orders.map(\.id), session: session))]
    }

    mutating func lockRenewed(_ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success: tender?.lockedAt = now
        case .failure(let error): message = .error("The hold on the orders was lost: \(error.message)")
        }
        return []
    }

    /// Validates the coupon code when the cashier leaves its field.
    mutating func checkCoupon() -> [Effect] {
        guard var form = tender else { return [] }
        let code = form.typedCoupon
        if code.isEmpty {
            form.coupon = nil
            form.couponError = nil
            form.couponChecked = nil
            form.couponAmount = AmountField()
            tender = form
            return []
        }
        if code == form.couponChecked || pending.values.contains(.coupon(code: code)) { return [] }
        return [request(.coupon(code: code))]
    }

    mutating func couponReplied(_ code: String, _ result: Result<Reply, BackendError>) -> [Effect] {
        guard var form = tender, form.typedCoupon == code else { return [] }
        form.couponChecked = code
        form.couponAmount = AmountField()
        switch result {
        case .success(.coupon(let info)):
            // CashierCore's one coupon check; the console words its answer.
            switch info.problem(at: now, currency: form.currency) {
            case nil:
                form.coupon = info
                form.couponError = nil
            case .expired(let at):
                form.coupon = nil
                form.couponError = "The coupon \(code) expired on \(Fmt.date(at, timeZone))."
            case .usedUp:
                form.coupon = nil
                form.couponError = "Coupon \(code) is used up: take another payment method."
            case .otherCurrency(let other):
                form.coupon = nil
                form.couponError = "Coupon \(code) is in \(other.code), the orders in \(form.currency.code): take another payment method."
            }
        case .failure(let error):
            form.coupon = nil
            form.couponError = error.message
        default: break
        }
        tender = form
        return []
    }

    mutating func submitTender() -> [Effect] {
        guard let form = tender, let session, !form.submitting else { return [] }
        let figures = tenderFigures
        guard let plan = form.plan(figures) else {
            message = .error(figures.problems.first ?? "The tender is not complete.")
            return []
        }
        tender?.submitting = true
        message = Note("Starting the checkout…", .pending)
        return [request(.checkout(plan, session: session))]
    }

    var tenderSummary: [StyledLine] {
        guard let tender else { return [] }
        let f = tenderFigures
        func show(_ m: Money?) -> String { m?.decimal ?? "?" }
        return [StyledLine(" Total "), StyledLine(tender.total.decimal, .amount), StyledLine(" \(tender.currency.code)"),
                StyledLine(" · coupon \(show(f.coupon)) · cash \(show(f.cash)) · online \(show(f.online)) · change "),
                StyledLine(show(f.change), .amount)]
    }

    func drawTender(into grid: inout Grid, _ body: Rect) {
        guard let tender else { return }
        let figures = tenderFigures
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
            drawTenderField(field, tender, figures, into: &grid, y: y)
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

    private func drawTenderField(_ field: TenderField, _ tender: TenderState, _ figures: TenderFigures,
                                 into grid: inout Grid, y: Int) {
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
