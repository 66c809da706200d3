import CashierCore

extension AppState {
    /// Why a refund cannot be requested for `order`.
    func refundDisabledReason(_ order: OrderRow?) -> String? {
        guard let order else { return "Refund: there is no order here." }
        if order.status != .paid && order.status != .partiallyRefunded {
            return "Refund: order \(order.number) is \(Fmt.status(order.status)); only paid or partially refunded orders can be refunded."
        }
        return nil
    }

    var historyBindings: [KeyBinding] {
        var rows = listBindings(.history)
        if history.searching { return rows }
        let none = history.current == nil ? "Open: there is no order here." : nil
        rows.insert(contentsOf: [
            .on(.enter, do: .confirm, "Open", bar: true, disabled: none),
            .on(.function(4), do: .refund, "Refund", bar: true, disabled: refundDisabledReason(history.current)),
            .on(.escape, do: .back, "Orders"),
            .on(.char("p"), do: .print, "Receipt", bar: true, disabled: receiptKeyReason(history.current)),
        ], at: 0)
        return rows
    }

    mutating func historyCommand(_ command: Command, key: Key) -> [Effect] {
        if let effects = listCommand(.history, command, key: key) { return effects }
        switch command {
        case .confirm:
            guard let row = history.current else { return [] }
            return openDetail(row.id, refund: false)
        case .refund:
            guard let row = history.current else { return [] }
            return openDetail(row.id, refund: true)
        case .back:
            return openOrders()
        case .print:
            return openReceipt(history.current)
        default: return []
        }
    }

    var historySummary: [StyledLine] {
        guard let row = history.current else { return [StyledLine(" No order under the cursor", .dim)] }
        return [StyledLine(" \(row.number) · \(row.customer) · "), StyledLine(row.amount.decimal, .amount),
                StyledLine(" \(row.amount.currency.code) · Enter opens it, F4 requests a refund")]
    }

    func drawHistory(into grid: inout Grid, _ body: Rect) {
        drawList(.history, into: &grid, body)
    }
}
