import CashierCore

/// How the app composes its screens: it runs each on its own slice of the state with the
/// shared context, lifts its keys into the app's table, and opens the screens they ask for.
extension AppState {
    /// Runs `body` on one screen's state and the context, then opens what the screen asked for.
    mutating func run<S>(_ path: WritableKeyPath<AppState, S>, _ body: (inout S, inout Context) -> [Effect]) -> [Effect] {
        var screen = self[keyPath: path]
        let effects = body(&screen, &context)
        self[keyPath: path] = screen
        return effects + follow()
    }

    /// The same for a screen that exists only while it is open; nothing happens when it is not.
    mutating func runIfOpen<S>(_ path: WritableKeyPath<AppState, S?>, _ body: (inout S, inout Context) -> [Effect]) -> [Effect] {
        guard var screen = self[keyPath: path] else { return [] }
        let effects = body(&screen, &context)
        self[keyPath: path] = screen
        return effects + follow()
    }

    /// A screen's keys as the app dispatches them: each runs on that screen's slice.
    func lift<S: Screen>(_ path: WritableKeyPath<AppState, S>) -> [AppKey] {
        self[keyPath: path].keys(context).map { binding in
            binding.handled { state, key in state.run(path) { screen, context in binding.run(&screen, &context, key) } }
        }
    }

    func lift<S: Screen>(_ path: WritableKeyPath<AppState, S?>) -> [AppKey] {
        (self[keyPath: path]?.keys(context) ?? []).map { binding in
            binding.handled { state, key in state.runIfOpen(path) { screen, context in binding.run(&screen, &context, key) } }
        }
    }

    /// The screen on show, for what only needs to read it.
    var visibleScreen: (any Screen)? {
        switch route {
        case .login: return login
        case .orders: return orders
        case .history: return history
        case .tender: return tender
        case .payment: return payment
        case .detail: return detail
        case .refund: return refund
        case .approvals: return approvals
        case .quickSale: return quickSale
        case .openShift: return openShift
        case .drawer: return drawer
        case .closeShift: return closeShift
        case .shiftClosed: return shiftClosed
        case .reports: return reports
        case .receipt: return receipt
        case .users: return users
        case .audit: return audit
        case .reconciliation: return reconciliation
        }
    }

    /// The keys of the screen on show.
    var screenBindings: [AppKey] {
        switch route {
        case .login: return lift(\.login)
        case .orders: return lift(\.orders)
        case .history: return lift(\.history)
        case .tender: return lift(\.tender)
        case .payment: return lift(\.payment)
        case .detail: return lift(\.detail)
        case .refund: return lift(\.refund)
        case .approvals: return lift(\.approvals)
        case .quickSale: return lift(\.quickSale)
        case .openShift: return lift(\.openShift)
        case .drawer: return lift(\.drawer)
        case .closeShift: return lift(\.closeShift)
        case .shiftClosed: return lift(\.shiftClosed)
        case .reports: return lift(\.reports)
        case .receipt: return lift(\.receipt)
        case .users: return lift(\.users)
        case .audit: return lift(\.audit)
        case .reconciliation: return lift(\.reconciliation)
        }
    }

    /// Reloads what the current screen shows (F5, or after another writer changed the store).
    mutating func refreshVisible() -> [Effect] {
        switch route {
        case .login: return run(\.login) { screen, context in screen.refresh(&context) }
        case .orders: return run(\.orders) { screen, context in screen.refresh(&context) }
        case .history: return run(\.history) { screen, context in screen.refresh(&context) }
        case .tender: return runIfOpen(\.tender) { screen, context in screen.refresh(&context) }
        case .payment: return runIfOpen(\.payment) { screen, context in screen.refresh(&context) }
        case .detail: return runIfOpen(\.detail) { screen, context in screen.refresh(&context) }
        case .refund: return runIfOpen(\.refund) { screen, context in screen.refresh(&context) }
        case .approvals: return run(\.approvals) { screen, context in screen.refresh(&context) }
        case .quickSale: return runIfOpen(\.quickSale) { screen, context in screen.refresh(&context) }
        case .openShift: return run(\.openShift) { screen, context in screen.refresh(&context) }
        case .drawer: return run(\.drawer) { screen, context in screen.refresh(&context) }
        case .closeShift: return runIfOpen(\.closeShift) { screen, context in screen.refresh(&context) }
        case .shiftClosed: return runIfOpen(\.shiftClosed) { screen, context in screen.refresh(&context) }
        case .reports: return run(\.reports) { screen, context in screen.refresh(&context) }
        case .receipt: return runIfOpen(\.receipt) { screen, context in screen.refresh(&context) }
        case .users: return run(\.users) { screen, context in screen.refresh(&context) }
        case .audit: return run(\.audit) { screen, context in screen.refresh(&context) }
        case .reconciliation: return run(\.reconciliation) { screen, context in screen.refresh(&context) }
        }
    }

    var screenIsModal: Bool { visibleScreen?.isModal ?? false }
    var screenIsLoading: Bool { visibleScreen?.isLoading(context) ?? false }
    /// The line above the key bar.
    var summary: [StyledLine] { visibleScreen?.summary(context) ?? [] }

