import CashierCore
import Foundation

/// One order's detail: lines, payments, refund requests. Scrolls as one list of lines.
struct DetailScreen: Screen {
    var orderId: Int64
    var detail: OrderDetail?
    var scroll = 0

    func keys(_ context: Context) -> [ScreenKey<DetailScreen>] {
        let refundReason = detail.map { refundDisabledReason($0.order) ?? refundableReason($0) } ?? "Refund: the order is still loading."
        let page = max(1, context.bodyHeight - 2)
        let limit = max(0, lines(context.timeZone).count - context.bodyHeight)
        return KeyTable.scrolling(\.scroll, limit: limit, page: page) + [
            .on(.function(4), label: "Refund", bar: true, disabled: refundReason) { s, c, _ in
                if let detail = s.detail { c.go(.refund(detail)) }
                return []
            },
            .on(.function(5), label: "Refresh", bar: true) { s, c, _ in s.refresh(&c) },
            .on(.char("p"), label: "Receipt", bar: true,
                disabled: detail.map { receiptKeyReason($0.order) } ?? "Receipt: the order is still loading.") { s, c, _ in
                if let detail = s.detail { c.go(.receipt(detail.order)) }
                return []
            },
            .on(.escape, label: "Back", bar: true) { _, c, _ in c.go(.history); return [] },
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
                if let reason = refundDisabledReason(answer.order) ?? refundableReason(answer) {
                    context.message = Note(reason, .warning)
                } else {
                    context.go(.refund(answer))
                }
            }
        case .failure(let error):
            context.message = .error(error.message)
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        guard let order = detail?.order else { return [] }
        return orderSummary(order)
    }

    func lines(_ timeZone: TimeZone) -> [StyledLine] {
        guard let d = detail else { return [StyledLine("Loading the order…", .dim)] }
        let o = d.order
        let code = o.amount.currency.code
        var out: [StyledLine] = [
            StyledLine("Order \(o.number) · \(o.type) · \(o.customer) · \(o.amount.decimal) \(code) · \(Fmt.status(o.status))", .title),
            StyledLine("Created \(Fmt.stamp(o.createdAt, timeZone)) · refundable now \(d.refundable.decimal) \(code)", .amount),
            StyledLine(""),
            StyledLine("Lines", .title),
        ]
        for line in d.lines {
            let total = Money(minor: line.unitPrice.minor * Int64(line.quantity), currency: line.unitPrice.currency)
            out.append(StyledLine("  " + DisplayWidth.pad(line.name, to: 36) + DisplayWidth.pad("\(line.quantity) ×", to: 6, alignRight: true)
                + DisplayWidth.pad(line.unitPrice.decimal, to: 12, alignRight: true) + DisplayWidth.pad(total.decimal, to: 12, alignRight: true)))
        }
        out.append(StyledLine(""))
        out.append(StyledLine("Payments      amount     refunded  state               reference", .title))
        for p in d.details {
            out.append(StyledLine("  " + DisplayWidth.pad(p.method.rawValue, to: 8) + DisplayWidth.pad(p.amount.decimal, to: 10, alignRight: true)
                + DisplayWidth.pad(p.refunded.decimal, to: 13, alignRight: true) + "  " + DisplayWidth.pad(p.state.rawValue.replacingUnderscores, to: 20)
                + (p.reference ?? "")))
        }
        if d.details.isEmpty { out.append(StyledLine("  none", .dim)) }
        out.append(StyledLine(""))
        out.append(StyledLine("Refund requests", .title))
        for r in d.refunds {
            let decided = r.decidedBy.map { " · decided by \($0)" } ?? ""
            out.append(StyledLine("  #\(r.id) \(r.amount.decimal) · \(r.state.rawValue) · \"\(r.reason)\" · by \(r.requestedBy) at \(Fmt.stamp(r.requestedAt, timeZone))\(decided)"))
            for ro in r.refundOrders {
                out.append(StyledLine("      refund \(ro.refundNo) · \(ro.method.rawValue) \(ro.amount.decimal) · \(ro.state.rawValue)", .dim))
            }
        }
        if d.refunds.isEmpty { out.append(StyledLine("  none", .dim)) }
        return out
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        for (i, line) in lines(context.timeZone).dropFirst(scroll).enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
    }
}

func refundableReason(_ detail: OrderDetail) -> String? {
    detail.refundable.minor > 0 ? nil : "Refund: nothing is left to refund on order \(detail.order.number)."
}

/// The summary line of the detail and refund screens.
func orderSummary(_ order: OrderRow) -> [StyledLine] {
    [StyledLine(" Order \(order.number) · \(Fmt.status(order.status)) · "),
     StyledLine(order.amount.decimal, .amount), StyledLine(" \(order.amount.currency.code)")]
}

extension String {
    /// "partially_refunded" as people read it.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
