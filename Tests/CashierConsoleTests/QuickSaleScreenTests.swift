import Testing
import CashierCore
@testable import CashierConsole

/// The quick sale: a walk-in customer's order typed at the counter, made by the store and taken
/// straight to the tender.
@Suite struct QuickSaleScreenTests {
    /// On the form with one line added and a second being typed.
    static func onShift() -> Harness { Harness.withShifts(float: "100.00") }

    static func selling() -> Harness {
        var h = onShift()
        h.press(.char("n"))
        h.type("Coffee beans")
        h.press(.tab, .backspace)
        h.type("2")
        h.press(.tab)
        h.type("45.00")
        h.press(.function(3))
        h.type("Mug")
        h.press(.tab, .tab)
        h.type("12.5")
        return h
    }

    @Test func theFormRendersWithItsLinesAndTotal() {
        let h = Self.selling()
        #expect(h.state.route == .quickSale)
        #expect(h.render().lines == screen([
            " Cashier · Quick sale                    cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Quick sale: a walk-in customer's order, made here and paid at once",
            "",
            "  Type            [walk-in               ]  created on first use",
            "  Customer        [                                      ]  optional",
            "",
            "  #  Description                               Qty    Unit price        Total",
            "  1  Coffee beans                                2         45.00        90.00",
            "",
            "  Description     [Mug                                     ]",
            "  Quantity        [1     ]",
            "  Unit price      [12.5            ]",
            "",
            "  Total CNY                                                            102.50",
            "",
            "  Ready: Enter makes the order and opens the tender.",
            "", "", "", "", "",
            " 2 lines · total 102.50 CNY · Enter charges it",
            "F1Help  F2Charge  F3Add line  F4Drop line  F6Approvals  F7History  F10Quit",
        ]))
    }

    @Test func enterMakesTheOrderAndOpensTheTenderOnIt() {
        var h = Self.selling()
        let id = h.state.nextRequestId
        let sale = QuickSale(type: "walk-in", customer: "", lines: [
            OrderLine(name: "Coffee beans", quantity: 2, unitPrice: money("45.00")),
            OrderLine(name: "Mug", quantity: 1, unitPrice: money("12.50")),
        ])
        let effects = h.press(.enter)
        #expect(effects == [.call(id: id, .quickSale(sale, session: UserSession(user: "cashier", role: .cashier)))])
        h.settle(effects)
        #expect(h.state.route == .tender)
        let made = h.state.tender!.orders
        #expect(made.count == 1 && made[0].number.hasPrefix("QS-") && made[0].amount == money("102.50"))
        #expect(h.backend.heldLocks()[made[0].id] == "cashier")
        // The form is spent: `n` starts a new one.
        #expect(h.state.quickSale == nil)
    }

    @Test func eachProblemIsOneSentenceAndNothingIsSent() {
        var h = Self.onShift()
        h.press(.char("n"))
        #expect(h.state.quickSale!.sale(.en).problems == ["Description: say what is sold."])
        h.type("Tea")
        h.press(.tab, .tab)
        h.type("12.345")
        #expect(h.state.quickSale!.sale(.en).problems == [
            "Unit price: The amount \"12.345\" has more than 2 decimal places: round it to 2 places, such as 12.34.",
        ])
        #expect(h.press(.enter) == [])
        #expect(h.state.message?.text == "Charge: Unit price: The amount \"12.345\" has more than 2 decimal places: round it to 2 places, such as 12.34.")
        // The type is the store's pattern; a long one cannot even be typed past its limit.
        h.press(.backspace)
        h.press(.tab)  // from the unit price round to the type
        #expect(h.state.quickSale!.focus == .type)
        h.press(.end)
        h.type(" x")
        #expect(h.state.quickSale!.sale(.en).problems.first?.hasPrefix("The order type \"walk-in x\" is not 1 to 32 letters") == true)
        h.type(String(repeating: "y", count: 40))
        #expect(h.state.quickSale!.type.text.count == OrderLimits.type)
        #expect(h.backend.calls.filter { $0.hasPrefix("quickSale") }.isEmpty)
    }

    @Test func escKeepsTheFormAndTheKeyNeedsAShift() {
        var h = Self.selling()
        h.press(.escape)
        #expect(h.state.route == .orders)
        h.press(.char("n"))
        #expect(h.state.quickSale?.lines.count == 1 && h.state.quickSale?.description.text == "Mug")

        var none = Harness.withShifts()
        none.press(.escape)  // skips the opening float
        none.press(.char("n"))
        #expect(none.state.route == .orders)
        #expect(none.state.message?.text == "New sale: you have no open shift on this terminal: press F8 to open one.")
    }

    /// The sale made, and another terminal holding its order before our lock arrives.
    static func madeButHeldElsewhere() -> (Harness, OrderRow)? {
        var h = selling()
        h.pressSettled(.function(3))  // both lines in the list
        let effects = h.press(.enter)
        guard case .call(let id, let call)? = effects.first else { Issue.record("no call"); return nil }
        let reply = perform(call, on: h.backend)
        guard case .quickSaleCreated(.success(let row)) = reply else { Issue.record("not made: \(reply)"); return nil }
        h.backend.holdForeign(row.id, "Order \(row.number) is being paid by web (alice) since 14:13:20.")
        h.settle(h.send(.reply(id: id, reply)))
        return (h, row)
    }

    @Test func aRefusedLockLeavesTheOrderMadeAndF2TriesAgain() {
        guard let made = Self.madeButHeldElsewhere() else { return }
        var h = made.0
        let row = made.1
        #expect(h.state.route == .quickSale)
        #expect(h.state.quickSale?.created == row)
        #expect(h.state.message?.text == "Order \(row.number) is being paid by web (alice) since 14:13:20.")
        h.backend.holdForeign(row.id, nil)
        h.pressSettled(.function(2))
        #expect(h.state.route == .tender && h.state.tender?.orders == [row])
    }
}
