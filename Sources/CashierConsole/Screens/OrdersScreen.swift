import CashierCore

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
        if targets.isEmpty { return "Pay: select an order first." }
        if let reason = context.shift.payReason { return reason }
        if context.isPending(.lock) { return "Pay: already locking the orders, wait for the answer." }
        if let other = targets.first(where: { $0.status != .unpaid }) {
            return "Pay: order \(other.number) is \(Fmt.status(other.status)); only unpaid orders can be paid."
        }
        let currencies = Set(targets.map(\.amount.currency.code))
        if currencies.count > 1 {
            return "Pay: the selected orders are in different currencies (\(currencies.sorted().joined(separator: ", "))); pay each currency separately."
        }
        return nil
    }

    /// Why a quick sale cannot start: it is tendered at once, so it needs what paying needs, and
    /// the store's currency (known once the shift lookup answered).
    func newSaleDisabledReason(_ context: Context) -> String? {
        if let reason = context.shift.payReason { return "New sale" + reason.dropFirst("Pay".count) }
        if context.shift.setup == nil {
            return context.shift.lookedUp ? "New sale: the store's drawer set-up (its currency) is missing." : "New sale: still looking up your shift, wait a moment."
        }
        return nil
    }

    func keys(_ context: Context) -> [ScreenKey<OrdersScreen>] {
        var rows = ListState.keys(list, \OrdersScreen.list)
        if list.searching { return rows }
        let pay = payDisabledReason(context)
        let select = list.current == nil ? "Select: there is no order here." : nil
        let drawer = context.shift.drawerKeyReason
        let supervisor = context.session?.role == .supervisor
        rows.insert(contentsOf: [
            .on(.function(2), label: "Pay", bar: true, disabled: pay) { s, c, _ in s.startLock(&c) },
            .on(.enter, label: "Pay", disabled: pay) { s, c, _ in s.startLock(&c) },
            .on(.char(" "), label: "Select", disabled: select) { s, _, _ in s.toggleSelection() },
            // A walk-in customer's sale: the order is made here, then tendered like the others.
            .on(.char("n"), label: "New sale", bar: true, disabled: newSaleDisabledReason(context)) { _, c, _ in
                c.go(.quickSale)
                return []
            },
            // In the bar only where there is a drawer to show.
            .on(.function(8), label: "Drawer", bar: context.shift.keepsShifts, disabled: drawer) { _, c, _ in c.go(.drawer); return [] },
            .on(.char("r"), label: "Reports", bar: true, disabled: drawer.map { "Reports" + $0.dropFirst("Drawer".count) }) { _, c, _ in
                c.go(.reports)
                return []
            },
        ], at: 0)
        // In the bar for supervisors (whose screens they are), in F1 help for everyone (a
        // cashier's console can call a supervisor over).
        rows += [
            .on(.char("u"), label: "Users", bar: supervisor) { _, c, _ in c.go(.users); return [] },
            .on(.char("a"), label: "Audit log", bar: supervisor) { _, c, _ in c.go(.audit); return [] },
            .on(.char("b"), label: "Reconciliation", bar: supervisor) { _, c, _ in c.go(.reconciliation); return [] },
        ]
        if context.isPending(.lock) {
            rows.append(.on(.escape, label: "Stop", bar: true) { _, c, _ in c.abandonLock(); return [] })
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
        if context.session != nil, !context.shift.lookedUp {
            return [StyledLine(" Looking up your shift on this terminal…", .pending)]
        }
        let picked = list.selected
        guard !picked.isEmpty else {
            return [StyledLine(" Nothing selected · Space selects · F2 pays the order under the cursor", .dim)]
        }
        var parts = [StyledLine(" Selected: \(Fmt.plural(picked.count, "order")) · total ")]
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
        message = Note("Locking \(Fmt.plural(rows.count, "order"))…", .pending)
        return [request(.lock(orderIds: rows.map(\.id), session: session, rows: rows))]
    }

    /// Stops waiting for a lock the cashier walked away from; if it is granted later, the
    /// stale answer releases it (see `AppState.receive`).
    mutating func abandonLock() {
        guard isPending(.lock) else { return }
        pending = pending.filter { $0.value.slot != .lock }
        message = Note("Stopped waiting for the lock.", .dim)
    }
}
