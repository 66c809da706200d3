import CashierCore

/// The live payment: what the engine last said, plus the dialogs this screen may open.
struct PaymentState: Equatable, Sendable {
    var view: PaymentView
    /// The orders paid, for "change method" (back to tender with the same orders).
    var orders: [OrderRow]
    var mode: Tender.Online
    var confirmingCancel = false
    /// Asking for a fresh payment code before a code payment is retried.
    var newCode: TextField?

    var isFinalFailure: Bool { view.outcome == .failed || view.outcome == .closed }
}

extension AppState {
    var paymentBindings: [KeyBinding] {
        guard let payment else { return [] }
        if payment.confirmingCancel {
            return [
                .on(.char("y"), do: .confirmCancel, "Cancel the payment", bar: true),
                .on(.char("n"), .escape, do: .keepWaiting, "Keep waiting", bar: true),
            ]
        }
        if payment.newCode != nil {
            return [
                .on(.enter, do: .confirm, "Pay again", bar: true),
                .on(.escape, do: .back, "Back", bar: true),
            ] + KeyTable.textEditing()
        }
        let busy = isPending(.payment) ? "wait for the answer to the last request." : nil
        let notFinal = payment.isFinalFailure ? nil : "only after the payment failed or was closed."
        let done: String?
        switch payment.view.outcome {
        case .paid: done = nil
        case .waiting: done = "The payment is still waiting: press c to cancel it, or wait."
        case .failed, .closed: done = "The payment did not go through: press r to retry or m to change the method."
        }
        return [
            .on(.function(5), do: .refresh, "Refresh", bar: true),
            .on(.char("r"), do: .retry, "Retry", bar: true, disabled: (busy ?? notFinal).map { "Retry: " + $0 }),
            .on(.char("c"), do: .cancelPayment, "Cancel", bar: true,
                disabled: payment.view.outcome == .waiting ? busy.map { "Cancel: " + $0 } : "Cancel: only a waiting payment can be cancelled."),
            .on(.char("m"), do: .changeMethod, "Change method", bar: true, disabled: (busy ?? notFinal).map { "Change method: " + $0 }),
            .on(.enter, do: .confirm, "Done", bar: true, disabled: done),
            .on(.escape, do: .back, payment.view.outcome == .waiting ? "Back" : "Orders", bar: payment.view.outcome != .waiting),
        ]
    }

    mutating func paymentCommand(_ command: Command, key: Key) -> [Effect] {
        guard var state = payment, let session else { return [] }
        let id = state.view.checkoutId
        if var code = state.newCode {
            switch command {
            case .confirm:
                do {
                    let valid = try PaymentCode(code.text)
                    state.newCode = nil
                    state.mode = .code(valid.digits)
                    payment = state
                    message = Note("Trying again with the new code…", .pending)
                    return [request(.repay(checkoutId: id, code: valid.digits, session: session))]
                } catch {
                    message = .error(code.text.isEmpty ? "Type or scan the payment code from the customer's phone." : error.description)
                }
            case .back:
                state.newCode = nil
            default:
                code.apply(command, key: key)
                state.newCode = code
            }
            payment = state
            return []
        }
        switch command {
        case .refresh:
            return [request(.payment(checkoutId: id))]
        case .cancelPayment:
            state.confirmingCancel = true
        case .keepWaiting:
            state.confirmingCancel = false
        case .confirmCancel:
            state.confirmingCancel = false
            payment = state
            message = Note("Cancelling the payment…", .pending)
            return [request(.cancel(checkoutId: id, session: session))]
        case .retry:
            if case .code = state.mode {
                state.newCode = TextField(maxLength: 24)
                message = Note("Scan the customer's new payment code, then press Enter.", .pending)
            } else {
                payment = state
                message = Note("Trying again…", .pending)
                return [request(.repay(checkoutId: id, code: nil, session: session))]
            }
        case .changeMethod:
            return startLock(state.orders)
        case .confirm:
            return finishPayment()
        case .back:
            switch state.view.outcome {
            case .waiting:
                message = Note("The payment is still waiting: press c to cancel it, or wait.", .warning)
            case .paid:
                return finishPayment()
            case .failed, .closed:
                payment = nil
                route = .orders
                return [.unlock(orderIds: state.orders.map(\.id), session: session), loadList(.open, .same)]
            }
        default: break
        }
        payment = state
        return []
    }

    /// Back to Orders after a payment went through: the selection is spent.
    mutating func finishPayment() -> [Effect] {
        guard let state = payment, let session else { return [] }
        payment = nil
        orders.selected = []
        route = .orders
        return [.unlock(orderIds: state.orders.map(\.id), session: session), loadList(.open, .same)]
    }

    mutating func paymentReplied(_ call: Call, _ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.payment(let answer)):
            if case .checkout(let plan, _) = call {
                payment = PaymentState(view: answer, orders: tender?.orders ?? [], mode: plan.onlineMode)
                tender = nil
                route = .payment
                message = outcomeNote(answer)
                return []
            }
            // A re-payment is a new checkout: its answer replaces the one it retried. Any other
            // answer about another checkout than the one on screen is stale.
            var onScreen = payment?.view.checkoutId
            if case .repay(let retried, _, _) = call, onScreen == retried { onScreen = answer.checkoutId }
            guard var state = payment, onScreen == answer.checkoutId else { return [] }
            let before = state.view
            state.view = answer
            payment = state
            if case .cancel = call {
                message = Note(answer.outcome == .waiting ? "Cancelling: waiting for the platform to confirm." : "The payment was cancelled.", .warning)
            } else if case .repay = call {
                message = Note("Trying again: attempt \(answer.attempt).", .pending)
            } else if before.outcome != answer.outcome {
                message = outcomeNote(answer)
            }
        case .failure(let error):
            if case .checkout = call { tender?.submitting = false }
            message = .error(error.message)
        default: break
        }
        return []
    }

    func outcomeNote(_ view: PaymentView) -> Note {
        switch view.outcome {
        case .waiting: return Note("Waiting for the customer.", .pending)
        case .paid: return Note("Paid. Change due \(view.changeDue.decimal).", .succeeded)
        case .failed: return Note("The payment failed\(view.message.map { ": " + $0 } ?? "."). Press r to retry or m to change the method.", .failed)
        case .closed: return Note("The payment was closed\(view.message.map { ": " + $0 } ?? "."). Press r to retry or m to change the method.", .failed)
        }
    }

    var paymentSummary: [StyledLine] {
        guard let view = payment?.view else { return [] }
        return [StyledLine(" Total "), StyledLine(view.total.decimal, .amount), StyledLine(" \(view.total.currency.code) · change due "),
                StyledLine(view.changeDue.decimal, .amount)]
    }
}
