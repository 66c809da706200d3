/// Keys that work on every screen (after the screen's own table has had its chance).
extension AppState {
    var globalBindings: [AppKey] {
        let navigation = navigationBlockedReason
        return [
            .on(.function(1), label: "Help", bar: true) { state, _ in state.overlay = .help; return [] },
            .on(.function(6), label: "Approvals", bar: navigation == nil, disabled: navigation.map { "Approvals: \($0)" }) { state, _ in
                state.context.abandonLock()
                return state.go(.approvals)
            },
            .on(.function(7), label: route.isHistorySide ? "Orders" : "History", bar: navigation == nil,
                disabled: navigation.map { (route.isHistorySide ? "Orders: " : "History: ") + $0 }) { state, _ in
                state.context.abandonLock()
                return state.go(state.route.isHistorySide ? .orders : .history)
            },
            .on(.function(9), label: "Log out", disabled: navigation.map { "Log out: \($0)" }) { state, _ in
                state.context.abandonLock()
                return state.logout()
            },
            .on(.function(10), label: "Quit", bar: true) { state, _ in state.requestQuit() },
            .on(.control("c"), label: "Quit") { state, _ in state.requestQuit() },
        ]
    }

    /// Why global navigation must wait: leaving these screens would strand a lock, a payment or
    /// a closing shift.
    var navigationBlockedReason: String? {
        if session == nil { return "log in first." }
        switch route {
        case .tender: return "finish the tender (F2) or leave it (Esc) first."
        case .payment:
            if payment?.view.outcome == .waiting { return "the payment is still waiting: press c to cancel it, or wait." }
            return "leave the payment screen first (Esc)."
        case .closeShift where isPending(.drawer(.shift)): return "the shift is closing, wait for the answer."
        case .shiftClosed: return "press Enter to log out."
        default: return nil
        }
    }
}
