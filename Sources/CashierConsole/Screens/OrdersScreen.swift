import CashierCore

extension AppState {
    /// What F2 would pay: the selection, or the row under the cursor when nothing is selected.
    var payTargets: [OrderRow] {
        orders.selected.isEmpty ? (orders.current.map { [$0] } ?? []) : orders.selected
    }

    /// Why paying is not possible now, as the message the key shows.
    var payDisabledReason: String? {
        let targets = payTargets
        if targets.isEmpty { return "Pay: select an order first." }
        if let reason = shiftPayReason { return reason }
        if isPending(.lock) { return "Pay: already locking the orders, wait for the answer." }
        if let other = targets.first(where: { $0.status != .unpaid }) {
            return "Pay: order \(other.number) is \(Fmt.status(other.status)); only unpaid orders can be paid."
        }
        let currencies = Set(targets.map(\.amount.currency.code))
        if currencies.count > 1 {
            return "Pay: the selected orders are in different currencies (\(currencies.sorted().joined(separator: ", "))); pay each currency separately."
        }
        return nil
    }

    var ordersBindings: [KeyBinding] {
        var rows = listBindings(.open)
        if orders.searching { return rows }
        let pay = payDisabledReason
        let select = orders.current == nil ? "Select: there is no order here." : nil
        rows.insert(contentsOf: [
            .on(.function(2), do: .pay, "Pay", bar: true, disabled: pay),
            .on(.enter, do: .pay, "Pay", disabled: pay),
            .on(.char(" "), do: .select, "Select", disabled: select),
        ] + ordersDrawerBindings, at: 0)
        rows += ordersAdminBindings
        if isPending(.lock) { rows.append(.on(.escape, do: .back, "Stop", bar: true)) }
        return rows
    }

    mutating func ordersCommand(_ command: Command, key: Key) -> [Effect] {
        if let effects = listCommand(.open, command, key: key) { return effects }
        switch command {
        case .select:
            guard let row = orders.current else { return [] }
            if let i = orders.selected.firstIndex(where: { $0.id == row.id }) {
                orders.selected.remove(at: i)
            } else {
                orders.selected.append(row)
            }
            // Moving on lets a run of Space presses pick consecutive rows.
            if orders.cursor < orders.rows.count - 1 { orders.cursor += 1 }
        case .pay:
            return startLock(payTargets)
        case .openDrawer:
            return openDrawer()
        case .reports:
            return openReports()
        case .openUsers: return openUsers()
        case .openAudit: return openAudit()
        case .back:
            abandonLock()
        default: break
        }
        return []
    }

    /// Locks the orders for tendering; the tender opens when the lock is ours.
    mutating func startLock(_ rows: [OrderRow]) -> [Effect] {
        guard let session else { return [] }
        message = Note("Locking \(Fmt.plural(rows.count, "order"))…", .pending)
        return [request(.lock(orderIds: rows.map(\.id), session: session, rows: rows))]
    }

    mutating func lockReplied(_ rows: [OrderRow], _ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success:
            tender = TenderState(orders: rows, lockedAt: now)
            payment = nil
            route = .tender
            message = nil
        case .failure(let error):
            message = .error(error.message)
        }
        return []
    }

    var ordersSummary: [StyledLine] {
        let picked = orders.selected
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

    func drawOrders(into grid: inout Grid, _ body: Rect) {
        drawList(.open, into: &grid, body)
    }
}
