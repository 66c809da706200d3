import CashierCore
import Localization
import Foundation

/// One order's detail: lines, payments, refund requests. Scrolls as one list of lines.
struct DetailScreen: Screen {
    var orderId: Int64
    var detail: OrderDetail?
    var scroll = 0

    func keys(_ context: Context) -> [ScreenKey<DetailScreen>] {
        let l = context.lang
        let refundReason = detail.map { refundDisabledReason($0.order, l) ?? refundableReason($0, l) } ?? l.t("console.detail.refund_loading")
        let page = max(1, context.bodyHeight - 2)
        let limit = max(0, lines(context.timeZone, l).count - context.bodyHeight)
        return KeyTable.scrolling(context.lang, \.scroll, limit: limit, page: page) + [
            .on(.function(4), label: l.t("console.detail.refund"), bar: true, disabled: refundReason) { s, c, _ in
                if let detail = s.detail { c.go(.refund(detail)) }
                return []
            },
            .on(.function(5), label: l.t("console.detail.refresh"), bar: true) { s, c, _ in s.refresh(&c) },
            .on(.char("p"), label: l.t("console.detail.receipt"), bar: true,
                disabled: detail.map { receiptKeyReason($0.order, l) } ?? l.t("console.detail.receipt_loading")) { s, c, _ in
                if let detail = s.detail { c.go(.receipt(detail.order)) }
                return []
            },
            .on(.escape, label: l.t("console.detail.back"), bar: true) { _, c, _ in c.go(.history); return [] },
        ]
    }

    mutating func refresh(_ context: inout Context) -> [Effect] {
        [context.request(.orderDetail(id: orderId, openRefund: false))]
    }

    func isLoading(_ context: Context) -> Bool { context.isPending(.detail) }

    /// The order arrived; with `openRefund` (F4 on History) the refund request opens on it.
    mutating func receive(openRefund: Bool, _ result: Result<OrderDetail, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let answer):
            detail = answer
            if openRefund {
                if let reason = refundDisabledReason(answer.order, context.lang) ?? refundableReason(answer, context.lang) {
                    context.message = Note(reason, .warning)
                } else {
                    context.go(.refund(answer))
                }
            }
        case .failure(let error):
            context.message = .error(error.text(context.lang))
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        guard let order = detail?.order else { return [] }
        return orderSummary(order, context.lang)
    }

    func lines(_ timeZone: TimeZone, _ l: Language) -> [StyledLine] {
        guard let d = detail else { return [StyledLine(l.t("console.detail.loading"), .dim)] }
        let o = d.order
        let code = o.amount.currency.code
        var out: [StyledLine] = [
            StyledLine(l.t("console.detail.heading", ["number": o.number, "type": o.type, "customer": o.customer,
                                                      "amount": "\(o.amount.decimal) \(code)", "status": l.status(o.status)]), .title),
            StyledLine(l.t("console.detail.created", ["time": Fmt.stamp(o.createdAt, timeZone), "refundable": "\(d.refundable.decimal) \(code)"]), .amount),
            StyledLine(""),
            StyledLine(l.t("console.detail.lines"), .title),
        ]
        for line in d.lines {
            let total = Money(minor: line.unitPrice.minor * Int64(line.quantity), currency: line.unitPrice.currency)
            out.append(StyledLine("  " + DisplayWidth.pad(line.name, to: 36) + DisplayWidth.pad("\(line.quantity) ×", to: 6, alignRight: true)
                + DisplayWidth.pad(line.unitPrice.decimal, to: 12, alignRight: true) + DisplayWidth.pad(total.decimal, to: 12, alignRight: true)))
        }
        out.append(StyledLine(""))
        // Columns measured by display width, so a Chinese heading lines up over its rows too.
        out.append(StyledLine(DisplayWidth.pad(l.t("console.detail.payments"), to: 10)
            + DisplayWidth.pad(l.t("console.detail.col_amount"), to: 10, alignRight: true)
            + DisplayWidth.pad(l.t("console.detail.col_refunded"), to: 13, alignRight: true) + "  "
            + DisplayWidth.pad(l.t("console.detail.col_state"), to: 20) + l.t("console.detail.col_reference"), .title))
        for p in d.details {
            out.append(StyledLine("  " + DisplayWidth.pad(l.method(p.method), to: 8) + DisplayWidth.pad(p.amount.decimal, to: 10, alignRight: true)
                + DisplayWidth.pad(p.refunded.decimal, to: 13, alignRight: true) + "  " + DisplayWidth.pad(l.paymentState(p.state), to: 20)
                + (p.reference ?? "")))
        }
        if d.details.isEmpty { out.append(StyledLine("  " + l.t("console.detail.none"), .dim)) }
        out.append(StyledLine(""))
        out.append(StyledLine(l.t("console.detail.refund_requests"), .title))
        for r in d.refunds {
            let request = l.t("console.detail.request", ["id": r.id, "amount": r.amount.decimal, "state": l.requestState(r.state), "reason": r.reason,
                                                         "user": r.requestedBy, "time": Fmt.stamp(r.requestedAt, timeZone)])
            let decided = r.decidedBy.map { " · " + l.t("console.detail.decided_by", ["user": $0]) } ?? ""
            out.append(StyledLine("  " + request + decided))
            for ro in r.refundOrders {
                out.append(StyledLine("      " + l.t("console.detail.refund_order", ["number": ro.refundNo, "method": l.method(ro.method),
                                                                                     "amount": ro.amount.decimal, "state": l.refundState(ro.state)]), .dim))
            }
        }
        if d.refunds.isEmpty { out.append(StyledLine("  " + l.t("console.detail.none"), .dim)) }
        return out
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        for (i, line) in lines(context.timeZone, context.lang).dropFirst(scroll).enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
    }
}

func refundableReason(_ detail: OrderDetail, _ l: Language) -> String? {
    detail.refundable.minor > 0 ? nil : l.t("console.detail.nothing_left", ["number": detail.order.number])
}

/// The summary line of the detail and refund screens.
func orderSummary(_ order: OrderRow, _ l: Language) -> [StyledLine] {
    [StyledLine(" " + l.t("console.detail.summary", ["number": order.number, "status": l.status(order.status)]) + " · "),
     StyledLine(order.amount.decimal, .amount), StyledLine(" \(order.amount.currency.code)")]
}

