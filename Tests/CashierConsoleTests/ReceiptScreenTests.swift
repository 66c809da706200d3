import Testing
import CashierCore
@testable import CashierConsole

@Suite struct ReceiptScreenTests {
    static let lines = ["           Store 1", "         王小明 的收据", "--------------------------------", "Order 2026-0002           88.00",
                        "Cash                     100.00", "Change                    12.00", "Operator cashier", "2026-09-21 14:13"]

    /// History with a payment receipt for order 2026-0002 (the newest paid order).
    static func history() -> Harness {
        var h = Harness.withShifts(float: "100")
        h.backend.drawerFake.addReceipt(orderId: 2, ReceiptView(id: 5, kind: .payment, reference: "CSH00000012", createdAt: h.clock.now(), lines: lines))
        h.pressSettled(.function(7))
        return h
    }

    @Test func theReceiptInAScrollablePaneAndPrintedAgain() {
        var h = Self.history()
        h.pressSettled(.enter, .char("p"))
        #expect(h.state.route == .receipt)
        #expect(h.render().lines == screen([
            " Cashier · Receipt                       cashier (cashier) · Store 1 · 14:13:20",
            "",
            "                      ┌─ Receipt 1 of 1 ─────────────────┐",
            "                      │            Store 1               │",
            "                      │          王小明 的收据           │",
            "                      │ -------------------------------- │",
            "                      │ Order 2026-0002           88.00  │",
            "                      │ Cash                     100.00  │",
            "                      │ Change                    12.00  │",
            "                      │ Operator cashier                 │",
            "                      │ 2026-09-21 14:13                 │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      │                                  │",
            "                      └──────────────────────────────────┘",
            " Order 2026-0002 · payment CSH00000012 · lines 1–8 of 8",
            "F1Help  F5Refresh  F6Approvals  F7History  F10Quit  pPrint again  EscBack",
        ]))
        let id = h.state.nextRequestId
        let effects = h.press(.char("p"))
        #expect(effects == [.call(id: id, .drawer(.reprint(receiptId: 5, session: UserSession(user: "cashier", role: .cashier))))])
        h.settle(effects)
        #expect(h.state.message == Note("Receipt #5 sent to the printer (lp).", .succeeded))
        #expect(h.backend.drawerFake.printed == [5])
        h.pressSettled(.escape)
        #expect(h.state.route == .detail)
    }

    @Test func anOrderWithoutReceiptsSaysSo() {
        var h = Self.history()
        h.pressSettled(.down, .char("p"))
        #expect(h.render().lines[5] == screen(["  Order 2026-0001 has no receipt yet: one is made for each payment and refund."])[0])
        #expect(h.press(.char("p")) == [])
        #expect(h.state.message == Note("Print: there is no receipt to print.", .warning))
        h.pressSettled(.escape)
        #expect(h.state.route == .history)
    }

    @Test func tabMovesBetweenAnOrdersReceiptsAndLongOnesScroll() {
        var h = Self.history()
        let long = (1...40).map { "line \($0)" }
        h.backend.drawerFake.addReceipt(orderId: 2, ReceiptView(id: 6, kind: .refund, reference: "RF-1", createdAt: h.clock.now(), lines: long))
        h.pressSettled(.char("p"))
        // The newest receipt shows first.
        #expect(h.state.receipt?.current?.id == 6)
        #expect(h.render().lines[22].trimmed == " Order 2026-0002 · refund RF-1 · lines 1–18 of 40 · Tab next receipt")
        h.press(.pageDown, .pageDown, .pageDown)
        #expect(h.state.receipt?.scroll == 22)
        #expect(h.render().lines[20].contains("│ line 40"))
        h.press(.tab)
        #expect(h.state.receipt?.current?.id == 5 && h.state.receipt?.scroll == 0)
    }

    @Test func unpaidOrdersHaveNoReceiptKey() {
        var h = Harness.withShifts(float: "100")
        h.pressSettled(.function(7))
        h.state.history.rows[0].status = .unpaid
        #expect(h.press(.char("p")) == [])
        #expect(h.state.message == Note("Receipt: order 2026-0002 is unpaid; receipts exist once it is paid.", .warning))
    }
}
