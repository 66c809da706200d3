import Testing
import CashierCore
@testable import CashierConsole

extension String {
    /// Without the padding a rendered line ends with.
    var trimmed: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}

@Suite struct ShiftCloseTests {
    /// The count form of a shift with 200.00 float and a 128.00 cash sale: 328.00 expected.
    static func counting() -> Harness {
        var h = Harness.withShifts(float: "200")
        h.backend.drawerFake.sell(.cash, "128.00", tendered: "150.00")
        h.pressSettled(.function(8), .char("c"))
        return h
    }

    /// 3×100 + 1×20 + 1×5 + 2×1 = 327.00: one short, within the 5.00 limit.
    static func countWithin(_ h: inout Harness) {
        h.type("3"); h.press(.tab, .tab); h.type("1"); h.press(.tab, .tab); h.type("1"); h.press(.tab); h.type("2")
    }

    @Test func theCountFormTotalsLiveAndShowsTheDifference() {
        var h = Self.counting()
        Self.countWithin(&h)
        #expect(h.render().lines == screen([
            " Cashier · Close shift                   cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Count the drawer: how many of each note and coin (Tab moves, F2 closes).",
            "",
            " Denomination Kind  Quantity       Line total   Shift #1 · cashier",
            "       100.00 note  [3       ]         300.00",
            "        50.00 note  [        ]           0.00   Expected                 328.00",
            "        20.00 note  [1       ]          20.00   Counted                  327.00",
            "        10.00 note  [        ]           0.00   Difference          -1.00 short",
            "         5.00 note  [1       ]           5.00",
            "         1.00 note  [2       ]           2.00   Limit ±5.00 CNY: within it",
            "         0.50 coin  [        ]           0.00",
            "         0.10 coin  [        ]           0.00   Sign the count:",
            "                                                PIN   [                       ]",
            "", "", "", "", "", "", "", "",
            " Counted 327.00 · difference -1.00 short",
            "F1Help  F2Close shift  F6Approvals  F7History  F10Quit  TabNext field  EscBack",
        ]))
        // Short within the limit is a warning; balanced is a success.
        #expect(h.render().roles(row: 8)[75] == .warning)
        h.press(.backspace)
        h.type("3")
        #expect(h.render().lines[8].trimmed.hasSuffix("Difference        0.00 balanced"))
        #expect(h.render().roles(row: 8)[75] == .succeeded)
    }

    @Test func quantitiesAreWholeNumbers() {
        var h = Self.counting()
        #expect(h.press(.char("x")) == [])
        #expect(h.state.message == .error("Quantities are whole numbers: type digits, such as 3."))
        h.type("2.5")
        #expect(h.state.closeShift?.quantities[0].text == "25")
    }

    @Test func closingWithinTheLimitNeedsOnlyTheCashiersPin() {
        var h = Self.counting()
        Self.countWithin(&h)
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message == .error("Type your PIN to sign the count."))
        #expect(h.state.closeShift?.focus == .ownPin)
        h.type("1111")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        guard case .call(id, .drawer(.close(let count, let pin, let supervisor, _)))? = effects.first else {
            Issue.record("no close call: \(effects)")
            return
        }
        #expect(count.total == money("327.00") && pin == "1111" && supervisor == nil)
        #expect(count.quantities[FakeDrawer.denominations[0]] == 3)
        h.settle(effects)
        #expect(h.render().lines == screen([
            " Cashier · Shift closed                  cashier (cashier) · Store 1 · 14:13:20",
            " Shift #1 closed.",
            " Shift #1 · terminal T1 · cashier · opened 09-21 14:13 · closed 09-21 14:13",
            "",
            "   Opening float                       200.00",
            "   Cash taken                        + 150.00",
            "   Change given                       - 22.00",
            "   Cash refunds                          0.00",
            "   Cash in                               0.00",
            "   Cash out                              0.00",
            "   ──────────────────────────────────────────",
            "   Expected in the drawer              328.00 CNY",
            "   Counted                             327.00",
            "   Difference                           -1.00 short",
            "",
            "   The shift is closed and read-only. Enter logs out.",
            "", "", "", "", "", "",
            " Enter logs out",
            "F1Help  F10Quit  EnterLog out",
        ]))
        #expect(h.backend.drawerFake.shift(of: "cashier") == nil)
        // Nothing else leads away from the summary but logging out.
        #expect(h.press(.function(7)) == [])
        h.pressSettled(.enter)
        #expect(h.state.route == .login)
        #expect(h.state.session == nil)
        // Nothing of the shift is left: the state is a fresh console's.
        var fresh = AppState(storeLabel: "Store 1", timeZone: utc, now: h.state.now)
        fresh.size = h.state.size
        fresh.nextRequestId = h.state.nextRequestId
        fresh.message = h.state.message
        #expect(h.state == fresh)
    }

    @Test func beyondTheLimitASupervisorAcceptsIt() {
        var h = Self.counting()
        h.type("4")  // 400.00 counted: 72.00 over
        let lines = h.render().lines.map(\.trimmed)
        #expect(lines[8].hasSuffix("Difference          +72.00 over"))
        #expect(lines[10].hasSuffix("Limit ±5.00 CNY: beyond it"))
        #expect(lines[15].hasSuffix("A supervisor accepts it:"))
        #expect(h.render().roles(row: 8)[75] == .failed)
        // Up from the first row wraps to the supervisor's PIN; the cashier's own PIN is before it.
        h.press(.up)
        #expect(h.state.closeShift?.focus == .pin)
        h.press(.up, .up)
        #expect(h.state.closeShift?.focus == .ownPin)
        h.type("1111")
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message == .error("Beyond the ±5.00 limit: a supervisor types their name and PIN to accept it."))
        #expect(h.state.closeShift?.focus == .user)
        h.type("supervisor")
        h.press(.tab)
        h.type("0000")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("Wrong PIN for supervisor."))
        #expect(h.state.closeShift?.pin.text == "" && h.state.closeShift?.quantities[0].text == "4")
        #expect(h.state.closeShift?.focus == .ownPin)
        h.type("1111")
        h.press(.tab, .tab)
        #expect(h.state.closeShift?.focus == .pin && h.state.closeShift?.user.text == "supervisor")
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.route == .shiftClosed)
        #expect(h.render().lines[13] == screen(["   Difference                          +72.00 over"])[0])
        #expect(h.render().lines[14] == screen(["   Accepted by supervisor."])[0])
    }

    @Test func aCountBackWithinTheLimitDropsTheSupervisorFields() {
        var h = Self.counting()
        Self.countWithin(&h)
        h.type("0")  // 20 × 1.00: 17.00 over
        #expect(h.state.closeShift!.fields(h.state.context).count == 11)
        h.press(.tab, .tab, .tab, .tab)
        #expect(h.state.closeShift?.focus == .user)
        h.press(.backTab, .backTab, .backTab, .backTab, .backspace)
        #expect(h.state.closeShift!.fields(h.state.context).count == 9)
        #expect(h.state.closeShift?.focus == .row(5))
        #expect(!h.render().text.contains("A supervisor accepts it"))
    }

    @Test func aPaymentInFlightBlocksClosingWithTheEnginesSentence() {
        var h = Self.counting()
        h.backend.drawerFake.paymentInFlight = true
        Self.countWithin(&h)
        h.press(.tab, .tab, .tab)
        h.type("1111")
        h.pressSettled(.function(2))
        #expect(h.state.route == .closeShift)
        #expect(h.state.message == .error("A payment is still in flight on shift #1: wait for it or cancel it, then close."))
        #expect(h.state.closeShift?.quantities[0].text == "3")
        #expect(h.backend.drawerFake.shift(of: "cashier") != nil)
    }

    @Test func aSupervisorsOwnCountBeyondTheLimitNeedsNobodyElse() {
        var h = Harness.withShifts("supervisor", float: "50")
        h.pressSettled(.function(8), .char("c"))
        #expect(h.render().lines[10].trimmed.hasSuffix("Limit ±5.00 CNY: beyond it"))
        #expect(!h.render().text.contains("A supervisor accepts it"))
        h.press(.up)
        #expect(h.state.closeShift?.focus == .ownPin)
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.route == .shiftClosed)
    }

    @Test func escKeepsTheCountForLater() {
        var h = Self.counting()
        h.type("3")
        h.pressSettled(.escape)
        #expect(h.state.route == .drawer)
        h.press(.char("c"))
        #expect(h.state.closeShift?.quantities[0].text == "3")
    }
}
