import Testing
import CashierCore
@testable import CashierConsole

@Suite struct HistoryRefundTests {
    @Test func historyListsPaidOrdersAndF7GoesBack() {
        var h = Harness()
        h.pressSettled(.function(7))
        #expect(h.state.route == .history)
        #expect(h.render().lines == screen([
            " Cashier · History                       cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Search (none)  Type all  Status paid or refunded                        Page 1",
            " Number       Customer                     Amount Status             Created",
            " 2026-0002    Alice Wong                    88.00 paid               09-21 14:11",
            " 2026-0001    陈静                          60.00 partially refunded 09-21 14:12",
            "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            " 2026-0002 · Alice Wong · 88.00 CNY · Enter opens it, F4 requests a refund",
            "F1Help  F3Search  F4Refund  F5Refresh  F6Approvals  F7Orders  F10Quit",
        ]))
        h.pressSettled(.function(7))
        #expect(h.state.route == .orders)
    }

    @Test func enterOpensTheDetail() {
        var h = Harness()
        h.pressSettled(.function(7), .down)
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .orderDetail(id: 1, openRefund: false))])
        h.settle(effects)
        #expect(h.state.route == .detail)
        let lines = h.render().lines
        #expect(lines[2] == screen([" Order 2026-0001 · service · 陈静 · 60.00 CNY · partially refunded"])[0])
        #expect(lines[3].hasPrefix(" Created 09-21 14:12 · refundable now 50.00 CNY"))
        #expect(lines[6].hasPrefix("   Item of 2026-0001                      2 ×       30.00       60.00"))
        #expect(lines[9].hasPrefix("   cash         60.00        10.00  partially refunded"))
    }

    @Test func aRefundRequestFromHistory() {
        var h = Harness()
        h.pressSettled(.function(7), .down, .function(4))
        #expect(h.state.route == .refund)
        #expect(h.state.refund?.detail.refundable == money("50.00"))
        // The reason is required; the amount defaults to the whole remainder.
        #expect(h.press(.enter) == [])
        #expect(h.state.message?.text == "Submit: Type the reason for the refund.")
        h.press(.tab)
        h.type("wrong size")
        h.press(.backTab)
        h.type("20")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .requestRefund(orderId: 1, amount: money("20.00"), reason: "wrong size",
                                                          session: UserSession(user: "cashier", role: .cashier)))])
        h.settle(effects)
        #expect(h.state.refund?.created?.state == .requested)
        #expect(h.state.message == Note("Refund request #1 created (requested): a supervisor approves it with F6.", .succeeded))
        let lines = h.render().lines
        #expect(lines[5].hasPrefix(" Request #1 for 20.00 CNY: requested"))
        #expect(lines[6].hasPrefix(" Reason: wrong size"))
        // Back to the order, which now lists the request.
        h.pressSettled(.enter)
        #expect(h.state.route == .detail)
        #expect(h.state.detail?.detail?.refunds.map(\.id) == [1])
    }

    @Test func tooMuchIsRefused() {
        var h = Harness()
        h.pressSettled(.function(7), .function(4))
        h.type("100")
        #expect(h.state.refund?.check().problems == [
            "The refund amount 100.00 is more than what can still be refunded (88.00).",
            "Type the reason for the refund.",
        ])
    }

    @Test func refundIsDisabledForOrdersThatCannotBeRefunded() {
        var h = Harness()
        h.pressSettled(.function(7))
        h.state.history.rows[0].status = .refunded
        #expect(h.press(.function(4)) == [])
        #expect(h.state.message == Note("Refund: order 2026-0002 is refunded; only paid or partially refunded orders can be refunded.", .warning))
    }
}

@Suite struct LiveRefreshTests {
    @Test func aChangeElsewhereRefreshesTheListButNeverOverridesAPageTurn() {
        var h = Harness()
        h.state.orders.pageSize = 2
        h.pressSettled(.function(5))
        // Learn the token.
        h.clock.advance(seconds: 1)
        h.settle(h.send(.tick(h.clock.now())))
        // Another process writes (the token moves); the next look reloads the page in place.
        let before = h.backend.calls.count
        h.backend.addOrders([])
        h.clock.advance(seconds: 1)
        h.settle(h.send(.tick(h.clock.now())))
        #expect(Array(h.backend.calls.dropFirst(before)) == ["orders after:- limit:2 search:"])
        // A page turn is out when the change is noticed: the refresh is skipped.
        let turn = h.press(.pageDown)
        h.backend.addOrders([])
        h.clock.advance(seconds: 1)
        let tick = h.send(.tick(h.clock.now()))
        guard case .call(let tokenId, .changeToken)? = tick.first else { Issue.record("no token check"); return }
        #expect(h.send(.reply(id: tokenId, .token(h.backend.changeToken()))) == [])
        h.settle(turn)
        #expect(h.state.orders.cursors == [nil, 6])
    }

    @Test func theDetailShowsRefundOrdersAfterApproval() {
        var h = Harness()
        let cashier = UserSession(user: "cashier", role: .cashier)
        _ = try? h.backend.requestRefund(orderId: 2, amount: money("30.00"), reason: "scratched", session: cashier)
        _ = try? h.backend.approve(requestId: 1, supervisor: "supervisor", pin: "9999")
        h.pressSettled(.function(7), .enter)
        let lines = h.render().lines
        #expect(lines[12].hasPrefix("   #1 30.00 · approved · \"scratched\" · by cashier at 09-21 14:13 · decided by"))
        #expect(lines[13].hasPrefix("       refund R1-1 · cash 30.00 · processing"))
    }
}
