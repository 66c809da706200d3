import Testing
import CashierCore
@testable import CashierConsole

@Suite struct ApprovalsScreenTests {
    /// A cashier's console with two refund requests waiting.
    static func queue() -> Harness {
        var h = Harness()
        let cashier = UserSession(user: "cashier", role: .cashier)
        _ = try? h.backend.requestRefund(orderId: 1, amount: money("20.00"), reason: "wrong size", session: cashier)
        _ = try? h.backend.requestRefund(orderId: 2, amount: money("88.00"), reason: "never delivered", session: cashier)
        h.pressSettled(.function(6))
        return h
    }

    @Test func theQueueWithOrderContext() {
        let h = Self.queue()
        #expect(h.render().lines == screen([
            " Cashier · Approvals                     cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Order        Customer                         Requested By         When",
            " 2026-0001    陈静                                 20.00 cashier    09-21 14:13",
            " 2026-0002    Alice Wong                           88.00 cashier    09-21 14:13",
            "", "", "", "", "", "", "", "", "", "", "",
            "────────────────────────────────────────────────────────────────────────────────",
            " Order 2026-0001 · 陈静 · order amount 60.00 CNY",
            " Paid 60.00 · refunded so far 10.00 · requested 20.00",
            " Reason: wrong size",
            " Requested by cashier at 09-21 14:13 · request #1",
            "",
            " 2 requests waiting for a decision",
            "F1Help  F5Refresh  F6Approvals  F7History  F10Quit  aApprove  xReject  EscBack",
        ]))
    }

    @Test func approvingAsksForTheSupervisorsOwnPin() {
        var h = Self.queue()
        h.press(.char("a"))
        #expect(h.state.approvals.dialog?.approve == true)
        #expect(h.state.approvals.dialog?.focus == .user)
        h.type("supervisor")
        h.press(.tab)
        h.type("9999")
        let lines = h.render().lines
        #expect(lines[7] == screen(["          ┌─ Approve refund request #1 ──────────────────────────────┐"])[0])
        #expect(lines[9].hasPrefix("          │ Order 2026-0001 · refund 20.00 CNY"))
        #expect(lines[12].hasPrefix("          │ Supervisor  [supervisor"))
        #expect(lines[13].hasPrefix("          │ PIN         [••••"))
        #expect(lines[23].hasPrefix("EnterApprove  TabNext field  EscCancel  F1Help"))
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .approve(requestId: 1, supervisor: "supervisor", pin: "9999"))])
        h.settle(effects)
        #expect(h.state.approvals.dialog == nil)
        #expect(h.state.message == Note("Approved refund request #1 for order 2026-0001 (20.00).", .succeeded))
        // The list refreshed after the decision.
        #expect(h.state.approvals.rows.map(\.id) == [2])
    }

    @Test func wrongPinAndCashiersAreRefused() {
        var h = Self.queue()
        h.press(.char("a"))
        h.type("supervisor")
        h.press(.tab)
        h.type("1234")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("Wrong PIN for supervisor."))
        #expect(h.state.approvals.dialog?.pin.text == "")
        #expect(h.state.approvals.dialog?.focus == .pin)
        h.press(.backTab, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        h.type("cashier")
        h.press(.tab)
        h.type("1111")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("cashier is a cashier and cannot approve refunds: a supervisor must."))
        #expect(h.state.approvals.rows.count == 2)
    }

    @Test func rejectingNeedsAReason() {
        var h = Self.queue()
        h.press(.down, .char("x"))
        h.type("supervisor")
        h.press(.tab)
        h.type("9999")
        #expect(h.press(.enter) == [])
        #expect(h.state.message == .error("Type why the refund is rejected."))
        #expect(h.state.approvals.dialog?.focus == .reason)
        h.type("delivered after all")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .reject(requestId: 2, supervisor: "supervisor", pin: "9999", reason: "delivered after all"))])
        h.settle(effects)
        #expect(h.state.message?.text == "Rejected refund request #2 for order 2026-0002 (88.00).")
        #expect(h.state.approvals.rows.map(\.id) == [1])
    }

    @Test func aSupervisorAtTheirOwnConsoleOnlyTypesThePin() {
        var h = Harness(loggedInAs: "supervisor")
        _ = try? h.backend.requestRefund(orderId: 2, amount: money("8.00"), reason: "scratch",
                                         session: UserSession(user: "cashier", role: .cashier))
        h.pressSettled(.function(6), .char("a"))
        #expect(h.state.approvals.dialog?.user.text == "supervisor")
        #expect(h.state.approvals.dialog?.focus == .pin)
    }

    @Test func escReturnsToWhereApprovalsWasOpened() {
        var h = Harness()
        h.pressSettled(.function(7), .function(6))
        #expect(h.state.route == .approvals)
        h.pressSettled(.escape)
        #expect(h.state.route == .history)
        #expect(h.press(.char("a")) == [])
    }

    @Test func anEmptyQueueDisablesDecisions() {
        var h = Harness()
        h.pressSettled(.function(6))
        #expect(h.press(.char("a")) == [])
        #expect(h.state.message == Note("Approve: no refund request is waiting.", .warning))
    }
}
