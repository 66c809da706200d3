import Testing
import CashierCore
@testable import CashierConsole

@Suite struct DrawerScreenTests {
    /// The cashier's drawer after one cash sale of 128.00 paid with 150.00.
    static func drawer() -> Harness {
        var h = Harness.withShifts(float: "200")
        h.backend.drawerFake.sell(.cash, "128.00", tendered: "150.00")
        h.pressSettled(.function(8))
        return h
    }

    @Test func theShiftsFiguresWithNoMovementsYet() {
        let h = Self.drawer()
        #expect(h.state.route == .drawer)
        #expect(h.render().lines == screen([
            " Cashier · Drawer                        cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Shift #1 · terminal T1 · cashier · opened 09-21 14:13",
            "",
            "   Opening float                       200.00",
            "   Cash taken                        + 150.00",
            "   Change given                       - 22.00",
            "   Cash refunds                          0.00",
            "   Cash in                               0.00",
            "   Cash out                              0.00",
            "   ──────────────────────────────────────────",
            "   Expected in the drawer              328.00 CNY",
            "",
            " Cash in and out",
            "   None yet: i records cash put in, o cash taken out (a bank drop, a paid-out).",
            "", "", "", "", "", "", "",
            " Expected in the drawer 328.00 CNY · i cash in · o cash out · c closes the shift",
            "F1Help  F6Approvals  F7History  F10Quit  iCash in  oCash out  cClose shift",
        ]))
        #expect(h.render().roles(row: 11)[30] == .amount)
    }

    @Test func cashOutAndInAreRecordedWithTheirReasons() {
        var h = Self.drawer()
        h.press(.char("o"))
        h.type("50")
        h.press(.tab)
        h.type("银行存款 bank drop")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .drawer(.move(.cashOut, amount: money("50.00"), reason: "银行存款 bank drop",
                                                          session: UserSession(user: "cashier", role: .cashier))))])
        h.settle(effects)
        #expect(h.state.drawer.movement == nil)
        h.press(.char("i"))
        h.type("20")
        h.press(.tab)
        h.type("change from the bank")
        h.pressSettled(.enter)
        #expect(h.render().lines == screen([
            " Cashier · Drawer                        cashier (cashier) · Store 1 · 14:13:20",
            " Recorded cash in of 20.00 CNY: change from the bank.",
            " Shift #1 · terminal T1 · cashier · opened 09-21 14:13",
            "",
            "   Opening float                       200.00",
            "   Cash taken                        + 150.00",
            "   Change given                       - 22.00",
            "   Cash refunds                          0.00",
            "   Cash in                            + 20.00",
            "   Cash out                           - 50.00",
            "   ──────────────────────────────────────────",
            "   Expected in the drawer              298.00 CNY",
            "",
            " Cash in and out",
            "   Time     Kind           Amount By           Reason",
            "   14:13:20 cash out        50.00 cashier      银行存款 bank drop",
            "   14:13:20 cash in         20.00 cashier      change from the bank",
            "", "", "", "", "",
            " Expected in the drawer 298.00 CNY · i cash in · o cash out · c closes the shift",
            "F1Help  F6Approvals  F7History  F10Quit  iCash in  oCash out  cClose shift",
        ]))
    }

    @Test func theCashDialogChecksAsYouType() {
        var h = Self.drawer()
        h.press(.char("o"))
        h.type("abc")
        let lines = h.render().lines
        #expect(lines[6] == screen(["   Chang┌─ Cash out ───────────────────────────────────────────────────┐"])[0])
        #expect(lines[8] == screen(["   Cash │  Amount  [abc             ] CNY                              │"])[0])
        #expect(lines[12] == screen(["        │  The amount \"abc\" is not a number: type digits with an       │"])[0])
        #expect(lines[13] == screen([" Cash in│  optional point, such as 12.34.                              │"])[0])
        #expect(lines[23] == screen(["EnterRecord  TabNext field  EscCancel  F1Help"])[0])
        #expect(h.press(.enter) == [])
        h.press(.backspace, .backspace, .backspace)
        h.type("500")
        h.press(.tab)
        h.type("bank drop")
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("Cash out 500.00 is more than the 328.00 expected in the drawer."))
        h.press(.backTab, .backspace, .backspace, .backspace)
        h.type("0")
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("The amount must be more than 0."))
        h.press(.backspace)
        h.type("30")
        h.press(.tab)
        for _ in 0..<9 { h.press(.backspace) }
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("Type why the cash goes out, such as \"bank drop\"."))
        // Esc leaves without recording anything.
        h.press(.escape)
        #expect(h.state.drawer.movement == nil)
        #expect(h.backend.drawerFake.shift(of: "cashier")?.movements.isEmpty == true)
    }

    @Test func escLeadsBackToTheOrdersAndReportsAreAKeyAway() {
        var h = Self.drawer()
        h.pressSettled(.char("r"))
        #expect(h.state.route == .reports)
        h.pressSettled(.escape)
        #expect(h.state.route == .drawer)
        h.pressSettled(.escape)
        #expect(h.state.route == .orders)
    }

    @Test func helpListsTheDrawerKeys() {
        var h = Self.drawer()
        h.press(.function(1))
        let text = h.render().text
        for key in ["i               Cash in", "o               Cash out", "c               Close shift", "r               Reports",
                    "F5              Refresh", "Esc             Orders"] {
            #expect(text.contains(key), "\(key) missing from help")
        }
        var orders = Harness.withShifts(float: "10")
        orders.press(.function(1))
        // Two columns there, with narrower key names.
        #expect(orders.render().text.contains("│ F8          Drawer"))
        #expect(orders.render().text.contains("│ r           Reports"))
    }
}
