import Testing
import CashierCore
@testable import CashierConsole

@Suite struct ReportScreenTests {
    /// Reports opened from the orders screen after two sales, one by an operator with a CJK name.
    static func reports(_ user: String = "supervisor") -> Harness {
        var h = Harness.withShifts(user, float: "100")
        h.backend.drawerFake.sell(.cash, "128.00", by: user, tendered: "150.00")
        h.backend.drawerFake.sell(.online, "45.50", type: "service", by: "王小明")
        h.pressSettled(.char("r"))
        return h
    }

    @Test func theXReportOfTodayInAlignedColumns() {
        let h = Self.reports("cashier")
        #expect(h.state.route == .reports)
        #expect(h.render().lines == screen([
            " Cashier · Reports                       cashier (cashier) · Store 1 · 14:13:20",
            "",
            " X report · day 2026-09-21 so far · made 09-21 14:13 by cashier",
            "  Payments by method                                      Count         Amount",
            "    cash                                                      1         128.00",
            "    online                                                    1          45.50",
            "    Total                                                     2         173.50",
            "",
            "  By order type                                           Count         Amount",
            "    goods                                                     1         128.00",
            "    service                                                   1          45.50",
            "    Total                                                     2         173.50",
            "",
            "  By operator                                             Count         Amount",
            "    cashier                                                   1         128.00",
            "    王小明                                                    1          45.50",
            "    Total                                                     2         173.50",
            "",
            "  Refunds by method",
            "    none",
            "",
            "  Cash over/short",
            " X report · lines 1–19 of 24 · ↑↓ PgUp PgDn scroll",
            "F1Help  F6Approvals  F7History  F10Quit  xX report  EscBack",
        ]))
    }

    @Test func scrollingShowsTheRest() {
        var h = Self.reports()
        h.press(.end)
        let lines = h.render().lines.map(\.trimmed)
        #expect(Array(lines[16...21]) == [
            "  Cash over/short",
            "    none",
            "",
            "  Counts                                                  Count",
            "    Payments                                                  2",
            "    Re-payments                                               0",
        ])
        #expect(lines[22] == " X report · lines 6–24 of 24 · ↑↓ PgUp PgDn scroll")
        h.press(.home)
        #expect(h.state.reports.scroll == 0)
    }

    @Test func aCashierCannotMakeTheZReport() {
        var h = Self.reports("cashier")
        #expect(h.press(.char("z")) == [])
        #expect(h.state.message == Note("Z report: only a supervisor closes the business day.", .warning))
        #expect(h.state.reports.confirm == nil)
    }

    @Test func theSupervisorConfirmsTheZReportWithTheirPin() {
        var h = Self.reports()
        h.press(.char("z"))
        let lines = h.render().lines
        #expect(lines[6].trimmed == "    Tota┌─ Close the business day ─────────────────────────────────────┐173.50")
        #expect(lines[8].contains("│  The Z report closes business day 2026-09-21. It is numbered │"))
        #expect(lines[11].contains("│  Supervisor  [supervisor                  ]                  │"))
        #expect(lines[23].trimmed == "EnterMake the Z report  TabNext field  EscCancel  F1Help")
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("Type the supervisor's own PIN to close the day."))
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.reports.confirm == nil)
        #expect(h.state.message == Note("Z report #1 made: business day 2026-09-21 is closed.", .succeeded))
        #expect(h.render().lines[2].trimmed == " Z report #1 · day 2026-09-21 · made 09-21 14:13 by supervisor")
        // A second Z for the same day is refused with the engine's sentence.
        h.press(.char("z"))
        h.type("9999")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("Business day 2026-09-21 already has its Z report (#1): a day is closed once."))
        #expect(h.state.reports.confirm?.pin.text == "")
        h.press(.escape)
        #expect(h.state.reports.confirm == nil)
        #expect(h.state.reports.report?.number == 1)
    }

    @Test func overAndShortAreSignedAndColoured() {
        var h = Harness.withShifts(float: "10")
        h.pressSettled(.function(8), .char("c"))
        h.type("0")
        h.press(.backTab, .backTab, .backTab)
        #expect(h.state.closeShift?.focus == .ownPin)
        h.type("1111")
        h.press(.tab)
        h.type("supervisor")
        h.press(.tab)
        h.type("9999")
        h.pressSettled(.enter, .enter)  // 10.00 short, accepted; then log out
        h.settle(h.type("supervisor") + h.press(.tab) + h.type("9999") + h.press(.enter))
        h.pressSettled(.escape, .char("r"), .end)
        let rows = h.render().lines.map(\.trimmed)
        let row = try! #require(rows.firstIndex(of: "    Shift #1 cashier T1                                                 -10.00"))
        #expect(h.render().roles(row: row)[75] == .failed)
    }

    @Test func theReportAt100ColumnsKeepsItsTable() {
        var h = Self.reports()
        _ = h.send(.resize(Size(width: 100, height: 30)))
        let lines = h.render(Size(width: 100, height: 30)).lines.map(\.trimmed)
        #expect(lines[3] == "  Payments by method                                      Count         Amount")
        #expect(lines[28] == " X report · lines 1–24 of 24 · ↑↓ PgUp PgDn scroll")
        #expect(lines[29] == "F1Help  F6Approvals  F7History  F10Quit  xX report  zZ report  EscBack")
    }
}
