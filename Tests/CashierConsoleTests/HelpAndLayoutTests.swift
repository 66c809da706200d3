import Testing
import CashierCore
@testable import CashierConsole

@Suite struct HelpAndLayoutTests {
    @Test func helpListsTheKeysOfTheCurrentScreen() {
        var h = TenderScreenTests.tendering()
        #expect(h.press(.function(1)) == [])
        #expect(h.state.overlay == .help)
        // A key that cannot act says why; the two tables get a column each.
        #expect(h.render().lines == screen([
            " Cashier · Tender                        cashier (cashier) · Store 1 · 14:13:20",
            "",
            "  Order          Customer                                         Amount",
            "  2026-0007      王小明                                           128.00",
            " ┌─ Help: Tender · Esc closes ────────────────────────────────────────────────┐",
            " │ On this screen                       Everywhere                            │",
            " │ F2          Pay: type or scan the    F1          Help                      │",
            " │             payment code from the    F6          Approvals: finish the     │",
            " │             customer's phone.                    tender (F2) or leave it   │",
            " │ Enter       Next field                           (Esc) first.              │",
            " │ Tab ↓       Next field               F7          History: finish the       │",
            " │ Shift-Tab ↑ Previous field                       tender (F2) or leave it   │",
            " │ Esc         Back                                 (Esc) first.              │",
            " │ ←           Previous method          F9          Log out: finish the       │",
            " │ →           Next method                          tender (F2) or leave it   │",
            " │ a-z 0-9     Digits (a scanner) go to             (Esc) first.              │",
            " │             the payment code         F10 Ctrl-C  Quit                      │",
            " │                                      F12         中文                      │",
            " └────────────────────────────────────────────────────────────────────────────┘",
            "",
            "",
            "",
            " Total 173.50 CNY · coupon 0.00 · cash 0.00 · online 173.50 · change 0.00",
            "EscClose",
        ]))
        // The reasons are dimmed, the keys that act are not.
        #expect(h.render()[15, 6].role == .dim)
        #expect(h.render()[15, 9].role == .dialog)
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
        #expect(lines[2] == screen([" ┌─ Help: Orders · Esc closes ────────────────────────────────────────────────┐ "])[0])
        #expect(lines[16] == screen([" │ PgDn        Next page: this is the   F7          History                   │ "])[0])
        #expect(lines[17] == screen([" │             last page.               F9          Log out                   │ "])[0])
        // With the search field open, help describes the search keys.
        h.press(.escape, .char("/"), .function(1))
        let search = h.state.helpLines().map(\.text)
        #expect(search.contains("Enter           Apply"))
        #expect(search.contains("Esc             Clear"))
        #expect(!search.contains { $0.hasPrefix("Space") })
    }

    @Test func helpAndBarComeFromTheTableThatDispatches() {
        // (That every enabled key acts is EveryKeyActsTests' part.)
        var h = Harness()
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
        guard case .call(let id, .lock(let ids, let session, let rows))? = lock.first else { Issue.record("no lock"); return }
        // The cashier goes to History while the lock is still out; the lock is granted late.
        h.pressSettled(.function(7))
        try? h.backend.lock(orderIds: ids, session: session)
        let late = h.send(.reply(id: id, .locked(rows, .success(Granted()))))
        #expect(late == [.unlock(orderIds: [7], session: session)])
        #expect(h.state.route == .history)
        #expect(h.state.tender == nil)
    }

    @Test func escStopsWaitingForALock() {
        var h = Harness()
        let lock = h.press(.function(2))
        guard case .call(let id, .lock(_, _, let rows))? = lock.first else { Issue.record("no lock"); return }
        #expect(h.render().lines[23] == "F1Help  F2Pay  F3Search  F5Refresh  F6Approvals  F7History  F10Quit  EscStop    ")
        #expect(h.press(.escape) == [])
        #expect(!h.state.isWorking)
        // A refusal that arrives afterwards changes nothing.
        h.send(.reply(id: id, .locked(rows, .failure(BackendError("Order 2026-0007 is held by web (alice) since 18:42.")))))
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
