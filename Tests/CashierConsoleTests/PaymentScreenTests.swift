import Testing
import CashierCore
@testable import CashierConsole

@Suite struct PaymentScreenTests {
    static let session = UserSession(user: "cashier", role: .cashier)

    /// A code payment for 2026-0007 and 2026-0006: 50.00 cash (100.00 tendered), the rest online.
    static func waiting() -> Harness {
        var h = TenderScreenTests.tendering()
        h.type("130000000000000000")
        h.press(.backTab, .backTab, .backTab, .backTab)
        h.type("50")
        h.press(.tab)
        h.type("100")
        h.pressSettled(.function(2))
        return h
    }

    /// A QR (Alipay) payment for 2026-0007 alone.
    static func waitingQR() -> Harness {
        var h = Harness()
        h.pressSettled(.function(2), .right)
        h.pressSettled(.function(2))
        return h
    }

    @Test func waitingShowsTheCountdown() {
        var h = Self.waiting()
        #expect(h.state.route == .payment)
        h.clock.advance(seconds: 17.5)
        h.send(.tick(h.clock.now()))
        #expect(h.render().lines == screen([
            " Cashier · Payment                       cashier (cashier) · Store 1 · 14:13:37",
            " Waiting for the customer.",
            " Trade T20260001 · WeChat Pay · state pending · attempt 1",
            "",
            "                          W A I T I N G  ·  0:43 left",
            "",
            "",
            " Waiting for the customer to confirm on their phone.",
            " Cancelled automatically at 14:14:20 if not paid.",
            "",
            " Order        Customer           Amount    Coupon      Cash     Online Status",
            " 2026-0007    王小明             128.00      0.00     50.00      78.00 paying",
            " 2026-0006    Zoë Müller          45.50      0.00      0.00      45.50 paying",
            " Total 173.50 · coupon 0.00 · cash 50.00 · online 123.50",
            "", "", "", "", "", "", "", "",
            " Total 173.50 CNY · change due 50.00",
            "F1Help  F5Refresh  F10Quit  cCancel",
        ]))
        #expect(h.render()[3, 4].role == .pending)
        #expect(h.state.timerMillis == 250)
    }

    @Test func paidAfterARefresh() {
        var h = Self.waiting()
        h.backend.setOutcome(1, .paid)
        let id = h.state.nextRequestId
        let effects = h.press(.function(5))
        #expect(effects == [.call(id: id, .payment(checkoutId: 1))])
        h.settle(effects)
        #expect(h.state.payment?.view.outcome == .paid)
        #expect(h.state.timerMillis == 1000)
        let grid = h.render()
        #expect(grid.lines == screen([
            " Cashier · Payment                       cashier (cashier) · Store 1 · 14:13:20",
            " Paid. Change due 50.00.",
            " Trade T20260001 · WeChat Pay · state succeeded · attempt 1",
            "",
            "                                    P A I D",
            "",
            "",
            "",
            " Order        Customer           Amount    Coupon      Cash     Online Status",
            " 2026-0007    王小明             128.00      0.00     50.00      78.00 paid",
            " 2026-0006    Zoë Müller          45.50      0.00      0.00      45.50 paid",
            " Total 173.50 · coupon 0.00 · cash 50.00 · online 123.50",
            "", "", "", "", "", "", "", "", "", "",
            " Total 173.50 CNY · change due 50.00",
            "F1Help  F5Refresh  F10Quit  EnterDone  EscOrders",
        ]))
        #expect(grid[36, 4].role == .succeeded)
        #expect(grid[1, 3].role == .succeeded)
    }

    @Test func enterWhenPaidReturnsToRefreshedOrdersWithNoSelection() {
        var h = Self.waiting()
        h.backend.setOutcome(1, .paid)
        h.pressSettled(.function(5))
        let effects = h.press(.enter)
        #expect(effects.first == .unlock(orderIds: [7, 6], session: Self.session))
        h.settle(effects)
        #expect(h.state.route == .orders)
        #expect(h.state.orders.selected.isEmpty)
        #expect(h.state.orders.rows.map(\.id) == [5, 4, 3])
    }

    @Test func aChangedStoreRefreshesTheWaitingPayment() {
        var h = Self.waiting()
        // The first tick only learns the token.
        h.clock.advance(millis: 250)
        let first = h.send(.tick(h.clock.now()))
        guard case .call(let id, .changeToken)? = first.first else { Issue.record("no token check: \(first)"); return }
        h.settle(first)
        // Too soon for another look.
        #expect(h.send(.tick(h.clock.now() + 10)) == [])
        // The poller settles the payment in another process: the next look sees a new token.
        h.backend.setOutcome(1, .paid)
        h.clock.advance(millis: 250)
        let next = h.send(.tick(h.clock.now()))
        #expect(next == [.call(id: id + 1, .changeToken)])
        let refresh = h.send(.reply(id: id + 1, .token(h.backend.changeToken())))
        #expect(refresh == [.call(id: id + 2, .payment(checkoutId: 1))])
        h.settle(refresh)
        #expect(h.state.payment?.view.outcome == .paid)
        #expect(h.state.message == Note("Paid. Change due 50.00.", .succeeded))
    }

    @Test func staleAnswersAreDropped() {
        var h = Self.waiting()
        let old = h.press(.function(5))
        let new = h.press(.function(5))
        guard case .call(let oldId, _)? = old.first, case .call(let newId, _)? = new.first else { Issue.record("no calls"); return }
        var paid = h.state.payment!.view
        paid.outcome = .paid
        // The superseded request's answer is ignored...
        h.send(.reply(id: oldId, .payment(.refresh, .success(paid))))
        #expect(h.state.payment?.view.outcome == .waiting)
        // ...and so is an answer about another checkout.
        var other = paid
        other.checkoutId = 99
        h.send(.reply(id: newId, .payment(.refresh, .success(other))))
        #expect(h.state.payment?.view.outcome == .waiting)
        #expect(!h.state.isWorking)
    }

    @Test func escWhileWaitingDoesNotCancel() {
        var h = Self.waiting()
        #expect(h.press(.escape) == [])
        #expect(h.state.route == .payment)
        #expect(h.state.message == Note("The payment is still waiting: press c to cancel it, or wait.", .warning))
        #expect(h.press(.enter) == [])
        #expect(h.state.message == Note("The payment is still waiting: press c to cancel it, or wait.", .warning))
        #expect(h.press(.char("r")) == [])
        #expect(h.state.message?.text == "Retry: only after the payment failed or was closed.")
        #expect(h.press(.function(7)) == [])
        #expect(h.state.message?.text == "History: the payment is still waiting: press c to cancel it, or wait.")
    }

    @Test func cancelAsksFirstThenCancels() {
        var h = Self.waiting()
        #expect(h.press(.char("c")) == [])
        #expect(h.state.payment?.confirmingCancel == true)
        #expect(h.render().lines[23].hasPrefix("yCancel the payment  nKeep waiting  F1Help"))
        h.press(.escape)
        #expect(h.state.payment?.confirmingCancel == false)
        h.press(.char("c"))
        let id = h.state.nextRequestId
        let effects = h.press(.char("y"))
        #expect(effects == [.call(id: id, .cancel(checkoutId: 1, session: Self.session))])
        h.settle(effects)
        #expect(h.state.payment?.view.outcome == .closed)
        #expect(h.render().lines[4].contains("C L O S E D"))
    }

    @Test func retryingACodePaymentAsksForANewCode() {
        var h = Self.waiting()
        h.backend.setOutcome(1, .failed, message: "insufficient balance")
        h.pressSettled(.function(5))
        #expect(h.state.message?.text == "The payment failed: insufficient balance. Press r to retry or m to change the method.")
        #expect(h.press(.char("r")) == [])
        #expect(h.state.payment?.newCode == TextField(maxLength: 24))
        h.type("123")
        #expect(h.press(.enter) == [])
        #expect(h.state.message?.text.hasPrefix("The payment code (3 digits) is not a WeChat") == true)
        h.press(.backspace, .backspace, .backspace)
        h.type("280000000000000000")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .repay(checkoutId: 1, code: "280000000000000000", session: Self.session))])
        h.settle(effects)
        #expect(h.state.payment?.view.checkoutId == 2, "the screen follows the new checkout")
        #expect(h.state.payment?.view.outcome == .waiting)
        #expect(h.state.payment?.view.attempt == 2)
        #expect(h.state.message == Note("Trying again: attempt 2.", .pending))
    }

    @Test func retryingAQRPaymentRepaysAtOnce() {
        var h = Self.waitingQR()
        h.backend.setOutcome(1, .closed)
        h.pressSettled(.function(5))
        let id = h.state.nextRequestId
        #expect(h.press(.char("r")) == [.call(id: id, .repay(checkoutId: 1, code: nil, session: Self.session))])
    }

    @Test func changeMethodGoesBackToTenderWithTheSameOrders() {
        var h = Self.waiting()
        h.backend.setOutcome(1, .failed)
        h.pressSettled(.function(5))
        #expect(h.state.payment?.orders.map(\.id) == [7, 6])
        h.pressSettled(.char("m"))
        #expect(h.state.route == .tender)
        #expect(h.state.tender?.orders.map(\.id) == [7, 6])
        #expect(h.state.payment == nil)
    }

    @Test func quittingWhileWaitingAsksFirst() {
        var h = Self.waiting()
        #expect(h.press(.function(10)) == [])
        #expect(h.state.overlay == .confirmQuit)
        #expect(h.render().lines[23].hasPrefix("yQuit  nStay"))
        h.press(.char("n"))
        #expect(h.state.overlay == nil)
        #expect(h.press(.control("c")) == [])
        #expect(h.state.overlay == .confirmQuit)
        h.press(.escape)
        #expect(h.send(.quitRequested) == [])
        #expect(h.state.overlay == .confirmQuit)
        #expect(h.press(.char("y")) == [.quit])
    }

    @Test func quittingWithNothingInFlightIsImmediate() {
        var h = Harness()
        #expect(h.press(.function(10)) == [.quit])
        // From the tender the locks are released on the way out.
        var t = TenderScreenTests.tendering()
        #expect(t.press(.control("c")) == [.unlock(orderIds: [7, 6], session: Self.session), .quit])
    }

    @Test func aQRPaymentDrawsTheCodeWithTheTradeNumber() {
        let h = Self.waitingQR()
        let fakeQR: QRRenderer = { content in
            content == "https://qr.example/1" ? ["█▀▀▀▀▀█", "█ ▀▄▀ █", "▀▀▀▀▀▀▀"] : nil
        }
        let lines = h.render(qr: fakeQR).lines
        #expect(lines[3] == String(repeating: " ", count: 72) + "█▀▀▀▀▀█ ")
        #expect(lines[4].hasSuffix("█ ▀▄▀ █ "))
        #expect(lines[5].hasSuffix("▀▀▀▀▀▀▀ "))
        #expect(lines[6].hasSuffix("T20260001 "))
        #expect(lines[7] == screen([" Ask the customer to scan the QR code with Alipay."])[0])
        // The real encoder draws a code that fits beside the details at 80×24.
        let real = h.render().lines
        #expect(real[3].hasSuffix("█ "))
        #expect(h.state.payment?.view.qrContent == "https://qr.example/1")
    }
}
