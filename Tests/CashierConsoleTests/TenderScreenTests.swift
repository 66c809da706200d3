import Testing
import CashierCore
@testable import CashierConsole

@Suite struct TenderScreenTests {
    /// Logged in, the first two orders (128.00 + 45.50) selected and locked.
    static func tendering() -> Harness {
        var h = Harness()
        h.pressSettled(.char(" "), .char(" "), .function(2))
        return h
    }

    @Test func opensOnTheMethodWithOnlineTakingTheRest() {
        let h = Self.tendering()
        let form = h.state.tender!
        #expect(form.focus == .method)
        #expect(form.total == money("173.50"))
        let f = form.figures()
        #expect(f.coupon == money("0.00"))
        #expect(f.cash == money("0.00"))
        #expect(f.tendered == money("0.00"))
        #expect(f.online == money("173.50"))
        #expect(f.problems == ["Type or scan the payment code from the customer's phone."])
    }

    @Test func scannedDigitsLandInTheCodeFieldAndEnterConfirms() {
        var h = Self.tendering()
        h.type("130000000000000000")
        #expect(h.state.tender?.focus == .code)
        #expect(h.state.tender?.code.text == "130000000000000000")
        let id = h.state.nextRequestId
        let effects = h.press(.enter)
        let plan = TenderPlan(orderIds: [7, 6], cash: money("0.00"), tendered: nil, online: money("173.50"),
                              onlineMode: .code("130000000000000000"), couponCode: nil, coupon: money("0.00"))
        #expect(effects == [.call(id: id, .checkout(plan, session: UserSession(user: "cashier", role: .cashier)))])
        #expect(h.state.tender?.submitting == true)
        // While the checkout is out, Esc does not back out and F2 does not send it twice.
        #expect(h.press(.escape) == [])
        #expect(h.state.message?.text == "Back: the checkout is being started, wait for its answer.")
        #expect(h.press(.function(2)) == [])
    }

