import CashierCore

/// The live payment: what the engine last said, plus the dialogs this screen may open.
struct PaymentScreen: Screen {
    var view: PaymentView
    /// The orders paid, for "change method" (back to tender with the same orders).
    var orders: [OrderRow]
    var mode: Tender.Online
    var confirmingCancel = false
    /// Asking for a fresh payment code before a code payment is retried.
    var newCode: TextField?

    var isFinalFailure: Bool { view.outcome == .failed || view.outcome == .closed }
    var isModal: Bool { confirmingCancel || newCode != nil }

    func keys(_ context: Context) -> [ScreenKey<PaymentScreen>] {
        if confirmingCancel {
            return [
                .on(.char("y"), label: "Cancel the payment", bar: true) { s, c, _ in s.cancel(&c) },
                .on(.char("n"), .escape, label: "Keep waiting", bar: true) { s, _, _ in s.confirmingCancel = false; return [] },
            ]
        }
        if newCode != nil {
            return [
                .on(.enter, label: "Pay again", bar: true) { s, c, _ in s.payAgain(&c) },
                .on(.escape, label: "Back", bar: true) { s, _, _ in s.newCode = nil; return [] },
            ] + KeyTable.textEditing { s, _, edit, key in
                s.newCode?.apply(edit, key: key)
                return []
            }
        }
        let busy = context.isPending(.payment) ? "wait for the answer to the last request." : nil
        let notFinal = isFinalFailure ? nil : "only after the payment failed or was closed."
        let done: String?
        switch view.outcome {
        case .paid: done = nil
        case .waiting: done = "The payment is still waiting: press c to cancel it, or wait."
        case .failed, .closed: done = "The payment did not go through: press r to retry or m to change the method."
        }
        return [
            .on(.function(5), label: "Refresh", bar: true) { s, c, _ in [c.request(.payment(checkoutId: s.view.checkoutId))] },
            .on(.char("r"), label: "Retry", bar: true, disabled: (busy ?? notFinal).map { "Retry: " + $0 }) { s, c, _ in s.retry(&c) },
            .on(.char("c"), label: "Cancel", bar: true,
                disabled: view.outcome == .waiting ? busy.map { "Cancel: " + $0 } : "Cancel: only a waiting payment can be cancelled.") { s, _, _ in
                s.confirmingCancel = true
                return []
            },
            .on(.char("m"), label: "Change method", bar: true, disabled: (busy ?? notFinal).map { "Change method: " + $0 }) { s, c, _ in
                c.lock(s.orders)
            },
            .on(.enter, label: "Done", bar: true, disabled: done) { s, c, _ in s.finish(&c) },
            .on(.escape, label: view.outcome == .waiting ? "Back" : "Orders", bar: view.outcome != .waiting) { s, c, _ in s.back(&c) },
        ]
    }

    mutating func cancel(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        confirmingCancel = false
        context.message = Note("Cancelling the payment…", .pending)
        return [context.request(.cancel(checkoutId: view.checkoutId, session: session))]
    }

    mutating func retry(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        if case .code = mode {
            newCode = TextField(maxLength: 24)
            context.message = Note("Scan the customer's new payment code, then press Enter.", .pending)
            return []
        }
        context.message = Note("Trying again…", .pending)
        return [context.request(.repay(checkoutId: view.checkoutId, code: nil, session: session))]
    }

    mutating func payAgain(_ context: inout Context) -> [Effect] {
        guard let session = context.session, let code = newCode else { return [] }
        do {
            let valid = try PaymentCode(code.text)
            newCode = nil
            mode = .code(valid.digits)
            context.message = Note("Trying again with the new code…", .pending)
            return [context.request(.repay(checkoutId: view.checkoutId, code: valid.digits, session: session))]
        } catch {
            context.message = .error(code.text.isEmpty ? "Type or scan the payment code from the customer's phone." : error.description)
            return []
        }
    }

    func back(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        switch view.outcome {
        case .waiting:
            context.message = Note("The payment is still waiting: press c to cancel it, or wait.", .warning)
            return []
        case .paid:
            return finish(&context)
        case .failed, .closed:
            context.go(.orders)
            return [.unlock(orderIds: orders.map(\.id), session: session)]
        }
    }

    /// Back to Orders after a payment went through: the selection is spent.
    func finish(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        context.go(.paid)
        return [.unlock(orderIds: orders.map(\.id), session: session)]
    }

    mutating func refresh(_ context: inout Context) -> [Effect] {
        guard !context.isPending(.payment) else { return [] }
        return [context.request(.payment(checkoutId: view.checkoutId))]
    }

    /// An answer about the checkout on screen (the checkout's first answer goes to the tender).
    mutating func receive(_ ask: PaymentAsk, _ answer: PaymentView, _ context: inout Context) -> [Effect] {
        // A re-payment is a new checkout: its answer replaces the one it retried. Any other
        // answer about another checkout than the one on screen is stale.
        var onScreen = view.checkoutId
        if case .repay(let retried) = ask, onScreen == retried { onScreen = answer.checkoutId }
        guard onScreen == answer.checkoutId else { return [] }
        let before = view
        view = answer
        switch ask {
        case .cancel:
            context.message = Note(answer.outcome == .waiting ? "Cancelling: waiting for the platform to confirm." : "The payment was cancelled.", .warning)
        case .repay:
            context.message = Note("Trying again: attempt \(answer.attempt).", .pending)
        case .refresh, .checkout:
            if before.outcome != answer.outcome { context.message = Self.outcomeNote(answer) }
        }
        return []
    }

    static func outcomeNote(_ view: PaymentView) -> Note {
        switch view.outcome {
        case .waiting: return Note("Waiting for the customer.", .pending)
        case .paid: return Note("Paid. Change due \(view.changeDue.decimal).", .succeeded)
        case .failed: return Note("The payment failed\(view.message.map { ": " + $0 } ?? "."). Press r to retry or m to change the method.", .failed)
        case .closed: return Note("The payment was closed\(view.message.map { ": " + $0 } ?? "."). Press r to retry or m to change the method.", .failed)
        }
    }

    func summary(_ context: Context) -> [StyledLine] {
        [StyledLine(" Total "), StyledLine(view.total.decimal, .amount), StyledLine(" \(view.total.currency.code) · change due "),
         StyledLine(view.changeDue.decimal, .amount)]
    }
}
