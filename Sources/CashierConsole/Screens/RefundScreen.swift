import CashierCore

/// A refund request being written, then the request as created.
struct RefundScreen: Screen {
    var detail: OrderDetail
    /// Follows the refundable remainder until typed into.
    var amount = AmountField()
    var reason = TextField(maxLength: 80)
    var focusReason = false
    var created: RefundRequestRow?

    init(detail: OrderDetail) { self.detail = detail }

    var currency: Currency { detail.refundable.currency }

    /// The amount asked for, and every problem in one sentence each.
    func check() -> (amount: Money?, problems: [String]) {
        var problems: [String] = []
        var value: Money? = detail.refundable
        if amount.edited {
            do { value = try Money.parse(amount.field.text, currency: currency) } catch {
                value = nil
                problems.append("Amount: \(error.description)")
            }
        }
        if let v = value {
            if v.minor == 0 { problems.append("The refund amount must be more than 0.") }
            if v > detail.refundable {
                problems.append("The refund amount \(v.decimal) is more than what can still be refunded (\(detail.refundable.decimal)).")
            }
        }
        if reason.text.trimmingSpaces.isEmpty { problems.append("Type the reason for the refund.") }
        return (value, problems)
    }

    func keys(_ context: Context) -> [ScreenKey<RefundScreen>] {
        if created != nil {
            return [.on(.enter, .escape, label: "Back to the order", bar: true) { s, c, _ in s.back(&c) }]
        }
        let busy = context.isPending(.refund) ? "Submit: the request is being sent, wait for the answer." : nil
        return [
            .on(.enter, label: "Submit", bar: true, disabled: busy ?? check().problems.first.map { "Submit: " + $0 }) { s, c, _ in
                s.submit(&c)
            },
            .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.switchField() },
            .on(.backTab, .up, label: "Previous field") { s, _, _ in s.switchField() },
            .on(.escape, label: "Back", bar: true) { s, c, _ in s.back(&c) },
        ] + KeyTable.textEditing { s, _, edit, key in
            s.edit(edit, key)
            return []
        }
    }

    mutating func switchField() -> [Effect] {
        focusReason.toggle()
        if amount.edited, amount.field.text.trimmingSpaces.isEmpty { amount = AmountField() }
        return []
    }

    func back(_ context: inout Context) -> [Effect] {
        context.go(.detail(detail.order.id, refund: false))
        return []
    }

    func submit(_ context: inout Context) -> [Effect] {
        let (value, problems) = check()
        guard let value, problems.isEmpty, let session = context.session else {
            context.message = .error(problems.first ?? "The request is not complete.")
            return []
        }
        return [context.request(.requestRefund(orderId: detail.order.id, amount: value,
                                               reason: reason.text.trimmingSpaces, session: session))]
    }

    /// Typing into the focused field; an untouched amount starts from the refundable remainder.
    mutating func edit(_ edit: TextEdit, _ key: Key) {
        if focusReason {
            reason.apply(edit, key: key)
            return
        }
        if !amount.edited && edit.changesText {
            amount.edited = true
            amount.field.set(edit == .type ? "" : detail.refundable.decimal)
        }
        amount.field.apply(edit, key: key)
    }

    mutating func receive(_ result: Result<RefundRequestRow, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let row):
            created = row
            context.message = Note("Refund request #\(row.id) created (\(row.state.rawValue)): a supervisor approves it with F6.", .succeeded)
        case .failure(let error):
            context.message = .error(error.message)
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] { orderSummary(detail.order) }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let state = self, timeZone = context.timeZone
        let o = state.detail.order
        let code = o.amount.currency.code
        var y = body.y
        grid.put(" Refund for order \(o.number) · \(o.customer) · \(o.amount.decimal) \(code) · \(Fmt.status(o.status))", x: 0, y: y, role: .title, maxWidth: body.width)
        y += 1
        grid.put(" Refundable now: ", x: 0, y: y)
        grid.put(state.detail.refundable.decimal, x: 17, y: y, role: .amount)
        y += 2
        if let row = state.created {
            let lines = [
                "Request #\(row.id) for \(row.amount.decimal) \(code): \(row.state.rawValue)",
                "Reason: \(row.reason)",
                "Requested by \(row.requestedBy) at \(Fmt.stamp(row.requestedAt, timeZone))",
                row.state == .requested ? "A supervisor approves or rejects it on the Approvals screen (F6)." : "",
            ]
            for line in lines {
                grid.put(" " + line, x: 0, y: y, role: y == body.y + 3 ? .succeeded : .normal, maxWidth: body.width)
                y += 1
            }
            return
        }
        grid.put("Amount", x: 2, y: y, role: state.focusReason ? .normal : .title)
        let amountText = state.amount.edited ? state.amount.field : TextField(state.detail.refundable.decimal)
        grid.field(amountText, x: 12, y: y, width: 20, focused: !state.focusReason)
        if !state.amount.edited { grid.put("auto: the whole remainder", x: 34, y: y, role: .dim) }
        y += 1
        grid.put("Reason", x: 2, y: y, role: state.focusReason ? .title : .normal)
        grid.field(state.reason, x: 12, y: y, width: body.width - 14, focused: state.focusReason, placeholder: "required")
        y += 2
        for problem in state.check().problems where y < body.bottom {
            grid.put("• " + problem, x: 2, y: y, role: .error, maxWidth: body.width - 3)
            y += 1
        }
    }
}
