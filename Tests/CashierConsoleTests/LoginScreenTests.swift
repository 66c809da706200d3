import Testing
import CashierCore
@testable import CashierConsole

@Suite struct LoginScreenTests {
    @Test func loggingInLoadsTypesAndTheFirstPage() {
        var h = Harness(loggedInAs: nil)
        #expect(h.type("cashier") == [])
        h.press(.tab)
        h.type("1111")
        #expect(h.state.login.pin.text == "1111")
        #expect(h.render().lines[13].contains("[••••"))
        let effects = h.press(.enter)
        #expect(effects == [.call(id: 1, .login(user: "cashier", pin: "1111"))])
        #expect(h.render().lines[1].hasSuffix("working… "))
        let next = h.send(.reply(id: 1, .login(.success(UserSession(user: "cashier", role: .cashier)))))
        #expect(next == [
            .call(id: 2, .orderTypes),
            .call(id: 3, .orders(OrderQuery(statuses: [.unpaid], limit: 18), list: .open, cursors: [nil], cursorAt: .top)),
            .call(id: 4, .drawer(.lookup(UserSession(user: "cashier", role: .cashier)))),
        ])
        #expect(h.state.route == .orders)
        #expect(h.state.session == UserSession(user: "cashier", role: .cashier))
        #expect(h.state.login == LoginScreen())
        #expect(h.state.message == Note("Logged in as cashier (cashier).", .succeeded))
    }

    @Test func theLoginScreen() {
        var h = Harness(loggedInAs: nil)
        h.type("cashier")
        h.press(.tab)
        h.type("11")
        #expect(h.render().lines == screen([
            " Cashier · Log in                                            Store 1 · 14:13:20",
            "",
            "", "", "", "", "", "",
            "                  ┌─ Log in ─────────────────────────────────┐",
            "                  │  Store: Store 1                          │",
            "                  │                                          │",
            "                  │  User   [cashier                      ]  │",
            "                  │                                          │",
            "                  │  PIN    [••                           ]  │",
            "                  │                                          │",
            "                  └──────────────────────────────────────────┘",
            "", "", "", "", "", "",
            " Type your user name and PIN, then press Enter.",
            "F1Help  F10Quit  EnterLog in  EscClear",
        ]))
    }

    @Test func aWrongPinIsOneLineAndClearsThePin() {
        var h = Harness(loggedInAs: nil)
        h.type("cashier")
        h.press(.tab)
        h.type("0000")
        h.pressSettled(.enter)
        #expect(h.state.route == .login)
        #expect(h.state.message == .error("Wrong user name or PIN."))
        #expect(h.state.login.pin.text == "")
        #expect(h.state.login.focus == .pin)
        #expect(h.render().lines[1] == screen([" Wrong user name or PIN."])[0])
    }

    @Test func aLockedUserIsTold() {
        var h = Harness(loggedInAs: nil)
        h.type("locked")
        h.press(.enter)
        #expect(h.state.login.focus == .pin)
        h.type("1234")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("User locked is locked after 5 wrong PINs: ask a supervisor."))
    }

    @Test func emptyFieldsAreAskedFor() {
        var h = Harness(loggedInAs: nil)
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("Type your user name."))
        #expect(h.press(.function(6)) == [])
        #expect(h.state.message == Note("Approvals: log in first.", .warning))
    }
}
