import Testing
import CashierCore
@testable import CashierConsole

/// The supervisor's reconciliation screen: each platform's day (what matched, fees, what is
/// open), the day's items with both amounts and the suggested action, and resolving one with a
/// note and a supervisor's PIN, optionally applying or refunding through the engine.
@Suite struct ReconciliationScreenTests {
    /// A supervisor's console on the reconciliation screen over the seeded days.
    static func days(size: Size = Size(width: 80, height: 24), as user: String = "supervisor") -> Harness {
        var h = Harness(loggedInAs: user, size: size)
        h.backend.recon.seed()
        h.pressSettled(.char("b"))
        return h
    }

    /// The first day's items (alipay 2026-09-20).
    static func items(size: Size = Size(width: 80, height: 24)) -> Harness {
        var h = days(size: size)
        h.pressSettled(.enter)
        return h
    }

    @Test func eachPlatformsDayWithWhatMatchedAndWhatIsOpen() {
        let h = Self.days()
        #expect(h.state.route == .reconciliation)
        #expect(h.render().lines == screen([
            " Cashier · Reconciliation          supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " Day        Platform Trades     Matched Refunds   Refunded     Fees State",
            " 2026-09-20 alipay     1204    98765.43      12     456.00   592.59 5 open",
            " 2026-09-20 wechat      318    12345.00       3      99.00    74.07 1 held",
            " 2026-09-19 alipay      980    76543.21       8     123.00   459.26 agrees",
            " 2026-09-19 wechat      301    11111.00       0       0.00    66.67 agrees",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "────────────────────────────────────────────────────────────────────────────────",
            " alipay 2026-09-20 · reconciled 2 times · bill CHANGED since the first run",
            " Matched: 1204 trades 98765.43 · 12 refunds 456.00 · fees 592.59",
            " 5 items open (Enter lists them)",
            "",
            " 4 platform days · 1 with open items · 1 waiting for a later bill",
            "F1Help  F6Approvals  F7History  F10Quit  EnterItems  EscBack",
        ]))
        // A day that does not agree says so in the warning colour.
        #expect(h.render()[68, 4].role == .warning && h.render()[68, 5].role == .normal)
    }

    @Test func aDaysItemsWithBothAmountsAndTheSuggestedAction() {
        var h = Self.items()
        #expect(h.backend.recon.calls == ["items alipay 2026-09-20"])
        #expect(h.render().lines == screen([
            " Cashier · Reconciliation          supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " alipay 2026-09-20 · 1204 trades 98765.43 · 12 refunds 456.00 · fees 592.59",
            "    # Kind            Trade no      Refund no          Bill      Store State",
            "   11 missing here    CSH0000000042                  500.00          — open",
            "   12 missing here    CSH0000000043                  128.00          — open",
            "   13 amount mismatch CSH0000000044                  100.01     100.00 open",
            "   14 refund mismatch CSH0000000045 RF0000000007      10.00      10.00 open",
            "   15 missing there   CSH0000000046                       —      45.00 open",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "────────────────────────────────────────────────────────────────────────────────",
            " #11 · missing here · CSH0000000042 · bill 500.00 · store —",
            " The platform took the money for a payment still waiting here: apply it.",
            "",
            " Note: confirmed by a query to the platform",
            " alipay · 2026-09-20 · 5 items, 5 open · resolving needs a supervisor's PIN",
            "F1Help  F6Approvals  F7History  F10Quit  rResolve  EscDays",
        ]))
        h.press(.end)
        #expect(h.render().lines[18...20] == screen([
            " #15 · missing there · CSH0000000046 · bill — · store 45.00",
            " Query the platform: if it has no payment, the order is not paid (reopen it or",
            " collect again).",
        ])[0...2])
        // Esc leads back to the days, then to the orders.
        h.press(.escape)
        #expect(h.state.reconciliation.day == nil && h.state.route == .reconciliation)
        h.pressSettled(.escape)
        #expect(h.state.route == .orders)
    }

    @Test func resolvingTakesANoteAndASupervisorsPinAndMayApply() {
        var h = Self.items()
        h.press(.down, .char("r"), .tab)
        #expect(h.render().lines == screen([
            " Cashier · Reconciliation          supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " alipay 2026-09-20 · 1204 trades 98765.43 · 12 refunds 456.00 · fees 592.59",
            "    # Kind            Trade no      Refund no          Bill      Store State",
            "   11 missing here    CSH0000000042                  500.00          — open",
            "   12 missing here    CSH0000000043                  128.00          — open",
            "      ┌─ Resolve item #12 ───────────────────────────────────────────────┐",
            "      │                                                                  │",
            "      │ #12 · missing here · CSH0000000043 · bill 128.00 · store —       │",
            "      │                                                                  │",
            "      │ Note        [                                                 ]  │",
            "      │ Then         nothing else (note only)  Space switches            │",
            "      │                                                                  │",
            "      │ The supervisor's own credentials:                                │",
            "      │ Supervisor  [supervisor                                       ]  │",
            "      │ PIN         [                                                 ]  │",
            "      └──────────────────────────────────────────────────────────────────┘",
            "────────────────────────────────────────────────────────────────────────────────",
            " #12 · missing here · CSH0000000043 · bill 128.00 · store —",
            " The platform took the money for a payment failed here: refund it at the",
            " platform.",
            " Note: confirmed by a query to the platform",
            " alipay · 2026-09-20 · 5 items, 5 open · resolving needs a supervisor's PIN",
            "EnterResolve  TabNext field  EscCancel  SpaceWhat else it does  F1Help",
        ]))
        // The follow-up switches between what this item allows: nothing else, or a refund.
        h.press(.char(" "))
        #expect(h.state.reconciliation.dialog?.followUp == .refund)
        h.press(.left)
        #expect(h.state.reconciliation.dialog?.followUp == nil)
        h.press(.escape, .up)
        // Nothing typed: the console says what is missing and asks nothing of the engine.
        h.pressSettled(.char("r"))
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("Type a note saying what was done about it."))
        h.type("customer showed the receipt")
        h.press(.tab, .char(" "), .tab, .tab)
        h.type("1234")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("Wrong PIN for supervisor: try again (4 attempts left)."))
        #expect(h.state.reconciliation.dialog?.gate.pin.text == "" && h.state.reconciliation.dialog?.focus == .pin)
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.backend.recon.calls.filter { $0.hasPrefix("resolve") } == ["resolve 11 apply by supervisor", "resolve 11 apply by supervisor"])
        let lines = h.render().lines
        #expect(lines[1].trimmed == " Resolved item #11 of CSH0000000042.")
        #expect(lines[8].trimmed == "   11 missing here    CSH0000000042                  500.00          — resolved")
        #expect(lines[18...20] == screen([
            " #11 · missing here · CSH0000000042 · bill 500.00 · store —",
            " Resolved by supervisor: customer showed the receipt — applied: payment",
            " CSH0000000042 succeeded",
        ])[0...2])
        // Resolved once: the key says why it does nothing more.
        #expect(h.press(.char("r")) == [])
        #expect(h.state.message == Note("Resolve: item #11 is already resolved.", .warning))
        // The days show one item fewer open.
        h.pressSettled(.escape, .function(5))
        #expect(h.state.reconciliation.days.first?.openItems == 4)
    }

    @Test func aCashierSeesTheDaysButOnlyASupervisorResolves() {
        var h = Self.days(as: "cashier")
        h.pressSettled(.enter)
        h.press(.char("r"))
        #expect(h.state.reconciliation.dialog?.gate.user.text == "")
        h.type("double charge")
        h.press(.tab, .tab)
        h.type("cashier")
        h.press(.tab)
        h.type("1111")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("User cashier is a cashier: only a supervisor can resolve a reconciliation item."))
        #expect(h.state.reconciliation.items.allSatisfy { $0.isOpen })
    }

    @Test func noDayReconciledYetSaysHow() {
        var h = Harness(loggedInAs: "supervisor")
        h.pressSettled(.char("b"))
        #expect(h.render().lines[4] == screen(["    No day reconciled yet: `cashier reconcile --date DAY` matches its bills."])[0])
        #expect(h.press(.enter) == [])
        #expect(h.state.message == Note("Items: there is no reconciled day here.", .warning))
    }

    @Test func theSupervisorsMenuAndHelpListIt() {
        var h = Harness(loggedInAs: "supervisor", size: Size(width: 80, height: 40))
        h.press(.function(1))
        #expect(h.render(Size(width: 80, height: 40)).lines.contains { $0.contains(" b ") && $0.contains("Reconciliation") })
        let orders = h.state.screenBindings.first { $0.keyText == "b" }
        #expect(orders?.label == "Reconciliation" && orders?.inBar == true)
    }

    @Test func aWideWindowShowsTheSuggestedActionOnEachRow() {
        var h = Self.days(size: Size(width: 120, height: 40))
        #expect(h.render(Size(width: 120, height: 40)).lines == screen([
            " Cashier · Reconciliation                                                  supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " Day        Platform Trades     Matched Refunds   Refunded     Fees State",
            " 2026-09-20 alipay     1204    98765.43      12     456.00   592.59 5 open",
            " 2026-09-20 wechat      318    12345.00       3      99.00    74.07 1 held",
            " 2026-09-19 alipay      980    76543.21       8     123.00   459.26 agrees",
            " 2026-09-19 wechat      301    11111.00       0       0.00    66.67 agrees",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────",
            " alipay 2026-09-20 · reconciled 2 times · bill CHANGED since the first run",
            " Matched: 1204 trades 98765.43 · 12 refunds 456.00 · fees 592.59",
            " 5 items open (Enter lists them)",
            "",
            " 4 platform days · 1 with open items · 1 waiting for a later bill",
            "F1Help  F6Approvals  F7History  F10Quit  EnterItems  EscBack",
        ], width: 120))
        h.pressSettled(.enter)
        #expect(h.render(Size(width: 120, height: 40)).lines == screen([
            " Cashier · Reconciliation                                                  supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " alipay 2026-09-20 · 1204 trades 98765.43 · 12 refunds 456.00 · fees 592.59",
            "    # Kind            Trade no      Refund no          Bill      Store State    Suggested action",
            "   11 missing here    CSH0000000042                  500.00          — open     The platform took the money for a paym…",
            "   12 missing here    CSH0000000043                  128.00          — open     The platform took the money for a paym…",
            "   13 amount mismatch CSH0000000044                  100.01     100.00 open     Compare the receipt with the platform'…",
            "   14 refund mismatch CSH0000000045 RF0000000007      10.00      10.00 open     The platform paid out a refund the sto…",
            "   15 missing there   CSH0000000046                       —      45.00 open     Query the platform: if it has no payme…",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────",
            " #11 · missing here · CSH0000000042 · bill 500.00 · store —",
            " The platform took the money for a payment still waiting here: apply it.",
            "",
            " Note: confirmed by a query to the platform",
            " alipay · 2026-09-20 · 5 items, 5 open · resolving needs a supervisor's PIN",
            "F1Help  F6Approvals  F7History  F10Quit  rResolve  EscDays",

        ], width: 120))
    }
}
