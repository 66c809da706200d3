import CashierCore

/// The words for the core's states and kinds, in one place for every front end. Each case names
/// its key in full (the catalogue test finds every key used by reading the sources).
extension Language {
    /// 待支付 / unpaid …
    public func status(_ s: OrderStatus) -> String {
        switch s {
        case .unpaid: return t("state.order.unpaid")
        case .paying: return t("state.order.paying")
        case .paid: return t("state.order.paid")
        case .partiallyRefunded: return t("state.order.partially_refunded")
        case .refunded: return t("state.order.refunded")
        case .cancelled: return t("state.order.cancelled")
        case .expired: return t("state.order.expired")
        }
    }

    public func paymentState(_ s: PaymentDetailState) -> String {
        switch s {
        case .pending: return t("state.payment.pending")
        case .succeeded: return t("state.payment.succeeded")
        case .failed: return t("state.payment.failed")
        case .partiallyRefunded: return t("state.payment.partially_refunded")
        case .refunded: return t("state.payment.refunded")
        }
    }

    public func checkoutState(_ s: PaymentOrderState) -> String {
        switch s {
        case .created: return t("state.checkout.created")
        case .pending: return t("state.checkout.pending")
        case .closing: return t("state.checkout.closing")
        case .succeeded: return t("state.checkout.succeeded")
        case .failed: return t("state.checkout.failed")
        case .closed: return t("state.checkout.closed")
        }
    }

    public func requestState(_ s: RefundRequestState) -> String {
        switch s {
        case .requested: return t("state.request.requested")
        case .approved: return t("state.request.approved")
        case .rejected: return t("state.request.rejected")
        }
    }

    public func refundState(_ s: RefundOrderState) -> String {
        switch s {
        case .created: return t("state.refund.created")
        case .processing: return t("state.refund.processing")
        case .succeeded: return t("state.refund.succeeded")
        case .failed: return t("state.refund.failed")
        }
    }

    public func role(_ r: UserRole) -> String {
        switch r {
        case .cashier: return t("state.role.cashier")
        case .supervisor: return t("state.role.supervisor")
        }
    }

    public func method(_ m: PaymentMethod) -> String {
        switch m {
        case .coupon: return t("state.method.coupon")
        case .cash: return t("state.method.cash")
        case .online: return t("state.method.online")
        }
    }

    /// Where a payment was started: 柜台 / counter …
    public func channel(_ c: Channel) -> String {
        switch c {
        case .counter: return t("state.channel.counter")
        case .web: return t("state.channel.web")
        case .miniProgram: return t("state.channel.mini_program")
        case .app: return t("state.channel.app")
        case .integration: return t("state.channel.integration")
        }
    }

    public func platform(_ p: PlatformKind) -> String {
        switch p {
        case .wechat: return t("state.platform.wechat")
        case .alipay: return t("state.platform.alipay")
        case .unionpay: return t("state.platform.unionpay")
        }
    }
}

extension Language {
    /// A reconciliation item's suggested action, stored as a `ReconAction` code. A store
    /// reconciled before actions were codes holds English sentences: those show as stored.
    public func reconAction(_ stored: String) -> String {
        guard let action = ReconAction(rawValue: stored) else { return stored }
        switch action {
        case .queryPayment: return t("recon_action.query_payment")
        case .queryRefund: return t("recon_action.query_refund")
        case .refundInPortal: return t("recon_action.refund_in_portal")
        case .reversed: return t("recon_action.reversed")
        case .compareAmounts: return t("recon_action.compare_amounts")
        case .apply: return t("recon_action.apply")
        case .refundFailed: return t("recon_action.refund_failed")
        case .refundClosed: return t("recon_action.refund_closed")
        case .recordRefundUnasked: return t("recon_action.record_refund_unasked")
        case .recordRefundFailed: return t("recon_action.record_refund_failed")
        case .recordRefundProcessing: return t("recon_action.record_refund_processing")
        case .recordRefundOther: return t("recon_action.record_refund_other")
        case .askPlatform: return t("recon_action.ask_platform")
        }
    }
}

extension Language {
    /// A reconciliation item's note, stored as a `ReconNote` code; one stored before notes were
    /// codes shows as stored.
    public func reconNote(_ stored: String) -> String {
        switch ReconNote(stored: stored) {
        case .confirmedByQuery?: return t("recon_note.confirmed_by_query")
        case .queryAnswered(let status)?: return t("recon_note.query_answered", ["status": status])
        case .queryUnanswered(let why)?: return t("recon_note.query_unanswered", ["why": why])
        case nil: return stored
        }
    }
}
