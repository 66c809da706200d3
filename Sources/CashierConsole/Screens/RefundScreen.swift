import CashierCore
import Localization

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
    func check(_ l: Language = .en) -> (amount: Money?, problems: [String]) {
        var problems: [String] = []
        var value: Money? = detail.refundable
        if amount.edited {
            do { value = try Money.parse(amount.field.text, currency: currency) } catch {
                value = nil
                problems.append(l.t("console.refund.amount_problem", ["problem": l.words(error)]))
            }
        }
        if let v = value {
            if v.minor == 0 { problems.append(l.t("console.refund.amount_zero")) }
            if v > detail.refundable {
                problems.append(l.t("console.refund.amount_over", ["amount": v.decimal, "refundable": detail.refundable.decimal]))
            }
        }
        if reason.text.trimmingSpaces.isEmpty { problems.append(l.t("console.refund.type_reason")) }
        return (value, problems)
    }

    func keys(_ context: Context) -> [ScreenKey<RefundScreen>] {
        let l = context.lang
        if created != nil {
            return [.on(.enter, .escape, label: l.t("console.refund.back_to_order"), bar: true) { s, c, _ in s.back(&c) }]
        }
        let busy = context.isPending(.refund) ? l.t("console.refund.submit_busy") : nil
        return [
            .on(.enter, label: l.t("console.refund.submit"), bar: true,
                disabled: busy ?? check(l).problems.first.map { l.t("console.refund.submit_blocked", ["why": $0]) }) { s, c, _ in
                s.submit(&c)
            },
            .on(.tab, .down, label: l.t("console.refund.next_field"), bar: true) { s, _, _ in s.switchField() },
            .on(.backTab, .up, label: l.t("console.refund.previous_field")) { s, _, _ in s.switchField() },
            .on(.escape, label: l.t("console.refund.back"), bar: true) { s, c, _ in s.back(&c) },
        ] + KeyTable.textEditing(context.lang) { s, _, edit, key in
            s.edit(edit, key)
            return []
        }
    }

    mutating func switchField() -> [Effect] {
        focusReason.toggle()
        if amount.edited, amount.field.text.trimmingSpaces.isEmpty { amount = AmountField() }
        return []
    }

    /// Back from the approvals (or after any write): the request's state and what is refundable
    /// are read again, so an approved request never still shows as waiting.
    mutating func refresh(_ context: inout Context) -> [Effect] {
        context.isPending(.detail) ? [] : [context.request(.orderDetail(id: detail.order.id, openRefund: false))]
    }

    /// The order read again: the request shown follows its stored state.
    mutating func updated(_ fresh: OrderDetail) {
        detail = fresh
        if let id = created?.id, let row = fresh.refunds.first(where: { $0.id == id }) { created = row }
    }

    func back(_ context: inout Context) -> [Effect] {
        context.go(.detail(detail.order.id, refund: false))
        return []
    }

    func submit(_ context: inout Context) -> [Effect] {
        let (value, problems) = check(context.lang)
        guard let value, problems.isEmpty, let session = context.session else {
            context.message = .error(problems.first ?? context.lang.t("console.refund.incomplete"))
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
            context.message = Note(context.lang.t("console.refund.created", ["id": row.id, "state": context.lang.requestState(row.state)]), .succeeded)
        case .failure(let error):
            context.message = .error(error.text(context.lang))
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] { orderSummary(detail.order, context.lang) }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let state = self, timeZone = context.timeZone, l = context.lang
        let o = state.detail.order
        let code = o.amount.currency.code
        var y = body.y
        grid.put(" " + l.t("console.refund.heading", ["number": o.number, "customer": o.customer, "amount": "\(o.amount.decimal) \(code)",
                                                      "status": l.status(o.status)]), x: 0, y: y, role: .title, maxWidth: body.width)
        y += 1
        let refundable = " " + l.t("console.refund.refundable_now") + " "
        grid.put(refundable, x: 0, y: y)
        grid.put(state.detail.refundable.decimal, x: DisplayWidth.of(refundable), y: y, role: .amount)
        y += 2
        if let row = state.created {
            let lines = [
                l.t("console.refund.request_line", ["id": row.id, "amount": "\(row.amount.decimal) \(code)", "state": l.requestState(row.state)]),
                l.t("console.refund.reason_line", ["reason": row.reason]),
                l.t("console.refund.requested_by", ["user": row.requestedBy, "time": Fmt.stamp(row.requestedAt, timeZone)]),
                row.state == .requested ? l.t("console.refund.approve_hint") : "",
            ]
            for line in lines {
                grid.put(" " + line, x: 0, y: y, role: y == body.y + 3 ? .succeeded : .normal, maxWidth: body.width)
                y += 1
            }
            return
        }
        grid.put(l.t("console.refund.amount"), x: 2, y: y, role: state.focusReason ? .normal : .title)
        let amountText = state.amount.edited ? state.amount.field : TextField(state.detail.refundable.decimal)
        grid.field(amountText, x: 12, y: y, width: 20, focused: !state.focusReason)
        if !state.amount.edited { grid.put(l.t("console.refund.auto"), x: 34, y: y, role: .dim) }
        y += 1
        grid.put(l.t("console.refund.reason"), x: 2, y: y, role: state.focusReason ? .title : .normal)
        grid.field(state.reason, x: 12, y: y, width: body.width - 14, focused: state.focusReason, placeholder: l.t("console.refund.required"))
        y += 2
        for problem in state.check(l).problems where y < body.bottom {
            grid.put("• " + problem, x: 2, y: y, role: .error, maxWidth: body.width - 3)
            y += 1
        }
    }
}
