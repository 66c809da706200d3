/// Keys that work on every screen (after the screen's own table has had its chance).
extension AppState {
    var globalBindings: [KeyBinding] {
        let navigation = navigationBlockedReason
        return [
            .on(.function(1), do: .help, "Help", bar: true),
            .on(.function(6), do: .approvals, "Approvals", bar: navigation == nil,
                disabled: navigation.map { "Approvals: \($0)" }),
            .on(.function(7), do: .toggleHistory, route.isHistorySide ? "Orders" : "History", bar: navigation == nil,
                disabled: navigation.map { (route.isHistorySide ? "Orders: " : "History: ") + $0 }),
            .on(.function(9), do: .logout, "Log out",
                disabled: navigation.map { "Log out: \($0)" }),
            .on(.function(10), do: .quit, "Quit", bar: true),
            .on(.control("c"), do: .quit, "Quit"),
        ]
    }

    /// Why global navigation must wait: leaving these screens would strand a lock or a payment.
    var navigationBlockedReason: String? {
        if session == nil { return "log in first." }
        if let reason = drawerNavigationBlocked { return reason }
        switch route {
        case .tender: return "finish the tender (F2) or leave it (Esc) first."
        case .payment:
            if payment?.view.outcome == .waiting { return "the payment is still waiting: press c to cancel it, or wait." }
            return "leave the payment screen first (Esc)."
        default: return nil
        }
    }
}
