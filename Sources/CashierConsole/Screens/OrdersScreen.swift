import CashierCore
import Localization

/// The open orders: pick one or many and pay them. The list itself is `ListState`.
struct OrdersScreen: OrderListScreen {
    var list = ListState(kind: .open)

    /// What F2 would pay: the selection, or the row under the cursor when nothing is selected.
    var payTargets: [OrderRow] {
        list.selected.isEmpty ? (list.current.map { [$0] } ?? []) : list.selected
    }

    /// Why paying is not possible now, as the message the key shows.
    func payDisabledReason(_ context: Context) -> String? {
        let targets = payTargets
        let l = context.lang
        if targets.isEmpty { return l.t("console.orders.pay_select_first") }
        if let reason = context.shift.payReason(l) { return reason }
        if context.isPending(.lock) { return l.t("console.orders.pay_locking") }
        if let other = targets.first(where: { $0.status != .unpaid }) {
            return l.t("console.orders.pay_not_unpaid", ["number": other.number, "status": l.status(other.status)])
        }
        let currencies = Set(targets.map(\.amount.currency.code))
        if currencies.count > 1 {
            return l.t("console.orders.pay_currencies", ["currencies": currencies.sorted().joined(separator: ", ")])
        }
        return nil
    }

    /// Why a quick sale cannot start: it is tendered at once, so it needs what paying needs, and
    /// the store's currency (known once the shift lookup answered).
    func newSaleDisabledReason(_ context: Context) -> String? {
        let l = context.lang
        if context.shift.payReason(l) != nil { return l.t("console.orders.new_sale_no_shift") }
        if context.shift.setup == nil {
            return l.t(context.shift.lookedUp ? "console.orders.new_sale_no_setup" : "console.orders.new_sale_looking")
        }
        return nil
    }

    func keys(_ context: Context) -> [ScreenKey<OrdersScreen>] {
        var rows = ListState.keys(list, \OrdersScreen.list, context)
        if list.searching { return rows }
        let l = context.lang
        let pay = payDisabledReason(context)
        let select = list.current == nil ? l.t("console.orders.select_nothing") : nil
        let drawer = context.shift.drawerKeyReason(l)
        let supervisor = context.session?.role == .supervisor
        rows.insert(contentsOf: [
            .on(.function(2), label: l.t("console.orders.pay"), bar: true, disabled: pay) { s, c, _ in s.startLock(&c) },
            .on(.enter, label: l.t("console.orders.pay"), disabled: pay) { s, c, _ in s.startLock(&c) },
            .on(.char(" "), label: l.t("console.orders.select"), disabled: select) { s, _, _ in s.toggleSelection() },
            // A walk-in customer's sale: the order is made here, then tendered like the others.
            .on(.char("n"), label: l.t("console.orders.new_sale"), bar: true, disabled: newSaleDisabledReason(context)) { _, c, _ in
                c.go(.quickSale)
                return []
            },
            // In the bar only where there is a drawer to show.
            .on(.function(8), label: l.t("console.orders.drawer"), bar: context.shift.keepsShifts,
                disabled: drawer.map { l.t("console.orders.drawer_blocked", ["why": $0]) }) { _, c, _ in c.go(.drawer); return [] },
            .on(.char("r"), label: l.t("console.orders.reports"), bar: true, disabled: drawer.map { l.t("console.orders.reports_blocked", ["why": $0]) }) { _, c, _ in
                c.go(.reports)
                return []
            },
        ], at: 0)
        // In the bar for supervisors (whose screens they are), in F1 help for everyone (a
        // cashier's console can call a supervisor over).
        rows += [
            .on(.char("u"), label: l.t("console.orders.users"), bar: supervisor) { _, c, _ in c.go(.users); return [] },
            .on(.char("a"), label: l.t("console.orders.audit"), bar: supervisor) { _, c, _ in c.go(.audit); return [] },
            .on(.char("b"), label: l.t("console.orders.reconciliation"), bar: supervisor) { _, c, _ in c.go(.reconciliation); return [] },
        ]
        if context.isPending(.lock) {
            rows.append(.on(.escape, label: l.t("console.orders.stop"), bar: true) { _, c, _ in c.abandonLock(); return [] })
        }
        return rows
    }

    mutating func toggleSelection() -> [Effect] {
        guard let row = list.current else { return [] }
        if let i = list.selected.firstIndex(where: { $0.id == row.id }) {
            list.selected.remove(at: i)
        } else {
            list.selected.append(row)
        }
        // Moving on lets a run of Space presses pick consecutive rows.
        if list.cursor < list.rows.count - 1 { list.cursor += 1 }
        return []
    }

    /// Locks the orders for tendering; the tender opens when the lock is ours.
    func startLock(_ context: inout Context) -> [Effect] {
        context.lock(payTargets)
    }


    func summary(_ context: Context) -> [StyledLine] {
        let l = context.lang
        if context.session != nil, !context.shift.lookedUp {
            return [StyledLine(" " + l.t("console.orders.looking_up_shift"), .pending)]
        }
        let picked = list.selected
        guard !picked.isEmpty else {
            return [StyledLine(" " + l.t("console.orders.nothing_selected"), .dim)]
        }
        var parts = [StyledLine(" " + l.plural("console.orders.selected", count: picked.count) + " ")]
        // Totals per currency, in the order currencies were first picked.
        var codes: [Currency] = []
        for row in picked where !codes.contains(row.amount.currency) { codes.append(row.amount.currency) }
        for (i, currency) in codes.enumerated() {
            let sum = picked.filter { $0.amount.currency == currency }.reduce(Money.zero(currency)) { $0 + $1.amount }
            if i > 0 { parts.append(StyledLine(" + ")) }
            parts.append(StyledLine(sum.decimal, .amount))
            parts.append(StyledLine(" \(currency.code)"))
        }
        return parts
    }
}

extension Context {
    /// Asks to lock orders for the tender (Orders' F2, Payment's "change method").
    mutating func lock(_ rows: [OrderRow]) -> [Effect] {
        guard let session else { return [] }
        message = Note(lang.plural("console.orders.locking", count: rows.count), .pending)
        return [request(.lock(orderIds: rows.map(\.id), session: session, rows: rows))]
    }

    /// Stops waiting for a lock the cashier walked away from; if it is granted later, the
    /// stale answer releases it (see `AppState.receive`).
    mutating func abandonLock() {
        guard isPending(.lock) else { return }
        pending = pending.filter { $0.value.slot != .lock }
        message = Note(lang.t("console.orders.stopped_lock"), .dim)
    }
}
