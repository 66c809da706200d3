import CashierCore
import Localization

/// Paid and refunded orders: open one, ask for a refund, read its receipts.
struct HistoryScreen: OrderListScreen {
    var list = ListState(kind: .history)

    func keys(_ context: Context) -> [ScreenKey<HistoryScreen>] {
        var rows = ListState.keys(list, \HistoryScreen.list, context)
        if list.searching { return rows }
        let l = context.lang
        let current = list.current
        rows.insert(contentsOf: [
            .on(.enter, label: l.t("console.history.open"), bar: true, disabled: current == nil ? l.t("console.history.open_nothing") : nil) { s, c, _ in
                if let row = s.list.current { c.go(.detail(row.id, refund: false)) }
                return []
            },
            .on(.function(4), label: l.t("console.history.refund"), bar: true, disabled: refundDisabledReason(current, l)) { s, c, _ in
                if let row = s.list.current { c.go(.detail(row.id, refund: true)) }
                return []
            },
            .on(.escape, label: l.t("console.history.orders")) { _, c, _ in c.go(.orders); return [] },
            .on(.char("p"), label: l.t("console.history.receipt"), bar: true, disabled: receiptKeyReason(current, l)) { s, c, _ in
                if let row = s.list.current { c.go(.receipt(row)) }
                return []
            },
        ], at: 0)
        return rows
    }


    func summary(_ context: Context) -> [StyledLine] {
        let l = context.lang
        guard let row = list.current else { return [StyledLine(" " + l.t("console.history.no_order"), .dim)] }
        return [StyledLine(" \(row.number) · \(row.customer) · "), StyledLine(row.amount.decimal, .amount),
                StyledLine(" \(row.amount.currency.code) · " + l.t("console.history.hint"))]
    }
}

/// Why a refund cannot be requested for `order`.
func refundDisabledReason(_ order: OrderRow?, _ l: Language) -> String? {
    guard let order else { return l.t("console.history.refund_nothing") }
    if order.status != .paid && order.status != .partiallyRefunded {
        return l.t("console.history.refund_not_paid", ["number": order.number, "status": l.status(order.status)])
    }
    return nil
}

/// Why an order's receipts cannot be shown.
func receiptKeyReason(_ order: OrderRow?, _ l: Language) -> String? {
    guard let order else { return l.t("console.history.receipt_nothing") }
    if order.status == .unpaid || order.status == .paying {
        return l.t("console.history.receipt_not_paid", ["number": order.number, "status": l.status(order.status)])
    }
    return nil
}
