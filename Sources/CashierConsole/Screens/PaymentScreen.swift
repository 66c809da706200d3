import CashierCore
import Localization

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
        let l = context.lang
        if confirmingCancel {
            return [
                .on(.char("y"), label: l.t("console.payment.cancel_it"), bar: true) { s, c, _ in s.cancel(&c) },
                .on(.char("n"), .escape, label: l.t("console.payment.keep_waiting"), bar: true) { s, _, _ in s.confirmingCancel = false; return [] },
            ]
        }
        if newCode != nil {
            return [
                .on(.enter, label: l.t("console.payment.pay_again"), bar: true) { s, c, _ in s.payAgain(&c) },
                .on(.escape, label: l.t("console.payment.back"), bar: true) { s, _, _ in s.newCode = nil; return [] },
            ] + KeyTable.textEditing(context.lang) { s, _, edit, key in
                s.newCode?.apply(edit, key: key)
                return []
            }
        }
        let busy = context.isPending(.payment) ? l.t("console.payment.why_busy") : nil
        let notFinal = isFinalFailure ? nil : l.t("console.payment.why_not_final")
        let done: String?
        switch view.outcome {
        case .paid: done = nil
        case .waiting: done = l.t("console.payment.still_waiting")
        case .failed, .closed: done = l.t("console.payment.did_not_go_through")
        }
        return [
            .on(.function(5), label: l.t("console.payment.refresh"), bar: true) { s, c, _ in [c.request(.payment(checkoutId: s.view.checkoutId))] },
            .on(.char("r"), label: l.t("console.payment.retry"), bar: true,
                disabled: (busy ?? notFinal).map { l.t("console.payment.retry_blocked", ["why": $0]) }) { s, c, _ in s.retry(&c) },
            .on(.char("c"), label: l.t("console.payment.cancel"), bar: true,
                disabled: view.outcome == .waiting ? busy.map { l.t("console.payment.cancel_blocked", ["why": $0]) } : l.t("console.payment.cancel_only_waiting")) { s, _, _ in
                s.confirmingCancel = true
                return []
            },
            .on(.char("m"), label: l.t("console.payment.change_method"), bar: true,
                disabled: (busy ?? notFinal).map { l.t("console.payment.change_method_blocked", ["why": $0]) }) { s, c, _ in
                c.lock(s.orders)
            },
            .on(.enter, label: l.t("console.payment.done"), bar: true, disabled: done) { s, c, _ in s.finish(&c) },
            .on(.escape, label: view.outcome == .waiting ? l.t("console.payment.back") : l.t("console.payment.orders"), bar: view.outcome != .waiting) { s, c, _ in s.back(&c) },
        ]
    }

    mutating func cancel(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        confirmingCancel = false
        context.message = Note(context.lang.t("console.payment.cancelling"), .pending)
        return [context.request(.cancel(checkoutId: view.checkoutId, session: session))]
    }

    mutating func retry(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        if case .code = mode {
            newCode = TextField(maxLength: 24)
            context.message = Note(context.lang.t("console.payment.scan_new_code"), .pending)
            return []
        }
        context.message = Note(context.lang.t("console.payment.trying_again"), .pending)
        return [context.request(.repay(checkoutId: view.checkoutId, code: nil, session: session))]
    }

    mutating func payAgain(_ context: inout Context) -> [Effect] {
        guard let session = context.session, let code = newCode else { return [] }
        do {
            let valid = try PaymentCode(code.text)
            newCode = nil
            mode = .code(valid.digits)
            context.message = Note(context.lang.t("console.payment.trying_new_code"), .pending)
            return [context.request(.repay(checkoutId: view.checkoutId, code: valid.digits, session: session))]
        } catch {
            context.message = .error(code.text.isEmpty ? context.lang.t("console.payment.type_code") : context.lang.words(error))
            return []
        }
    }

    func back(_ context: inout Context) -> [Effect] {
        guard let session = context.session else { return [] }
        switch view.outcome {
        case .waiting:
            context.message = Note(context.lang.t("console.payment.still_waiting"), .warning)
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
            context.message = Note(answer.outcome == .waiting ? context.lang.t("console.payment.cancel_waiting") : context.lang.t("console.payment.cancelled"), .warning)
        case .repay:
            context.message = Note(context.lang.t("console.payment.attempt_again", ["attempt": answer.attempt]), .pending)
        case .refresh, .checkout:
            if before.outcome != answer.outcome { context.message = Self.outcomeNote(answer, context.lang) }
        }
        return []
    }

    static func outcomeNote(_ view: PaymentView, _ l: Language) -> Note {
        switch view.outcome {
        case .waiting: return Note(l.t("console.payment.waiting_customer"), .pending)
        case .paid: return Note(l.t("console.payment.paid_change", ["change": view.changeDue.decimal]), .succeeded)
        case .failed:
            let text = view.message.map { l.t("console.payment.failed_because", ["why": $0]) } ?? l.t("console.payment.failed")
            return Note(text, .failed)
        case .closed:
            let text = view.message.map { l.t("console.payment.closed_because", ["why": $0]) } ?? l.t("console.payment.closed")
            return Note(text, .failed)
        }
    }

    func summary(_ context: Context) -> [StyledLine] {
        let l = context.lang
        return [StyledLine(" " + l.t("console.payment.sum_total") + " "), StyledLine(view.total.decimal, .amount),
                StyledLine(" \(view.total.currency.code) · " + l.t("console.payment.sum_change") + " "),
                StyledLine(view.changeDue.decimal, .amount)]
    }
}