    @Test func aTypedSplitWithChangeDue() {
        var h = Self.tendering()
        h.type("130000000000000000")
        h.press(.backTab, .backTab, .backTab, .backTab)
        #expect(h.state.tender?.focus == .cash)
        h.type("50")
        h.press(.tab)
        h.type("100")
        let f = h.state.tender!.figures(h.state.context)
        #expect(f.cash == money("50.00"))
        #expect(f.tendered == money("100.00"))
        #expect(f.online == money("123.50"))
        #expect(f.change == money("50.00"))
        #expect(f.problems == [])
        #expect(h.render().lines == screen([
            " Cashier · Tender                        cashier (cashier) · Store 1 · 14:13:20",
            "",
            "  Order          Customer                                         Amount",
            "  2026-0007      王小明                                           128.00",
            "  2026-0006      Zoë Müller                                        45.50",
            "  Total CNY                                                       173.50",
            "",
            "  Coupon code     [none                ]",
            "  Coupon amount    —",
            "  Cash amount     [50                  ]",
            "  Cash tendered   [100                 ]  change due 50.00",
            "  Online amount   [123.50              ]  auto",
            "  Online method   ◀ payment code       ▶",
            "  Payment code    [130000000000000000  ]  WeChat Pay",
            "",
            "  Ready: F2 starts the payment.",
            "", "", "", "", "", "",
            " Total 173.50 CNY · coupon 0.00 · cash 50.00 · online 123.50 · change 50.00",
            "F1Help  F2Pay  F10Quit  TabNext field  EscBack",
        ]))
        let id = h.state.nextRequestId
        let plan = TenderPlan(orderIds: [7, 6], cash: money("50.00"), tendered: money("100.00"), online: money("123.50"),
                              onlineMode: .code("130000000000000000"), couponCode: nil, coupon: money("0.00"))
        #expect(h.press(.function(2)) == [.call(id: id, .checkout(plan, session: UserSession(user: "cashier", role: .cashier)))])
    }

    @Test func eachProblemIsOneSentence() {
        var h = Self.tendering()
        h.press(.backTab, .backTab, .backTab)
        #expect(h.state.tender?.focus == .cash)
        h.type("12.345")
        #expect(h.state.tender!.figures(h.state.context).problems == [
            "Cash amount: The amount \"12.345\" has more than 2 decimal places: round it to 2 places, such as 12.34.",
        ])
        // Both amounts typed and not adding up; tendered short of the cash.
        h.press(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        h.type("100")
        h.press(.tab)
        h.type("20")
        h.press(.tab)
        h.type("10")
        #expect(h.state.tender!.figures(h.state.context).problems == [
            "The amounts add up to 110.00 but the orders total 173.50: change an amount so they match.",
            "Cash tendered is less than the cash amount: take at least 100.00.",
            "Type or scan the payment code from the customer's phone.",
        ])
        let lines = h.render().lines
        #expect(lines[15].hasPrefix("  • The amounts add up to 110.00 but the orders total 173.50: change an amount"))
        #expect(lines[16].hasPrefix("    so they match."))
        // F2 is disabled and says the first problem.
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message == Note("Pay: The amounts add up to 110.00 but the orders total 173.50: change an amount so they match.", .warning))
    }

    @Test func aBadPaymentCodeIsExplained() {
        var h = Self.tendering()
        h.type("9999")
        #expect(h.state.tender!.figures(h.state.context).problems == [
            "The payment code (4 digits) is not a WeChat (18 digits, 10–15…), Alipay (16–24 digits, 25–30…) or UnionPay (19 digits, 62…) code: scan it again.",
        ])
    }

    @Test func methodNoneLetsCashTakeTheRest() {
        var h = Self.tendering()
        h.press(.right, .right)
        #expect(h.state.tender?.method == .qrWechat)
        h.press(.right, .right, .left)
        #expect(h.state.tender?.method == OnlineChoice.none)
        #expect(h.state.tender?.enabledFields.contains(.code) == false)
        let f = h.state.tender!.figures(h.state.context)
        #expect(f.cash == money("173.50"))
        #expect(f.online == money("0.00"))
        #expect(f.problems == [])
        // Typing letters on the method does nothing but explain.
        h.press(.char("x"))
        #expect(h.state.message?.text == "The online method changes with ← and →; Tab moves to the next field.")
        // Enter on the last field pays.
        guard case .call(_, .checkout(let plan, _))? = h.press(.enter).first else { Issue.record("no checkout"); return }
        #expect(plan.onlineMode == .none)
        #expect(plan.cash == money("173.50"))
    }

    @Test func theCouponIsCheckedWhenLeavingItsField() {
        var h = Self.tendering()
        h.press(.backTab, .backTab, .backTab, .backTab)
        #expect(h.state.tender?.focus == .couponCode)
        h.type("GIFT50")
        #expect(h.state.tender!.figures(h.state.context).problems.first == "The coupon \"GIFT50\" has not been checked yet: leave the field with Tab to check it.")
        let id = h.state.nextRequestId
        let effects = h.press(.tab)
        #expect(effects == [.call(id: id, .coupon(code: "GIFT50"))])
        #expect(h.state.tender!.figures(h.state.context).problems.first == "Checking the coupon \"GIFT50\"…")
        h.settle(effects)
        #expect(h.state.tender?.focus == .cash)
        #expect(h.state.tender?.enabledFields.contains(.couponAmount) == true)
        let f = h.state.tender!.figures(h.state.context)
        #expect(f.coupon == money("50.00"))
        #expect(f.online == money("123.50"))
        #expect(h.render().lines[7] == "  Coupon code     [GIFT50              ]  balance 50.00, expires 2026-10-21     ")
        #expect(h.render().lines[8] == "  Coupon amount   [50.00               ]  auto                                  ")
        // More than the balance is refused.
        h.press(.backTab)
        h.type("60")
        #expect(h.state.tender!.figures(h.state.context).problems.contains("The coupon amount 60.00 is more than the coupon's balance 50.00."))
    }

    @Test func unknownAndExpiredCoupons() {
        var h = Self.tendering()
        h.press(.backTab, .backTab, .backTab, .backTab)
        h.type("NOPE")
        h.pressSettled(.tab)
        #expect(h.state.tender!.figures(h.state.context).problems.first == "No coupon with the code NOPE.")
        h.pressSettled(.backTab)
        h.press(.backspace, .backspace, .backspace, .backspace)
        h.type("OLD")
        h.pressSettled(.tab)
        #expect(h.state.tender!.figures(h.state.context).problems.first == "The coupon OLD expired on 2026-09-21.")
    }

    @Test func escUnlocksAndGoesBack() {
        var h = Self.tendering()
        #expect(h.backend.heldLocks() == [7: "cashier", 6: "cashier"])
        let effects = h.press(.escape)
        #expect(effects.first == .unlock(orderIds: [7, 6], session: UserSession(user: "cashier", role: .cashier)))
        h.settle(effects)
        #expect(h.state.route == .orders)
        #expect(h.state.tender == nil)
        #expect(h.backend.heldLocks().isEmpty)
        // The selection is still there to pay again.
        #expect(h.state.orders.selected.map(\.id) == [7, 6])
    }

    @Test func aFailedCheckoutKeepsTheForm() {
        var h = Self.tendering()
        h.press(.left)
        guard case .call(let id, .checkout(let plan, _))? = h.press(.function(2)).first else { Issue.record("no checkout"); return }
        h.send(.reply(id: id, .payment(.checkout(plan), .failure(BackendError("The store is busy: try again.")))))
        #expect(h.state.route == .tender)
        #expect(h.state.tender?.submitting == false)
        #expect(h.state.message == .error("The store is busy: try again."))
    }
}

@Suite struct TenderLockTests {
    @Test func theLockIsRenewedWhileTheCashierIsStillAtIt() {
        var h = TenderScreenTests.tendering()
        #expect(h.state.tender?.lockedAt == h.clock.now())
        h.clock.advance(seconds: 29)
        let early = h.send(.tick(h.clock.now()))
        #expect(!early.contains { if case .call(_, .renewLock) = $0 { return true } else { return false } })
        h.clock.advance(seconds: 1)
        let id = h.state.nextRequestId
        let due = h.send(.tick(h.clock.now()))
        #expect(due.first == .call(id: id, .renewLock(orderIds: [7, 6], session: UserSession(user: "cashier", role: .cashier))))
        h.settle(due)
        #expect(h.state.tender?.lockedAt == h.clock.now())
        // Losing it is said plainly; the form stays for the cashier to decide.
        h.clock.advance(seconds: 30)
        guard case .call(let renewId, _)? = h.send(.tick(h.clock.now())).first else { Issue.record("no renewal"); return }
        h.send(.reply(id: renewId, .renewed(.failure(BackendError("Order 2026-0007 is held by web (alice) since 18:42.")))))
        #expect(h.state.message == .error("The hold on the orders was lost: Order 2026-0007 is held by web (alice) since 18:42."))
        #expect(h.state.route == .tender)
    }
}
