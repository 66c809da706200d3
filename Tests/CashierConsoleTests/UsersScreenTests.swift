import Testing
import CashierCore
@testable import CashierConsole

@Suite struct UsersScreenTests {
    static func users(as user: String = "supervisor") -> Harness {
        var h = Harness(loggedInAs: user)
        h.pressSettled(.char("u"))
        return h
    }

    @Test func theListShowsRoleStatusAndWhoAddedWhom() {
        let h = Self.users()
        #expect(h.render().lines == screen([
            " Cashier · Users                   supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " Name                    Role       Status   Added       By         PIN changed",
            " supervisor              supervisor enabled  09-20 14:13 —          09-20 14:13",
            " alice                   cashier    enabled  09-20 14:13 —          09-20 14:13",
            " bob                     cashier    locked   09-20 14:13 —          09-20 14:13",
            " cashier                 cashier    enabled  09-20 14:13 —          09-20 14:13",
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
            "────────────────────────────────────────────────────────────────────────────────",
            " supervisor · supervisor · enabled",
            " Added 09-20 14:13 · PIN changed 09-20 14:13",
            "",
            " 4 users · 1 enabled supervisor · 0 disabled · changes need a supervisor's PIN",
            "F1Help  F6Approvals  F7History  F10Quit  aAdd  dDisable  pReset PIN  EscBack",
        ]))
        // A locked user is drawn as a warning.
        #expect(h.render()[30, 5].role == .warning)
    }

    @Test func aCashiersConsoleAddsAUserWithTheSupervisorsOwnPin() {
        var h = Self.users(as: "cashier")
        #expect(h.render().lines[23] == screen(["F1Help  F6Approvals  F7History  F10Quit  aAdd  dDisable  pReset PIN  EscBack"])[0])
        h.press(.char("a"))
        #expect(h.state.users.form?.focus == .name)
        h.type("dave")
        h.press(.tab, .char(" "), .tab)
        h.type("4815")
        h.press(.tab)
        h.type("4815")
        h.press(.tab)
        h.type("supervisor")
        h.press(.tab)
        h.type("9999")
        let lines = h.render().lines
        #expect(Array(lines[6...16]) == screen([
            " cashier  ┌─ Add a user ─────────────────────────────────────────────┐-20 14:13",
            "          │                                                          │",
            "          │ Name        [dave                                     ]  │",
            "          │ Role         supervisor   cashier or supervisor          │",
            "          │ New PIN     [••••                                     ]  │",
            "          │ Again       [••••                                     ]  │",
            "          │                                                          │",
            "          │ The supervisor's own credentials, for this change:       │",
            "          │ Supervisor  [supervisor                               ]  │",
            "          │ PIN         [••••                                     ]  │",
            "          └──────────────────────────────────────────────────────────┘",
        ]))
        #expect(lines[23].hasPrefix("EnterAdd  TabNext field  EscCancel  F1Help"))
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .admin(.addUser(name: "dave", role: .supervisor, newPin: "4815", supervisor: "supervisor", pin: "9999")))])
        h.settle(effects)
        #expect(h.state.users.form == nil)
        #expect(h.state.message == Note("Added supervisor dave: they can log in now.", .succeeded))
        #expect(h.state.users.current?.name == "dave")
        #expect(h.backend.admin.pin(of: "dave") == "4815")
    }

    @Test func theConsoleChecksNamesAndPinsBeforeAsking() {
        var h = Self.users()
        h.press(.char("a"))
        #expect(h.state.users.form?.gate.user.text == "supervisor")
        let cases: [(name: String, pin: String, again: String, words: String, field: UserForm.Field)] = [
            ("", "4815", "4815", "Type the new user's name.", .name),
            ("9x", "4815", "4815", "A user name is", .name),
            ("dave", "12", "12", "A PIN is 4 to 8 digits", .newPin),
            ("dave", "1234", "1234", "too easy to guess", .newPin),
            ("dave", "4815", "4816", "The two new PINs differ", .newPin),
            ("dave", "4815", "4815", "Type the supervisor's own PIN", .pin),
        ]
        for c in cases {
            var form = UserForm(.add, target: nil, supervisor: "supervisor")
            form.name.set(c.name); form.newPin.set(c.pin); form.confirmPin.set(c.again)
            h.state.users.form = form
            #expect(h.press(.enter) == [])
            #expect(h.state.message?.text.contains(c.words) == true, "\(c)")
            #expect(h.state.users.form?.focus == c.field, "\(c)")
            // A refused new PIN is typed again from scratch, both times.
            if c.field == .newPin { #expect(h.state.users.form?.newPin.text == "" && h.state.users.form?.confirmPin.text == "") }
        }
    }

    @Test func refusalsClearTheSupervisorsPin() {
        var h = Self.users(as: "cashier")
        h.press(.down, .char("d"))
        #expect(h.state.users.form?.kind == .disable && h.state.users.form?.target == "alice")
        #expect(h.state.users.form?.focus == .supervisor)
        h.type("cashier")
        h.press(.tab)
        h.type("1111")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("User cashier is a cashier: only a supervisor can disable users."))
        #expect(h.state.users.form?.gate.pin.text == "" && h.state.users.form?.focus == .pin)
        h.type("1112")
        h.pressSettled(.enter)
        #expect(h.state.message?.text.hasPrefix("Wrong PIN for cashier") == true)
        #expect(h.state.users.rows.first { $0.name == "alice" }?.status == .enabled)
    }

    @Test func disableThenEnableWithTheSameKey() {
        var h = Self.users()
        h.press(.down)
        h.pressSettled(.char("d"))
        #expect(h.state.users.form?.focus == .pin)
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.message == Note("Disabled alice.", .succeeded))
        #expect(h.state.users.current?.status == .disabled)
        let lines = h.render().lines
        #expect(lines[21] == screen([" Disabled: cannot log in, pay or approve · d enables"])[0])
        #expect(lines[23].contains("dEnable"))
        h.press(.char("d"))
        #expect(h.state.users.form?.kind == .enable)
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.message == Note("Enabled alice.", .succeeded))
        #expect(h.backend.admin.calls.suffix(2) == ["disable users by supervisor", "enable users by supervisor"])
    }

    @Test func resettingALockedUsersPin() {
        var h = Self.users()
        h.press(.down, .down)
        #expect(h.render().lines[21] == screen([" Locked after wrong PINs until 14:18:20 · p sets a new PIN and unlocks"])[0])
        h.press(.char("p"))
        #expect(h.state.users.form?.focus == .newPin)
        h.type("2580")
        h.press(.tab)
        h.type("2580")
        h.press(.tab, .tab)
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.message == Note("New PIN set for bob; any lockout is cleared.", .succeeded))
        #expect(h.state.users.current?.name == "bob" && h.state.users.current?.status == .enabled)
        #expect(h.backend.admin.pin(of: "bob") == "2580")
        h.pressSettled(.escape)
        #expect(h.state.route == .orders)
    }
}
