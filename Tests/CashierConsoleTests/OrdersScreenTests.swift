import Testing
import CashierCore
@testable import CashierConsole

@Suite struct OrdersScreenTests {
    @Test func ordersAt80x24AlignCJKNames() {
        var h = Harness()
        h.pressSettled(.down, .char(" "))
        let grid = h.render()
        #expect(grid.lines == screen([
            " Cashier · Orders                        cashier (cashier) · Store 1 · 14:13:20",
            "",
            " Search (none)  Type all  Status unpaid                                  Page 1",
            "   Number       Type       Customer                    Amount Status",
            "   2026-0007    goods      王小明                      128.00 unpaid",
            " ✓ 2026-0006    service    Zoë Müller                   45.50 unpaid",
            "   2026-0005    membership 佐藤花子                    300.00 unpaid",
            "   2026-0004    goods      Bob Smith                    19.90 unpaid",
            "   2026-0003    deposit    李雷                        500.00 unpaid",
            "", "", "", "", "", "", "", "", "", "", "", "", "",
            " Selected: 1 order · total 45.50 CNY",
            "F1Help  F2Pay  F3Search  F5Refresh  F6Approvals  F7History  F10Quit",
        ]))
        // The cursor row (moved on by Space) is drawn in the cursor role, the selected one in selection.
        #expect(grid[20, 6].role == .cursor)
        #expect(grid[20, 5].role == .selection)
        #expect(grid[0, 0].role == .header)
        #expect(grid[0, 23].role == .keyBarKey)
        #expect(grid[2, 23].role == .keyBar)
    }

    @Test func widerTerminalGrowsTheCustomerColumn() {
        let h = Harness(size: Size(width: 100, height: 30))
        let lines = h.render(Size(width: 100, height: 30)).lines
        #expect(lines[3] == "   Number       Type       Customer                                        Amount Status            ")
        #expect(lines[4] == "   2026-0007    goods      王小明                                          128.00 unpaid            ")
        // Six rows of chrome leave 24 rows a page.
        #expect(h.state.orders.pageSize == 24)
    }

    @Test func spaceSelectsAndTheSummaryShowsCountAndTotal() {
        var h = Harness()
        #expect(h.press(.char(" "), .char(" ")) == [])
        #expect(h.state.orders.selected.map(\.id) == [7, 6])
        #expect(h.state.orders.cursor == 2)
        #expect(h.render().lines[22].hasPrefix(" Selected: 2 orders · total 173.50 CNY "))
        h.press(.up, .char(" "))
        #expect(h.state.orders.selected.map(\.id) == [7])
    }

    @Test func f2LocksTheSelectionThenOpensTender() {
        var h = Harness()
        h.press(.char(" "), .char(" "))
        let id = h.state.nextRequestId
        let rows = h.state.orders.selected
        let session = UserSession(user: "cashier", role: .cashier)
        let effects = h.press(.function(2))
        #expect(effects == [.call(id: id, .lock(orderIds: [7, 6], session: session, rows: rows))])
        #expect(h.state.route == .orders)
        #expect(h.state.isWorking)
        #expect(h.send(.reply(id: id, .locked(rows, .success(Granted())))) == [])
        #expect(h.state.route == .tender)
        #expect(h.state.tender == TenderState(orders: rows, lockedAt: h.clock.now()))
    }

    @Test func enterPaysTheRowUnderTheCursorWhenNothingIsSelected() {
        var h = Harness()
        h.press(.down)
        let effects = h.press(.enter)
        guard case .call(_, .lock(let ids, _, _))? = effects.first else { Issue.record("no lock: \(effects)"); return }
        #expect(ids == [6])
    }

    @Test func aLockHeldElsewhereShowsWhoHoldsIt() {
        var h = Harness()
        h.pressSettled(.end, .function(2))
        #expect(h.state.route == .orders)
        #expect(h.state.message == .error("Order 2026-0003 is held by web (alice) since 18:42."))
        #expect(h.render().lines[1].hasPrefix(" Order 2026-0003 is held by web (alice) since 18:42."))
    }

    @Test func disabledPayGivesItsReason() {
        var h = Harness()
        // Show paid orders: paying one is refused with the reason, and nothing is sent.
        h.pressSettled(.char("s"))
        #expect(h.state.orders.status.label == "paid")
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message == Note("Pay: order 2026-0002 is paid; only unpaid orders can be paid.", .warning))
        // A filter that matches nothing: no order to pay.
        h.pressSettled(.char("/"))
        h.settle(h.type("zzz"))
        h.pressSettled(.enter)
        #expect(h.state.orders.rows.isEmpty)
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message == Note("Pay: select an order first.", .warning))
    }

    @Test func ordersInDifferentCurrenciesCannotBePaidTogether() {
        var h = Harness()
        h.backend.addOrders([OrderRow(id: 8, number: "2026-0008", type: "goods", customer: "Tom",
                                      amount: Money(minor: 1000, currency: .usd), status: .unpaid, createdAt: 0)])
        h.pressSettled(.function(5), .char(" "), .char(" "))
        #expect(h.state.orders.selected.map(\.id) == [8, 7])
        #expect(h.press(.function(2)) == [])
        #expect(h.state.message?.text == "Pay: the selected orders are in different currencies (CNY, USD); pay each currency separately.")
        #expect(h.render().lines[22].hasPrefix(" Selected: 2 orders · total 10.00 USD + 128.00 CNY"))
    }

    @Test func pagingUsesKeysetCursorsAndSelectionSurvives() {
        var h = Harness()
        h.state.orders.pageSize = 2
        let before = h.backend.calls.count
        h.pressSettled(.function(5))
        #expect(h.state.orders.rows.map(\.id) == [7, 6])
        h.press(.char(" "))
        let id = h.state.nextRequestId
        let effects = h.press(.pageDown)
        #expect(effects == [.call(id: id, .orders(OrderQuery(statuses: [.unpaid], afterId: 6, limit: 2),
                                                  list: .open, cursors: [nil, 6], cursorAt: .top))])
        h.settle(effects)
        #expect(h.state.orders.rows.map(\.id) == [5, 4])
        #expect(h.state.orders.cursors == [nil, 6])
        h.press(.char(" "))
        // ↓ past the last row loads the next page.
        h.pressSettled(.down, .down)
        #expect(h.state.orders.rows.map(\.id) == [3])
        #expect(h.state.orders.cursors == [nil, 6, 4])
        #expect(!h.state.orders.hasMore)
        #expect(h.press(.pageDown) == [])
        #expect(h.state.message?.text == "PgDn: this is the last page.")
        // Back up: ↑ on the first row returns to the previous page, cursor at its bottom.
        h.pressSettled(.up)
        #expect(h.state.orders.rows.map(\.id) == [5, 4])
        #expect(h.state.orders.cursor == 1)
        h.pressSettled(.pageUp)
        #expect(h.state.orders.rows.map(\.id) == [7, 6])
        #expect(h.state.orders.cursors == [nil])
        #expect(h.state.orders.selected.map(\.id) == [7, 5])
        // Only pages were ever fetched: every query asked for two rows.
        let queries = h.backend.calls.dropFirst(before).filter { $0.hasPrefix("orders") }
        #expect(queries.count == 5)
        #expect(queries.allSatisfy { $0.contains("limit:2") })
    }

    @Test func searchFiltersAsYouTypeAndEscClears() {
        var h = Harness()
        h.press(.char("/"))
        #expect(h.state.orders.searching)
        #expect(h.render().lines[23].hasPrefix("EnterApply  EscClear  F1Help  "))
        let first = h.press(.char("z"))
        let second = h.press(.char("o"))
        guard case .call(let staleId, _)? = first.first, case .call(let liveId, let call)? = second.first else {
            Issue.record("no queries"); return
        }
        #expect(call == .orders(OrderQuery(search: "zo", limit: 18), list: .open, cursors: [nil], cursorAt: .top))
        // The older query's answer arrives late: it is dropped, not shown.
        h.send(.reply(id: staleId, .page(.open, cursors: [nil], cursorAt: .top, .success(OrderPage(rows: [], hasMore: false)))))
        #expect(h.state.orders.rows.count == 5)
        h.send(.reply(id: liveId, perform(call, on: h.backend)))
        #expect(h.state.orders.rows.map(\.customer) == ["Zoë Müller"])
        #expect(h.render().lines[2].hasPrefix(" Search [zo"))
        h.press(.enter)
        #expect(!h.state.orders.searching)
        #expect(h.render().lines[2].hasPrefix(" Search zo  Type all"))
        h.pressSettled(.char("/"), .escape)
        #expect(h.state.orders.search.text == "")
        #expect(h.state.orders.rows.count == 5)
    }

    @Test func cjkPrefixSearchAndTypeFilter() {
        var h = Harness()
        h.pressSettled(.char("/"))
        h.settle(h.type("王"))
        #expect(h.state.orders.rows.map(\.number) == ["2026-0007"])
        h.pressSettled(.escape, .char("t"))
        #expect(h.state.orders.type == "deposit")
        #expect(h.state.orders.rows.map(\.id) == [3])
        h.pressSettled(.char("t"), .char("t"), .char("t"), .char("t"))
        #expect(h.state.orders.type == nil)
        #expect(h.state.orders.rows.count == 5)
    }

    @Test func statusCyclesThroughEveryChoice() {
        var h = Harness()
        var labels: [String] = []
        for _ in 0..<5 {
            h.pressSettled(.char("s"))
            labels.append(h.state.orders.status.label)
        }
        #expect(labels == ["paid", "partially refunded", "refunded", "all", "unpaid"])
    }

    @Test func aBackendFailureShowsItsMessage() {
        var h = Harness()
        let effects = h.press(.function(5))
        guard case .call(let id, _)? = effects.first else { Issue.record("no call"); return }
        h.send(.reply(id: id, .page(.open, cursors: [nil], cursorAt: .keep(0), .failure(BackendError("The store is busy: try again.")))))
        #expect(h.state.message == .error("The store is busy: try again."))
        #expect(!h.state.isWorking)
    }
}
