import Testing
import CashierCore
import Localization
@testable import CashierConsole

/// F12 switches the console's language at run time; nothing but the words changes.
@Suite struct LanguageSwitchTests {
    @Test func switchingMidPaymentKeepsThePayment() {
        var h = PaymentScreenTests.waiting()
        h.clock.advance(seconds: 5)
        h.send(.tick(h.clock.now()))
        let payment = h.state.payment
        let pending = h.state.pending
        #expect(h.state.route == .payment && payment?.view.outcome == .waiting)
        #expect(h.press(.function(12)) == [])
        #expect(h.state.lang == .zh)
        #expect(h.state.route == .payment)
        #expect(h.state.payment == payment)
        #expect(h.state.pending == pending)
        let zh = h.render().lines
        #expect(zh[0].hasPrefix(" 收银台 · 支付"))
        #expect(zh[1].hasPrefix(" 收银台现在显示中文（F12：English）。"))
        #expect(zh.contains { $0.contains("等 待 付 款  ·  剩余 0:55") })
        #expect(zh[23].hasPrefix("F1帮助  F5刷新  F10退出  c取消"))
        // The payment goes on in Chinese: cancelling it asks in Chinese and still acts on it.
        h.press(.char("c"))
        #expect(h.render().text.contains("取消这笔支付？"))
        #expect(h.press(.function(12)) == [])
        #expect(h.state.lang == .en)
        #expect(h.state.payment?.confirmingCancel == true)
        #expect(h.render().text.contains("Cancel the payment?"))
    }

    @Test func switchingKeepsWhatWasTypedInTheTender() {
        var h = TenderScreenTests.tendering()
        h.type("1300000000")
        let tender = h.state.tender
        h.press(.function(12))
        #expect(h.state.tender == tender)
        #expect(h.render().text.contains("付款码          [1300000000"))
        h.press(.function(12))
        #expect(h.state.tender == tender)
        #expect(h.render().text.contains("Payment code    [1300000000"))
    }

    @Test func theKeyIsListedInHelpInTheLanguageItSwitchesTo() {
        var h = Harness()
        #expect(h.state.helpLines().map(\.text).contains("F12             中文"))
        h.press(.function(12))
        #expect(h.state.helpLines().map(\.text).contains("F12             English"))
    }

    @Test func wideCharactersArriveWholeAndLeaveWhole() {
        var h = Harness()
        h.press(.char("/"))
        h.type("王小明")
        #expect(h.state.orders.list.search.text == "王小明")
        #expect(h.state.orders.list.search.cursor == 3)
        h.press(.backspace)
        #expect(h.state.orders.list.search.text == "王小")
        h.press(.left)
        h.press(.backspace)
        #expect(h.state.orders.list.search.text == "小")
        // The cursor cell sits on the character after the cursor, two columns per wide character.
        h.press(.end)
        let grid = h.render()
        let row = grid.lines[2]
        #expect(row.hasPrefix(" Search [小"))
        #expect(grid[DisplayWidth.of(" Search [小"), 2].role == .cursor)
    }
}
