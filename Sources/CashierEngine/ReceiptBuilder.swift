import CashierCore
import CashierReceipts
import CashierStore

/// Turns what the store holds about a settled payment or refund into a Receipt value.
enum ReceiptBuilder {
    static func build(_ data: ReceiptData, settings: ReceiptSettings, copy: Int) -> Receipt {
        switch data {
        case .payment(let p): return payment(p, settings, copy)
        case .refund(let r): return refund(r, settings, copy)
        }
    }

    /// Receipts show "2800****0001": the store's "…" takes one column on screen but two on many
    /// Chinese printers' fonts, which would spoil the alignment.
    static func printable(_ masked: String?) -> String? {
        masked.map { $0.replacingOccurrences(of: "…", with: "****") }
    }

    static func online(_ po: PaymentOrderRecord?) -> Receipt.Method {
        .online(platform: po?.platform.displayName ?? "Online", code: po?.isQR == true ? nil : printable(po?.codeMasked))
    }

    static func payment(_ p: PaymentReceiptData, _ s: ReceiptSettings, _ copy: Int) -> Receipt {
        let c = p.checkout
        var payments: [Receipt.Payment] = []
        if c.coupon > 0 { payments.append(.init(method: .coupon(code: c.couponCode ?? ""), amount: c.coupon)) }
        if c.cash > 0 { payments.append(.init(method: .cash, amount: c.cash)) }
        if c.online > 0 { payments.append(.init(method: online(p.paymentOrder), amount: c.online)) }
        let orders = p.orders.map { o, lines in
            Receipt.Order(number: o.number, customer: o.customer, amount: o.amount.minor,
                          items: lines.map { Receipt.Item(name: $0.name, quantity: $0.quantity, unitPrice: $0.unitPrice) })
        }
        return Receipt(header: s.header, footer: s.footer, kind: .payment, number: p.receipt.number, copy: copy,
                       currency: c.currency, time: p.receipt.createdAt, operatorName: c.operatorName, terminal: p.terminal,
                       channel: c.channel,
                       orders: orders, payments: payments, total: c.total, tendered: c.cash > 0 ? c.tendered : nil,
                       change: c.changeDue, tradeNo: p.paymentOrder?.tradeNo, platformTradeNo: p.paymentOrder?.platformTradeNo)
    }

    static func refund(_ r: RefundReceiptData, _ s: ReceiptSettings, _ copy: Int) -> Receipt {
        let method: Receipt.Method = switch r.detail.method {
        case .cash: .cash
        case .coupon: .coupon(code: r.detail.reference ?? "")
        case .online: online(r.paymentOrder)
        }
        let refund = Receipt.Refund(refundNo: r.refundOrder.refundNo, method: method, amount: r.refundOrder.amount.minor,
                                    reason: r.request.reason, approvedBy: r.request.decidedBy, tradeNo: r.refundOrder.tradeNo,
                                    refundedTotal: r.refundedThrough, orderPaid: r.order.paid)
        return Receipt(header: s.header, footer: s.footer, kind: .refund, number: r.receipt.number, copy: copy,
                       currency: r.order.currency, time: r.receipt.createdAt, operatorName: r.request.requestedBy,
                       terminal: r.terminal, channel: r.request.channel,
                       orders: [.init(number: r.order.number, customer: r.order.customer, amount: r.order.amount.minor, items: [])],
                       total: r.refundOrder.amount.minor, refund: refund)
    }
}
