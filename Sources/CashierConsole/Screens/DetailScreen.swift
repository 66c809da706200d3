import CashierCore

/// One order's detail: lines, payments, refund requests. Scrolls as one list of lines.
struct DetailState: Equatable, Sendable {
    var orderId: Int64
    var detail: OrderDetail?
    var scroll = 0
}

extension AppState {
    /// Loads an order's detail; with `refund`, the refund request screen opens when it arrives.
    mutating func openDetail(_ id: Int64, refund: Bool) -> [Effect] {
        if !refund {
            if detail?.orderId != id { detail = DetailState(orderId: id) }
            route = .detail
        }
        return [request(.orderDetail(id: id, openRefund: refund))]
    }

    mutating func detailReplied(_ id: Int64, openRefund: Bool, _ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.detail(let answer)):
            let scroll = detail?.orderId == id ? detail?.scroll ?? 0 : 0
            detail = DetailState(orderId: id, detail: answer, scroll: scroll)
            if openRefund {
                if let reason = refundDisabledReason(answer.order) ?? refundableReason(answer) {
                    message = Note(reason, .warning)
                } else {
                    refund = RefundState(detail: answer)
                    route = .refund
                }
            }
        case .failure(let error):
            message = .error(error.message)
        default: break
        }
        return []
    }

    func refundableReason(_ detail: OrderDetail) -> String? {
        detail.refundable.minor > 0 ? nil : "Refund: nothing is left to refund on order \(detail.order.number)."
    }

    var detailBindings: [KeyBinding] {
        let order = detail?.detail
        let refundReason = order.map { refundDisabledReason($0.order) ?? refundableReason($0) } ?? "Refund: the order is still loading."
        return [
            .on(.up, do: .up, "Scroll up"),
            .on(.down, do: .down, "Scroll down"),
            .on(.pageUp, do: .pageUp, "Page up"),
            .on(.pageDown, do: .pageDown, "Page down"),
            .on(.function(4), do: .refund, "Refund", bar: true, disabled: refundReason),
            .on(.function(5), do: .refresh, "Refresh", bar: true),
            .on(.char("p"), do: .print, "Receipt", bar: true,
                disabled: order.map { receiptKeyReason($0.order) } ?? "Receipt: the order is still loading."),
            .on(.escape, do: .back, "Back", bar: true),
        ]
    }

    mutating func detailCommand(_ command: Command, key: Key) -> [Effect] {
        guard var state = detail else { return [] }
        let page = max(1, bodyHeight - 2)
        let limit = max(0, detailLines(state).count - bodyHeight)
        switch command {
        case .up: state.scroll = max(0, state.scroll - 1)
        case .down: state.scroll = min(limit, state.scroll + 1)
        case .pageUp: state.scroll = max(0, state.scroll - page)
        case .pageDown: state.scroll = min(limit, state.scroll + page)
        case .refresh: return refreshVisible()
        case .print: return openReceipt(state.detail?.order)
        case .refund:
            guard let answer = state.detail else { return [] }
            refund = RefundState(detail: answer)
            route = .refund
            return []
        case .back:
            return openHistory()
        default: break
        }
        detail = state
        return []
    }

    func detailLines(_ state: DetailState) -> [StyledLine] {
        guard let d = state.detail else { return [StyledLine("Loading the order…", .dim)] }
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

    func drawDetail(into grid: inout Grid, _ body: Rect) {
        guard let state = detail else { return }
        let lines = detailLines(state)
        for (i, line) in lines.dropFirst(state.scroll).enumerated() where i < body.height {
            grid.put(" " + line.text, x: 0, y: body.y + i, role: line.role, maxWidth: body.width)
        }
    }
}

extension String {
    /// "partially_refunded" as people read it.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
