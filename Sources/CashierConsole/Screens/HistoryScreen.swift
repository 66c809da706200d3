import CashierCore

/// Paid and refunded orders: open one, ask for a refund, read its receipts.
struct HistoryScreen: OrderListScreen {
    var list = ListState(kind: .history)

    func keys(_ context: Context) -> [ScreenKey<HistoryScreen>] {
        var rows = ListState.keys(list, \HistoryScreen.list)
        if list.searching { return rows }
        let current = list.current
        rows.insert(contentsOf: [
            .on(.enter, label: "Open", bar: true, disabled: current == nil ? "Open: there is no order here." : nil) { s, c, _ in
                if let row = s.list.current { c.go(.detail(row.id, refund: false)) }
                return []
            },
            .on(.function(4), label: "Refund", bar: true, disabled: refundDisabledReason(current)) { s, c, _ in
                if let row = s.list.current { c.go(.detail(row.id, refund: true)) }
                return []
            },
            .on(.escape, label: "Orders") { _, c, _ in c.go(.orders); return [] },
            .on(.char("p"), label: "Receipt", bar: true, disabled: receiptKeyReason(current)) { s, c, _ in
                if let row = s.list.current { c.go(.receipt(row)) }
                return []
            },
        ], at: 0)
        return rows
    }


    func summary(_ context: Context) -> [StyledLine] {
        guard let row = list.current else { return [StyledLine(" No order under the cursor", .dim)] }
        return [StyledLine(" \(row.number) · \(row.customer) · "), StyledLine(row.amount.decimal, .amount),
                StyledLine(" \(row.amount.currency.code) · Enter opens it, F4 requests a refund")]
    }
}

/// Why a refund cannot be requested for `order`.
func refundDisabledReason(_ order: OrderRow?) -> String? {
    guard let order else { return "Refund: there is no order here." }
    if order.status != .paid && order.status != .partiallyRefunded {
        return "Refund: order \(order.number) is \(Fmt.status(order.status)); only paid or partially refunded orders can be refunded."
    }
    return nil
}

/// Why an order's receipts cannot be shown.
func receiptKeyReason(_ order: OrderRow?) -> String? {
    guard let order else { return "Receipt: there is no order here." }
    if order.status == .unpaid || order.status == .paying {
        return "Receipt: order \(order.number) is \(Fmt.status(order.status)); receipts exist once it is paid."
    }
    return nil
}
