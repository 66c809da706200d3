import CashierCore

/// A refund request being written, then the request as created.
struct RefundState: Equatable, Sendable {
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
}

extension AppState {
    var refundBindings: [KeyBinding] {
        guard let state = refund else { return [] }
        if state.created != nil {
            return [.on(.enter, .escape, do: .back, "Back to the order", bar: true)]
        }
        let busy = isPending(.refund) ? "Submit: the request is being sent, wait for the answer." : nil
        return [
            .on(.enter, do: .confirm, "Submit", bar: true, disabled: busy ?? state.check().problems.first.map { "Submit: " + $0 }),
            .on(.tab, .down, do: .nextField, "Next field", bar: true),
            .on(.backTab, .up, do: .prevField, "Previous field"),
            .on(.escape, do: .back, "Back", bar: true),
        ] + KeyTable.textEditing()
    }

    mutating func refundCommand(_ command: Command, key: Key) -> [Effect] {
        guard var state = refund else { return [] }
        switch command {
        case .nextField, .prevField:
            state.focusReason.toggle()
            if state.amount.edited, state.amount.field.text.trimmingSpaces.isEmpty { state.amount = AmountField() }
        case .back:
            refund = nil
            route = .detail
            return [request(.orderDetail(id: state.detail.order.id, openRefund: false))]
        case .confirm:
            let (amount, problems) = state.check()
            guard let amount, problems.isEmpty, let session else {
                message = .error(problems.first ?? "The request is not complete.")
                return []
            }
            return [request(.requestRefund(orderId: state.detail.order.id, amount: amount,
                                           reason: state.reason.text.trimmingSpaces, session: session))]
        default:
            if state.focusReason {
                state.reason.apply(command, key: key)
            } else {
                let changesText = command == .type || command == .erase || command == .eraseForward
                if !state.amount.edited && changesText {
                    state.amount.edited = true
                    state.amount.field.set(command == .type ? "" : state.detail.refundable.decimal)
                }
                state.amount.field.apply(command, key: key)
            }
        }
        refund = state
        return []
    }

    mutating func refundReplied(_ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.refundRequest(let row)):
            refund?.created = row
            message = Note("Refund request #\(row.id) created (\(row.state.rawValue)): a supervisor approves it with F6.", .succeeded)
        case .failure(let error):
            message = .error(error.message)
        default: break
        }
        return []
    }

    func drawRefund(into grid: inout Grid, _ body: Rect) {
        guard let state = refund else { return }
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
