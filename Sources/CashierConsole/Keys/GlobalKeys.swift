import Localization
/// Keys that work on every screen (after the screen's own table has had its chance).
extension AppState {
    var globalBindings: [AppKey] {
        let navigation = navigationBlockedReason
        let l = lang
        return [
            .on(.function(1), label: l.t("console.global.help"), bar: true) { state, _ in state.overlay = .help; return [] },
            .on(.function(6), label: l.t("console.global.approvals"), bar: navigation == nil,
                disabled: navigation.map { l.t("console.global.approvals_blocked", ["why": $0]) }) { state, _ in
                state.context.abandonLock()
                return state.go(.approvals)
            },
            .on(.function(7), label: route.isHistorySide ? l.t("console.global.orders") : l.t("console.global.history"), bar: navigation == nil,
                disabled: navigation.map {
                    route.isHistorySide ? l.t("console.global.orders_blocked", ["why": $0]) : l.t("console.global.history_blocked", ["why": $0])
                }) { state, _ in
                state.context.abandonLock()
                return state.go(state.route.isHistorySide ? .orders : .history)
            },
            .on(.function(9), label: l.t("console.global.log_out"), disabled: navigation.map { l.t("console.global.log_out_blocked", ["why": $0]) }) { state, _ in
                state.context.abandonLock()
                return state.logout()
            },
            // One row for both quit keys, so help keeps room for the language key.
            .on(.function(10), .control("c"), label: l.t("console.global.quit"), bar: true) { state, _ in state.requestQuit() },
            // Named in the language it switches to, so whoever cannot read this one finds it.
            .on(.function(12), label: l.t("console.global.switch_language")) { state, _ in
                state.lang = state.lang.other
                state.message = Note(state.lang.t("console.global.language_switched"), .dim)
                return []
            },
        ]
    }

    /// Why global navigation must wait: leaving these screens would strand a lock, a payment or
    /// a closing shift.
    var navigationBlockedReason: String? {
        if session == nil { return lang.t("console.global.why_log_in") }
        switch route {
        case .tender: return lang.t("console.global.why_tender")
        case .payment:
            if payment?.view.outcome == .waiting { return lang.t("console.global.why_payment_waiting") }
            return lang.t("console.global.why_payment")
        case .closeShift where isPending(.drawer(.shift)): return lang.t("console.global.why_closing")
        case .shiftClosed: return lang.t("console.global.why_shift_closed")
        default: return nil
        }
    }
}
