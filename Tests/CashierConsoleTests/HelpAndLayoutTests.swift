import Testing
import CashierCore
@testable import CashierConsole

@Suite struct HelpAndLayoutTests {
    @Test func helpListsTheKeysOfTheCurrentScreen() {
        var h = TenderScreenTests.tendering()
        #expect(h.press(.function(1)) == [])
        #expect(h.state.overlay == .help)
        #expect(h.render().lines == screen([
            " Cashier · Tender                        cashier (cashier) · Store 1 · 14:13:20",
            "",
            "  Order ┌─ Help: Tender · Esc closes ──────────────────────────────────┐",
            "  2026-0│ On this screen                                               │",
            "  2026-0│ F2              Pay (not now)                                │",
            "  Total │ Enter           Next field                                   │",
            "        │ Tab ↓           Next field                                   │",
            "  Coupon│ Shift-Tab ↑     Previous field                               │",
            "  Coupon│ Esc             Back                                         │",
            "  Cash a│ ←               Previous method                              │",
            "  Cash t│ →               Next method                                  │",
            "  Online│ a-z 0-9         Digits (a scanner) go to the payment code    │",
            "  Online│                                                              │",
            "  Paymen│ Everywhere                                                   │",
            "        │ F1              Help                                         │",
            "  • Type│ F6              Approvals (not now)                          │",
            "        │ F7              History (not now)                            │",
            "        │ F9              Log out (not now)                            │",
            "        │ F10             Quit                                         │",
            "        │ Ctrl-C          Quit                                         │",
            "        └──────────────────────────────────────────────────────────────┘",
            "",
            " Total 173.50 CNY · coupon 0.00 · cash 0.00 · online 173.50 · change 0.00",
            "EscClose",
        ]))
        // Keys go to the overlay while it is open; Esc closes it.
        #expect(h.press(.char("1")) == [])
        #expect(h.state.tender?.code.text == "")
        h.press(.escape)
        #expect(h.state.overlay == nil)
        #expect(h.state.route == .tender)
    }

    @Test func helpFollowsTheModeAndUsesTwoColumnsWhenLong() {
        var h = Harness()
        h.press(.function(1))
        let lines = h.render().lines
        #expect(lines[4] == screen([" ┌─ Help: Orders · Esc closes ────────────────────────────────────────────────┐ "])[0])
        #expect(lines[13] == screen([" │ PgDn        Next page (not now)      F6          Approvals                 │ "])[0])
        // With the search field open, help describes the search keys.
        h.press(.escape, .char("/"), .function(1))
        let search = h.state.helpLines().map(\.text)
        #expect(search.contains("Enter           Apply"))
        #expect(search.contains("Esc             Clear"))
        #expect(!search.contains { $0.hasPrefix("Space") })
    }

    @Test func helpAndBarComeFromTheTableThatDispatches() {
        // Every enabled named key the help lists for a screen does something when pressed.
        var h = Harness()
        for binding in h.state.screenBindings where binding.disabled == nil {
            guard case .key(let key)? = binding.keys.first else { continue }
            var probe = h
            probe.press(key)
            #expect(probe.state.message?.text.hasSuffix("does nothing here: F1 lists the keys of this screen.") != true,
                    "\(key) is listed but not handled")
        }
        // A key in no table says so, and points at the help.
        h.press(.char("q"))
        #expect(h.state.message == Note("q does nothing here: F1 lists the keys of this screen.", .dim))
        // The bar shows exactly the table's bar rows.
        let bar = h.state.barItems.map { $0.barKeyText + $0.label }
        #expect(bar == ["F1Help", "F2Pay", "F3Search", "F5Refresh", "F6Approvals", "F7History", "F10Quit"])
    }

    @Test func tooSmallShowsOnlyTheMessage() {
        let h = Harness()
        let grid = h.render(Size(width: 60, height: 20))
        var expected = Array(repeating: "", count: 20)
        expected[9] = "      Enlarge the window to at least 80×24 (now 60×20)"
        #expect(grid.lines == screen(expected, width: 60))
        #expect(grid[6, 9].role == .warning)
        // One column short is still too small.
        #expect(h.render(Size(width: 79, height: 24)).lines[11].contains("(now 79×24)"))
    }

    @Test func theHeaderNamesScreenUserStoreAndTime() {
        var h = Harness(loggedInAs: "supervisor")
        h.clock.advance(seconds: 65)
        h.send(.tick(h.clock.now()))
        #expect(h.render().lines[0] == " Cashier · Orders                  supervisor (supervisor) · Store 1 · 14:14:25 ")
    }

    @Test func workingShowsWhileACallIsOutAndKeysStillWork() {
        var h = Harness()
        h.press(.function(5))
        #expect(h.render().lines[1].hasSuffix("working… "))
        // Keys are handled while waiting: move and select.
        h.press(.down, .char(" "))
        #expect(h.state.orders.selected.map(\.id) == [6])
    }

    @Test func walkingAwayFromALockReleasesItWhenItArrives() {
        var h = Harness()
        let lock = h.press(.function(2))
        guard case .call(let id, .lock(let ids, let session, _))? = lock.first else { Issue.record("no lock"); return }
        // The cashier goes to History while the lock is still out; the lock is granted late.
        h.pressSettled(.function(7))
        try? h.backend.lock(orderIds: ids, session: session)
        let late = h.send(.reply(id: id, .success(.locked(ids))))
        #expect(late == [.unlock(orderIds: [7], session: session)])
        #expect(h.state.route == .history)
        #expect(h.state.tender == nil)
    }

    @Test func escStopsWaitingForALock() {
        var h = Harness()
        let lock = h.press(.function(2))
        guard case .call(let id, _)? = lock.first else { Issue.record("no lock"); return }
        #expect(h.render().lines[23] == "F1Help  F2Pay  F3Search  F5Refresh  F6Approvals  F7History  F10Quit  EscStop    ")
        #expect(h.press(.escape) == [])
        #expect(!h.state.isWorking)
        // A refusal that arrives afterwards changes nothing.
        h.send(.reply(id: id, .failure(BackendError("Order 2026-0007 is held by web (alice) since 18:42."))))
        #expect(h.state.message == Note("Stopped waiting for the lock.", .dim))
        #expect(h.state.route == .orders)
    }
}

@Suite struct LogOutTests {
    @Test func logOutReturnsToTheLogInScreenWithNothingOfTheLastUserLeft() {
        var h = Harness()
        #expect(h.state.session?.user == "cashier")
        h.pressSettled(.char(" "))
        #expect(!h.state.orders.selected.isEmpty)
        #expect(h.press(.function(9)) == [])
        #expect(h.state.route == .login)
        #expect(h.state.session == nil)
        #expect(h.state.orders.selected.isEmpty)
        #expect(h.state.message?.text == "cashier logged out.")
        #expect(h.render().lines[1].hasPrefix(" cashier logged out."))
        // Not while a tender holds orders: leaving must go through Esc, which unlocks them.
        var t = TenderScreenTests.tendering()
        #expect(t.press(.function(9)) == [])
        #expect(t.state.route == .tender)
        #expect(t.state.message?.text.hasPrefix("Log out: finish the tender") == true)
    }
}
