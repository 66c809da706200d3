import Testing
import CashierCore
@testable import CashierConsole

@Suite struct AuditScreenTests {
    /// A supervisor's console with the viewer unlocked over `entries` seeded entries.
    static func unlocked(_ entries: Int = 40, as user: String = "supervisor") -> Harness {
        var h = Harness(loggedInAs: user)
        if entries > 0 { h.backend.admin.seedAudit(entries) }
        h.pressSettled(.char("a"))
        h.type("9999")
        h.pressSettled(.enter)
        return h
    }

    @Test func theViewerIsLockedUntilASupervisorTypesTheirPin() {
        var h = Harness()
        h.backend.admin.seedAudit(5)
        h.pressSettled(.char("a"))
        #expect(h.state.route == .audit)
        #expect(h.render().lines == screen([
            " Cashier · Audit log                     cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Actor any  Action any  Text any",
            " Time        Actor      Channel  Action            Subject               Amount",
            "",
            "",
            "",
            "",
            "          ┌─ Audit log ──────────────────────────────────────────────┐",
            "          │                                                          │",
            "          │ The audit log is a supervisor's screen: their own        │",
            "          │ name and PIN open it.                                    │",
            "          │                                                          │",
            "          │ Supervisor  [                                         ]  │",
            "          │ PIN         [                                         ]  │",
            "          └──────────────────────────────────────────────────────────┘",
            "",
            "",
            "",
            "",
            "",
            "",
            " Locked: a supervisor's PIN opens the audit log.",
            "EnterOpen  TabNext field  EscBack  F1Help",
        ]))
        h.type("cashier")
        h.press(.tab)
        h.type("1111")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("User cashier is a cashier: only a supervisor can browse the audit log."))
        #expect(h.state.audit.viewer == nil && h.state.audit.gate?.pin.text == "" && h.state.audit.gateOnPin)
        h.press(.backTab)
        for _ in 0..<7 { h.press(.backspace) }
        h.type("supervisor")
        h.press(.tab)
        h.type("9999")
        #expect(h.render().lines[14].hasPrefix("          │ PIN         [••••   "))
        h.pressSettled(.enter)
        #expect(h.state.audit.viewer == "supervisor" && h.state.audit.gate == nil)
        #expect(h.state.audit.rows.map(\.id) == [5, 4, 3, 2, 1])
        // Leaving locks it again.
        h.pressSettled(.escape, .char("a"))
        #expect(h.state.audit.viewer == nil && h.state.audit.rows.isEmpty)
    }

    @Test func aPageOfTheLogWithTheChainStatus() {
        let h = Self.unlocked()
        #expect(h.render().lines == screen([
            " Cashier · Audit log               supervisor (supervisor) · Store 1 · 14:13:20",
            "",
            " Actor any  Action any  Text any                                Page 1 · more ▼",
            " Time        Actor      Channel  Action            Subject               Amount",
            " 09-21 14:13 cashier    counter  checkout.started  checkout 40 orde…      40.00",
            " 09-21 14:12 supervisor counter  refund.approved   request 39 order…      39.00",
            " 09-21 14:11 cashier    counter  checkout.started  checkout 38 orde…      38.00",
            " 09-21 14:10 cashier    counter  checkout.started  checkout 37 orde…      37.00",
            " 09-21 14:09 supervisor counter  refund.approved   request 36 order…      36.00",
            " 09-21 14:08 cashier    counter  checkout.started  checkout 35 orde…      35.00",
            " 09-21 14:07 cashier    counter  checkout.started  checkout 34 orde…      34.00",
            " 09-21 14:06 supervisor counter  refund.approved   request 33 order…      33.00",
            " 09-21 14:05 cashier    counter  checkout.started  checkout 32 orde…      32.00",
            " 09-21 14:04 cashier    counter  checkout.started  checkout 31 orde…      31.00",
            " 09-21 14:03 supervisor counter  refund.approved   request 30 order…      30.00",
            " 09-21 14:02 cashier    counter  checkout.started  checkout 29 orde…      29.00",
            " 09-21 14:01 cashier    counter  checkout.started  checkout 28 orde…      28.00",
            " 09-21 14:00 supervisor counter  refund.approved   request 27 order…      27.00",
            "────────────────────────────────────────────────────────────────────────────────",
            " #40 · 2026-09-21 14:13:20 · cashier via counter",
            " checkout.started · checkout 40 orders G00000040 · 40.00 CNY",
            " cash=4000",
            " Chain verified: 40 entries at 14:13:20 · F5 verifies again",
            "F1Help  F3Find  F6Approvals  F7History  F10Quit  PgDnOlder  EscBack",
        ]))
    }

    @Test func pgDnAndPgUpPageByKeyset() {
        var h = Self.unlocked()
        #expect(h.press(.pageUp) == [])
        #expect(h.state.message == Note("Newer: this is the newest page.", .warning))
        h.pressSettled(.pageDown)
        #expect(h.state.audit.rows.first?.id == 26 && h.state.audit.page == 2)
        #expect(h.backend.admin.calls.last == "audit before:27 limit:14 actor: action: text:")
        #expect(h.render().lines[23] == screen(["F1Help  F3Find  F6Approvals  F7History  F10Quit  PgDnOlder  PgUpNewer  EscBack"])[0])
        h.pressSettled(.pageDown)
        #expect(h.state.audit.rows.map(\.id) == Array((1...12).reversed()) && !h.state.audit.hasMore)
        #expect(h.press(.pageDown) == [])
        h.pressSettled(.up)
        #expect(h.state.audit.page == 2 && h.state.audit.current?.id == 13)
        h.pressSettled(.pageUp)
        #expect(h.state.audit.page == 1 && h.state.audit.rows.first?.id == 40)
    }

    @Test func filtersByActorActionAndText() {
        var h = Self.unlocked()
        h.press(.function(3))
        #expect(h.state.audit.editingFilter)
        h.type("supervisor")
        #expect(h.render().lines[2] == screen([" Actor [supervisor  ]  Action [            ]  Text [                ]"])[0])
        h.pressSettled(.enter)
        #expect(h.state.audit.rows.count == 13 && h.state.audit.rows.allSatisfy { $0.actor == "supervisor" })
        h.press(.function(3), .tab, .tab)
        h.type("ORDER 3")
        h.pressSettled(.enter)
        #expect(h.state.audit.rows.map(\.id) == [39, 36, 33, 30, 3])
        #expect(h.render().lines[2].hasPrefix(" Actor supervisor  Action any  Text ORDER 3"))
        h.press(.char("/"))
        h.pressSettled(.escape)
        #expect(!h.state.audit.filtered && h.state.audit.rows.first?.id == 40)
        h.press(.char("/"), .tab)
        h.type("nothing.like.this")
        h.pressSettled(.enter)
        #expect(h.render().lines[5] == screen(["                      No audit entries match the filters."])[0])
    }

    @Test func aBrokenChainIsShownAndAnEmptyLogSaysSo() {
        var h = Self.unlocked(0)
        #expect(h.render().lines[5] == screen(["                            The audit log is empty."])[0])
        h.backend.admin.problems = ["audit entry 5 was changed after it was written", "audit entry 6 does not follow"]
        h.pressSettled(.function(5))
        let summary = h.render().lines[22]
        #expect(summary == " Chain BROKEN (2 problems, `cashier check` lists them): audit entry 5 was chang…")
        #expect(h.render()[3, 22].role == .error)
    }
}
