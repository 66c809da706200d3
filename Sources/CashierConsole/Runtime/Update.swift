import CashierCore
import Localization

/// The one entry point for change: no I/O here, only state and the effects to perform.
extension AppState {
    mutating func update(_ action: Action) -> [Effect] {
        switch action {
        case .key(let key, let time):
            now = time
            message = nil
            return press(key)
        case .tick(let time):
            now = time
            return tick()
        case .resize(let newSize):
            return resize(newSize)
        case .reply(let id, let reply):
            return receive(id, reply)
        case .quitRequested:
            return requestQuit()
        }
    }

    /// The table that handles keys now: an overlay's own, or the screen's then the global one.
    var activeBindings: [AppKey] {
        switch overlay {
        case .help: return helpOverlayBindings
        case .confirmQuit: return quitDialogBindings
        case nil: return screenBindings + globalBindings
        }
    }

    /// A screen in a mode of its own (search field, dialog) relabels the bar with that mode's
    /// keys first, as htop does; otherwise the bar lists F-keys in order.
    var barItems: [AppKey] {
        guard overlay == nil, screenIsModal else { return KeyTable.barItems(activeBindings) }
        return KeyTable.barItems(screenBindings) + KeyTable.barItems(globalBindings.filter { $0.keys.first == .key(.function(1)) })
    }

    mutating func press(_ key: Key) -> [Effect] {
        guard let binding = KeyTable.binding(for: key, in: activeBindings) else {
            message = Note(lang.t("console.global.unbound_key", ["key": key]), .dim)
            return []
        }
        if let reason = binding.disabled {
            message = Note(reason, .warning)
            return []
        }
        return binding.run(&self, key)
    }

    mutating func receive(_ id: Int, _ reply: Reply) -> [Effect] {
        guard context.pending.removeValue(forKey: id) != nil else {
            // Stale. A lock we no longer want must still be released, or it blocks others.
            if case .locked(let rows, .success) = reply, let session {
                let kept = Set(tender?.orders.map(\.id) ?? []).union(payment?.orders.map(\.id) ?? [])
                let release = rows.map(\.id).filter { !kept.contains($0) }
                if !release.isEmpty { return [.unlock(orderIds: release, session: session)] }
            }
            return []
        }
        switch reply {
        case .login(let result): return run(\.login) { screen, context in screen.receive(result, &context) }
        case .page(.open, let cursors, let at, let result):
            return run(\.orders.list) { list, context in list.receive(cursors: cursors, cursorAt: at, result, &context) }
        case .page(.history, let cursors, let at, let result):
            return run(\.history.list) { list, context in list.receive(cursors: cursors, cursorAt: at, result, &context) }
        case .types(.success(let types)):
            orders.types = types
            history.types = types
            return []
        case .types(.failure):
            // The type filter then offers only "all"; the lists themselves still load.
            return []
        case .detail(let id, let openRefund, let result): return detailArrived(id, openRefund: openRefund, result)
        case .locked(let rows, let result): return lockReplied(rows, result)
        case .renewed(let result): return runIfOpen(\.tender) { tender, context in tender.lockRenewed(result, &context) }
        case .coupon(let code, let result):
            return runIfOpen(\.tender) { tender, context in tender.couponReplied(code, result, &context) }
        case .payment(.checkout(let plan), let result):
            return runIfOpen(\.tender) { tender, context in tender.checkoutReplied(plan, result, &context) }
        case .payment(let ask, .success(let answer)):
            return runIfOpen(\.payment) { payment, context in payment.receive(ask, answer, &context) }
        case .refundRequested(let result): return runIfOpen(\.refund) { screen, context in screen.receive(result, &context) }
        case .quickSaleCreated(let result): return runIfOpen(\.quickSale) { screen, context in screen.receive(result, &context) }
        case .approvals(let result): return run(\.approvals) { screen, context in screen.received(result, &context) }
        case .decided(let result): return run(\.approvals) { screen, context in screen.decided(result, &context) }
        case .token(let token): return tokenArrived(token)
        case .drawer(let reply): return drawerReplied(reply)
        case .admin(let reply): return adminReplied(reply)
        case .recon(let reply): return run(\.reconciliation) { screen, context in screen.received(reply, &context) }
        case .payment(_, .failure(let error)):
            message = .error(error.text(lang))
            return []
        }
    }

    mutating func drawerReplied(_ reply: DrawerReply) -> [Effect] {
        switch reply {
        case .lookup(.success(let found)):
            context.shift = ShiftInfo(setup: found.setup, lookedUp: true, current: found.shift)
            // No shift yet: ask for the float first (Esc still leads to the orders).
            if found.setup != nil, found.shift == nil, route == .orders { return go(.openShift) }
            return []
        case .lookup(.failure(let error)):
            message = .error(error.text(lang))
            // Without an answer the console cannot tell: it keeps shifts off rather than block the counter.
            context.shift.lookedUp = true
            return []
        case .opened(let result): return run(\.openShift) { screen, context in screen.opened(result, &context) }
        case .moved(let kind, let amount, let reason, let result):
            return run(\.drawer) { screen, context in screen.moved(kind, amount, reason, result, &context) }
        case .closed(let result): return runIfOpen(\.closeShift) { screen, context in screen.closed(result, &context) }
        case .report(let z, let result): return run(\.reports) { screen, context in screen.received(z: z, result, &context) }
        case .receipts(.success(let receipts)): return runIfOpen(\.receipt) { screen, _ in screen.received(receipts) }
        case .printed(.success(let text)):
            message = Note(text, .succeeded)
            return []
        case .receipts(.failure(let error)), .printed(.failure(let error)):
            message = .error(error.text(lang))
            return []
        }
    }

    mutating func adminReplied(_ reply: AdminReply) -> [Effect] {
        switch reply {
        case .users(let result): return run(\.users) { screen, context in screen.received(result, &context) }
        case .userChanged(let change, let result): return run(\.users) { screen, context in screen.changed(change, result, &context) }
        case .auditUnlocked(let result): return run(\.audit) { screen, context in screen.unlocked(result, &context) }
        case .auditPage(let cursors, let at, let result):
            return run(\.audit) { screen, context in screen.pageReceived(result, cursors: cursors, at: at, &context) }
        case .auditChain(let result): return run(\.audit) { screen, context in screen.chainReceived(result, &context) }
        }
    }

    /// How often the runtime wakes without input: fast while a payment counts down.
    var timerMillis: Int { route == .payment && payment?.view.outcome == .waiting ? 250 : 1000 }

    /// On each wake-up, asks cheaply whether anything was written since the last look.
    mutating func tick() -> [Effect] {
        var effects = route == .tender ? runIfOpen(\.tender) { tender, context in tender.renewLockIfDue(&context) } : []
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
        var effects = screenIsLoading ? [] : refreshVisible()
        // The shift's figures follow the store too, so the drawer never opens on figures from
        // before the last sale (the drawer screen looks them up itself).
        if context.shift.current != nil, route != .drawer, !isPending(.drawer(.shift)) { effects += context.lookUpShift() }
        return effects
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

    // MARK: Logging out and quitting

    /// Back to the log-in screen with nothing of the last user's left (answers still in flight
    /// are dropped as stale, since nothing is pending any more).
    mutating func logout() -> [Effect] {
        let who = session?.user ?? ""
        var fresh = AppState(storeLabel: storeLabel, timeZone: timeZone, now: now, lang: lang)
        fresh.size = size
        fresh.nextRequestId = nextRequestId
        fresh.message = Note(lang.t("console.global.logged_out", ["user": who]), .normal)
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