    // MARK: Opening screens

    /// Opens, in order, every screen asked for.
    mutating func follow() -> [Effect] {
        var effects: [Effect] = []
        while !context.destinations.isEmpty {
            effects += go(context.destinations.removeFirst())
        }
        return effects
    }

    mutating func go(_ destination: Destination) -> [Effect] {
        switch destination {
        case .loggedIn(let session):
            context.session = session
            route = .orders
            return [request(.orderTypes), loadList(.open, .first), request(.drawer(.lookup(session)))]
        case .orders:
            // The tender and the payment live only while they show.
            tender = nil
            payment = nil
            route = .orders
            return [loadList(.open, orders.loaded ? .same : .first)]
        case .paid:
            orders.selected = []
            return go(.orders)
        case .history:
            route = .history
            return [loadList(.history, history.loaded ? .same : .first)]
        case .approvals:
            if route != .approvals { approvals.returnTo = route }
            route = .approvals
            return [request(.pendingApprovals)]
        case .quickSale:
            guard let currency = context.shift.setup?.currency else { return [] }
            if quickSale == nil || quickSale?.created != nil { quickSale = QuickSaleScreen(currency: currency) }
            route = .quickSale
            return []
        case .tender(let rows):
            // A quick sale's form is spent once its order reaches the tender.
            if rows.map(\.id) == [quickSale?.created?.id] { quickSale = nil }
            tender = TenderState(orders: rows, lockedAt: now)
            payment = nil
            route = .tender
            return []
        case .payment(let screen):
            payment = screen
            tender = nil
            route = .payment
            return []
        case .detail(let id, let openRefund):
            if !openRefund {
                if detail?.orderId != id { detail = DetailScreen(orderId: id) }
                refund = nil
                route = .detail
            }
            return [request(.orderDetail(id: id, openRefund: openRefund))]
        case .refund(let order):
            refund = RefundScreen(detail: order)
            route = .refund
            return []
        case .receipt(let order):
            receipt = ReceiptScreen(orderId: order.id, orderNumber: order.number, returnTo: route)
            route = .receipt
            return [request(.drawer(.receipts(orderId: order.id)))]
        case .drawer:
            if context.shift.current == nil { return go(.openShift) }
            route = .drawer
            drawer.scroll = 0
            return context.lookUpShift()
        case .openShift:
            openShift = OpenShiftScreen()
            route = .openShift
            return []
        case .closeShift:
            guard let shift = context.shift.current, let setup = context.shift.setup else { return [] }
            // Coming back to the same shift's count keeps what was typed (Esc is never destructive).
            if closeShift?.shiftId != shift.id {
                closeShift = CloseShiftScreen(shiftId: shift.id, denominations: setup.denominations)
            }
            route = .closeShift
            return []
        case .shiftClosed(let closing):
            shiftClosed = ShiftClosedScreen(closing: closing)
            closeShift = nil
            route = .shiftClosed
            return []
        case .reports:
            guard let session, route != .reports else { return [] }
            reports.returnTo = route
            reports.scroll = 0
            route = .reports
            return [request(.drawer(.xReport(session)))]
        case .users:
            route = .users
            users.form = nil
            return [request(.admin(.users))]
        case .audit:
            // The audit viewer always starts locked: the supervisor types their PIN each time it opens.
            audit = AuditScreen.locked(prefill: session?.role == .supervisor ? session?.user : nil)
            route = .audit
            return []
        case .reconciliation:
            // Opens on the list of days, newest first.
            reconciliation = ReconciliationScreen()
            route = .reconciliation
            return [request(.recon(.days))]
        case .back(let to):
            // A receipt lives only while it shows.
            receipt = nil
            route = to
            return refreshVisible()
        case .show(let to):
            route = to
            return []
        case .logout:
            return logout()
        }
    }

    // MARK: Answers that open screens

    subscript(list kind: ListKind) -> ListState {
        get { kind == .open ? orders.list : history.list }
        set { if kind == .open { orders.list = newValue } else { history.list = newValue } }
    }

    mutating func loadList(_ kind: ListKind, _ move: PageMove) -> Effect {
        let list = self[list: kind]
        return list.load(move, &context)
    }

    /// The lock for the tender was granted (or refused).
    mutating func lockReplied(_ rows: [OrderRow], _ result: Result<Granted, BackendError>) -> [Effect] {
        switch result {
        case .success:
            message = nil
            return go(.tender(rows))
        case .failure(let error):
            message = .error(error.text(lang))
            return []
        }
    }

    mutating func detailArrived(_ id: Int64, openRefund: Bool, _ result: Result<OrderDetail, BackendError>) -> [Effect] {
        if detail?.orderId != id {
            // An answer about another order than the one kept replaces it only when it is good.
            guard case .success = result else {
                if case .failure(let error) = result { message = .error(error.text(lang)) }
                return []
            }
            detail = DetailScreen(orderId: id)
        }
        if case .success(let fresh) = result, refund?.detail.order.id == id { refund?.updated(fresh) }
        return runIfOpen(\.detail) { screen, context in screen.receive(openRefund: openRefund, result, &context) }
    }
}
