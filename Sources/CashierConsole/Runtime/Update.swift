import CashierCore

/// The one entry point for change: no I/O here, only state and the effects to perform.
extension AppState {
    mutating func update(_ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            message = nil
            return press(key)
        case .tick(let time):
            now = time
            return tick()
        case .resize(let newSize):
            return resize(newSize)
        case .reply(let id, let result):
            return receive(id, result)
        case .quitRequested:
            return requestQuit()
        }
    }

    /// The table that handles keys now: an overlay's own, or the screen's then the global one.
    var activeBindings: [KeyBinding] {
        switch overlay {
        case .help: return helpOverlayBindings
        case .confirmQuit: return quitDialogBindings
        case nil: return screenBindings + globalBindings
        }
    }

    /// A screen in a mode of its own (search field, dialog) relabels the bar with that mode's
    /// keys first, as htop does; otherwise the bar lists F-keys in order.
    var screenIsModal: Bool {
        switch route {
        case .orders: return orders.searching
        case .history: return history.searching
        case .payment: return payment?.confirmingCancel == true || payment?.newCode != nil
        case .approvals: return approvals.dialog != nil
        case .drawer(let page): return drawerIsModal(page)
        case .admin(let page): return adminIsModal(page)
        default: return false
        }
    }

    var barItems: [KeyBinding] {
        guard overlay == nil, screenIsModal else { return KeyTable.barItems(activeBindings) }
        return KeyTable.barItems(screenBindings) + KeyTable.barItems(globalBindings.filter { $0.command == .help })
    }

    var screenBindings: [KeyBinding] {
        switch route {
        case .login: return loginBindings
        case .orders: return ordersBindings
        case .tender: return tenderBindings
        case .payment: return paymentBindings
        case .history: return historyBindings
        case .detail: return detailBindings
        case .refund: return refundBindings
        case .approvals: return approvalsBindings
        case .drawer(let page): return drawerBindings(page)
        case .admin(let page): return adminBindings(page)
        }
    }

    mutating func press(_ key: Key) -> [Effect] {
        guard let binding = KeyTable.binding(for: key, in: activeBindings) else {
            message = Note("\(key) does nothing here: F1 lists the keys of this screen.", .dim)
            return []
        }
        if let reason = binding.disabled {
            message = Note(reason, .warning)
            return []
        }
        return perform(binding.command, key: key)
    }

    mutating func perform(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .help: overlay = .help; return []
        case .closeHelp, .stay: overlay = nil; return []
        case .quit: return requestQuit()
        case .confirmQuit: return quitNow()
        case .approvals:
            abandonLock()
            return openApprovals()
        case .toggleHistory:
            abandonLock()
            return route.isHistorySide ? openOrders() : openHistory()
        case .logout:
            abandonLock()
            return logout()
        default: break
        }
        switch route {
        case .login: return loginCommand(command, key: key)
        case .orders: return ordersCommand(command, key: key)
        case .tender: return tenderCommand(command, key: key)
        case .payment: return paymentCommand(command, key: key)
        case .history: return historyCommand(command, key: key)
        case .detail: return detailCommand(command, key: key)
        case .refund: return refundCommand(command, key: key)
        case .approvals: return approvalsCommand(command, key: key)
        case .drawer(let page): return drawerCommand(page, command, key: key)
        case .admin(let page): return adminCommand(page, command, key: key)
        }
    }

    /// Records a call as the newest of its slot (older answers in the slot become stale).
    mutating func request(_ call: Call) -> Effect {
        let id = nextRequestId
        nextRequestId += 1
        pending = pending.filter { $0.value.slot != call.slot }
        pending[id] = call
        return .call(id: id, call)
    }

    /// Stops waiting for a lock the cashier walked away from; if it is granted later, the
    /// stale answer releases it (see `receive`).
    mutating func abandonLock() {
        guard isPending(.lock) else { return }
        pending = pending.filter { $0.value.slot != .lock }
        message = Note("Stopped waiting for the lock.", .dim)
    }

    func isPending(_ slot: Call.Slot) -> Bool { pending.values.contains { $0.slot == slot } }

    mutating func receive(_ id: Int, _ result: Result<Reply, BackendError>) -> [Effect] {
        guard let call = pending.removeValue(forKey: id) else {
            // Stale. A lock we no longer want must still be released, or it blocks others.
            if case .success(.locked(let ids)) = result, let session {
                let kept = Set(tender?.orders.map(\.id) ?? []).union(payment?.orders.map(\.id) ?? [])
                let release = ids.filter { !kept.contains($0) }
                if !release.isEmpty { return [.unlock(orderIds: release, session: session)] }
            }
            return []
        }
        switch call {
        case .login: return loginReplied(result)
        case .orders(_, let list, let cursors, let cursorAt):
            return listReplied(list, cursors: cursors, cursorAt: cursorAt, result)
        case .orderTypes:
            if case .success(.types(let types)) = result {
                orders.types = types
                history.types = types
            }
            return []
        case .orderDetail(let id, let openRefund): return detailReplied(id, openRefund: openRefund, result)
        case .lock(_, _, let rows): return lockReplied(rows, result)
        case .renewLock: return lockRenewed(result)
        case .coupon(let code): return couponReplied(code, result)
        case .checkout, .payment, .cancel, .repay: return paymentReplied(call, result)
        case .requestRefund: return refundReplied(result)
        case .pendingApprovals: return approvalsReplied(result)
        case .approve, .reject: return decisionReplied(result)
        case .changeToken:
            if case .success(.token(let token)) = result { return tokenArrived(token) }
            return []
        case .drawer(let drawerCall): return drawerReplied(drawerCall, result)
        case .admin(let adminCall): return adminReplied(adminCall, result)
        }
    }

    /// How often the runtime wakes without input: fast while a payment counts down.
    var timerMillis: Int { route == .payment && payment?.view.outcome == .waiting ? 250 : 1000 }

    /// On each wake-up, asks cheaply whether anything was written since the last look.
    mutating func tick() -> [Effect] {
        var effects = renewLockIfDue()
        guard session != nil, !isPending(.changeToken) else { return effects }
        // Timers fire a little early or late: allow a fifth of the interval.
        guard now - lastTokenCheck >= Millis(timerMillis * 4 / 5) else { return effects }
        lastTokenCheck = now
        effects.append(request(.changeToken))
        return effects
    }

    mutating func tokenArrived(_ token: Int64) -> [Effect] {
        let previous = lastChangeToken
        lastChangeToken = token
        guard let previous, previous != token else { return [] }
        // A load the cashier asked for (a page turn, say) is newer than a background refresh
        // and will show the change anyway: never supersede it.
        let busy: Bool
        switch route {
        case .orders: busy = isPending(.list(.open))
        case .history: busy = isPending(.list(.history))
        case .detail: busy = isPending(.detail)
        case .approvals: busy = isPending(.approvals)
        case .admin: busy = isPending(.admin(.users)) || isPending(.admin(.auditPage))
        default: busy = false
        }
        return busy ? [] : refreshVisible()
    }

    /// Reloads what the current screen shows (F5, or after another writer changed the store).
    mutating func refreshVisible() -> [Effect] {
        switch route {
        case .orders: return [loadList(.open, .same)]
        case .history: return [loadList(.history, .same)]
        case .payment:
            guard let id = payment?.view.checkoutId, !isPending(.payment) else { return [] }
            return [request(.payment(checkoutId: id))]
        case .detail:
            guard let id = detail?.orderId else { return [] }
            return [request(.orderDetail(id: id, openRefund: false))]
        case .approvals: return [request(.pendingApprovals)]
        case .login, .tender, .refund: return []
        case .drawer(let page): return drawerRefresh(page)
        case .admin(let page): return adminRefresh(page)
        }
    }

    mutating func resize(_ newSize: Size) -> [Effect] {
        size = newSize
        let rows = max(1, bodyHeight - ListState.chromeRows)
        var effects: [Effect] = []
        for kind in [ListKind.open, .history] where self[list: kind].pageSize != rows {
            self[list: kind].pageSize = rows
            if self[list: kind].loaded && session != nil { effects.append(loadList(kind, .same)) }
        }
        return effects
    }

    // MARK: Navigation shared by screens

    mutating func openOrders() -> [Effect] {
        route = .orders
        return [loadList(.open, orders.loaded ? .same : .first)]
    }

    mutating func openHistory() -> [Effect] {
        route = .history
        return [loadList(.history, history.loaded ? .same : .first)]
    }

    mutating func openApprovals() -> [Effect] {
        if route != .approvals { approvalsReturn = route }
        route = .approvals
        return [request(.pendingApprovals)]
    }

    // MARK: Logging out and quitting

    /// Back to the log-in screen with nothing of the last user's left (answers still in flight
    /// are dropped as stale, since nothing is pending any more).
    mutating func logout() -> [Effect] {
        let who = session?.user ?? ""
        var fresh = AppState(storeLabel: storeLabel, timeZone: timeZone, now: now)
        fresh.size = size
        fresh.nextRequestId = nextRequestId
        fresh.message = Note("\(who) logged out.", .normal)
        self = fresh
        return []
    }

    mutating func requestQuit() -> [Effect] {
        if paymentInFlight {
            overlay = .confirmQuit
            return []
        }
        return quitNow()
    }

    mutating func quitNow() -> [Effect] {
        overlay = nil
        var effects: [Effect] = []
        if route == .tender, let tender, let session {
            effects.append(.unlock(orderIds: tender.orders.map(\.id), session: session))
        }
        effects.append(.quit)
        return effects
    }
}
