import Testing
import CashierCore
@testable import CashierConsole

extension Harness {
    /// A console on a store that keeps shifts: `user` logged in, with a shift opened on the
    /// fake engine first when `float` is given.
    static func withShifts(_ user: String = "cashier", float: String? = nil, size: Size = Size(width: 80, height: 24)) -> Harness {
        var h = Harness(loggedInAs: nil, size: size)
        h.backend.drawerFake.keepsShifts = true
        if let float {
            _ = try? h.backend.openShift(float: money(float), session: UserSession(user: user, role: user == "supervisor" ? .supervisor : .cashier))
        }
        h.settle(h.type(user) + h.press(.tab) + h.type(user == "supervisor" ? "9999" : "1111") + h.press(.enter))
        h.state.message = nil
        return h
    }
}

@Suite struct ShiftScreenTests {
    @Test func withoutAShiftLogInAsksForTheFloat() {
        let h = Harness.withShifts()
        #expect(h.state.route == .openShift)
        #expect(h.render().lines == screen([
            " Cashier · Open shift                    cashier (cashier) · Store 1 · 14:13:20",
            "", "", "", "", "",
            "        ┌─ Open shift ─────────────────────────────────────────────────┐",
            "        │                                                              │",
            "        │  Terminal  T1                 Operator  cashier              │",
            "        │                                                              │",
            "        │  You have no open shift here. Count the cash in the drawer   │",
            "        │  and type the total: the opening float.                      │",
            "        │                                                              │",
            "        │  Opening float  [                ] CNY                       │",
            "        │                                                              │",
            "        │  Type the opening float you counted, such as 200.00 (0 for   │",
            "        │  an empty drawer).                                           │",
            "        └──────────────────────────────────────────────────────────────┘",
            "", "", "", "",
            " Type the opening float, then press Enter · Esc skips (paying needs a shift)",
            "F1Help  F6Approvals  F7History  F10Quit  EnterOpen shift  EscSkip",
        ]))
    }

    @Test func aBadFloatIsOneSentenceInlineAndNothingIsSent() {
        var h = Harness.withShifts()
        h.type("2x0")
        let lines = h.render().lines
        #expect(lines[15] == screen(["        │  The amount \"2x0\" is not a number: type digits with an       │"])[0])
        #expect(lines[16] == screen(["        │  optional point, such as 12.34.                              │"])[0])
        #expect(h.render().roles(row: 15)[11] == .error)
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("The amount \"2x0\" is not a number: type digits with an optional point, such as 12.34."))
        h.press(.backspace, .backspace, .backspace)
        h.type("1.234")
        #expect(h.press(.enter) == [])
        #expect(h.state.message?.text.hasPrefix("The amount \"1.234\" has more than 2 decimal places") == true)
    }

    @Test func openingTheShiftGoesToTheOrders() {
        var h = Harness.withShifts()
        h.type("200")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .drawer(.open(float: money("200.00"), session: UserSession(user: "cashier", role: .cashier))))])
        h.settle(effects)
        #expect(h.state.route == .orders)
        #expect(h.state.message == Note("Shift #1 opened on T1 with a float of 200.00 CNY.", .succeeded))
        #expect(h.backend.drawerFake.shift(of: "cashier")?.float == money("200.00"))
        #expect(h.state.orders.payDisabledReason(h.state.context) == nil)
        #expect(h.render().lines[23] == screen(["F1Help  F2Pay  F3Search  F5Refresh  F6Approvals  F7History  F8Drawer  F10Quit"])[0])
    }

    @Test func withAShiftLogInGoesStraightToTheOrders() {
        let h = Harness.withShifts(float: "100")
        #expect(h.state.route == .orders)
        #expect(h.state.context.shift.current?.id == 1)
        #expect(h.render().lines[22].hasPrefix(" Nothing selected"))
    }

    @Test func untilTheShiftIsKnownTheOrdersSayWhatTheyWaitFor() {
        var h = Harness(loggedInAs: nil)
        h.backend.drawerFake.keepsShifts = true
        h.type("cashier"); h.press(.tab); h.type("1111")
        let login = h.press(.enter)
        let after = h.state.update(.reply(id: 1, perform(.login(user: "cashier", pin: "1111"), on: h.backend)))
        #expect(login.count == 1 && after.count == 3)
        #expect(h.render().lines[22] == screen([" Looking up your shift on this terminal…"])[0])
        #expect(h.press(.function(8)) == [])
        #expect(h.state.message == Note("Drawer: still looking up your shift, wait a moment.", .warning))
        h.settle(after)
        #expect(h.state.route == .openShift)
    }

    @Test func skippingTheShiftLeavesPayingClosedWithAClearMessage() {
        var h = Harness.withShifts()
        h.pressSettled(.escape)
        #expect(h.state.route == .orders)
        #expect(h.state.message == Note("No shift open: paying needs one (F8 opens it).", .warning))
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message == Note("Pay: you have no open shift on this terminal: press F8 to open one.", .warning))
        #expect(h.press(.enter) == [])
        h.pressSettled(.function(8))
        #expect(h.state.route == .openShift)
    }

    @Test func aStoreWithoutShiftsPaysAsBefore() {
        var h = Harness()
        #expect(h.state.route == .orders)
        #expect(h.press(.function(8)) == [])
        #expect(h.state.message == Note("Drawer: this store keeps no shifts yet.", .warning))
        #expect(h.press(.char("r")) == [])
        #expect(h.state.message == Note("Reports: this store keeps no shifts yet.", .warning))
        #expect(h.state.orders.payDisabledReason(h.state.context) == nil)
    }

    @Test func anEngineRefusalIsShownAndTheFormStays() {
        var h = Harness.withShifts()
        // Another console opened a shift for this operator meanwhile.
        _ = try? h.backend.openShift(float: money("5"), session: UserSession(user: "cashier", role: .cashier))
        h.type("200")
        h.pressSettled(.enter)
        #expect(h.state.route == .openShift)
        #expect(h.state.message == .error("cashier already has shift #1 open on T1."))
        #expect(h.state.openShift.openFloat.text == "200")
    }
}
