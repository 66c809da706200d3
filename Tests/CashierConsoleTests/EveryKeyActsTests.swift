import Testing
import CashierCore
@testable import CashierConsole

/// A bound key carries its own handler, so it cannot be left unhandled; these tests press every
/// key that is enabled on every screen and mode (and the keys that work everywhere) and expect
/// each to change the state or ask for an effect. Each fixture puts the screen where its keys
/// have room to act: the cursor mid-list, text in the field with the cursor inside it.
@Suite struct EveryKeyActsTests {
    static let cashier = UserSession(user: "cashier", role: .cashier)

    /// Presses every enabled key of `h`'s tables on a copy; returns how many it pressed.
    @discardableResult
    static func expectEveryKeyActs(_ h: Harness, on route: Route, _ name: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var base = h
        base.state.message = nil
        #expect(base.state.route == route, "\(name): the fixture is on \(base.state.route)", sourceLocation: sourceLocation)
        var pressed = 0
        for binding in base.state.activeBindings where binding.disabled == nil {
            let key: Key
            switch binding.keys.first {
            case .key(let named)?: key = named
            case .printable?: key = .char("7")
            case nil:
                Issue.record("\(name): \(binding.label) has no key", sourceLocation: sourceLocation)
                continue
            }
            var probe = base
            let effects = binding.run(&probe.state, key)
            #expect(!effects.isEmpty || probe.state != base.state,
                    "\(name): \(binding.keyText) (\(binding.label)) did nothing", sourceLocation: sourceLocation)
            pressed += 1
        }
        return pressed
    }

    /// Types `text` and moves the cursor one place left, so every editing key has work.
    static func typedInside(_ h: inout Harness, _ text: String) {
        h.type(text)
        h.press(.left)
    }

    @Test func logInAndTheOverlays() {
        var login = Harness(loggedInAs: nil)
        Self.typedInside(&login, "cas")
        #expect(Self.expectEveryKeyActs(login, on: .login, "log in") == 14)

        var help = Harness()
        help.press(.function(1))
        #expect(Self.expectEveryKeyActs(help, on: .orders, "help") == 1)

        var quit = PaymentScreenTests.waiting()
        quit.press(.function(10))
        #expect(quit.state.overlay == .confirmQuit)
        #expect(Self.expectEveryKeyActs(quit, on: .payment, "quit dialog") == 2)
    }

    @Test func ordersAndHistory() {
        var orders = Harness()
        orders.press(.down)
        Self.expectEveryKeyActs(orders, on: .orders, "orders")

        var search = Harness()
        search.press(.char("/"))
        Self.typedInside(&search, "20")
        Self.expectEveryKeyActs(search, on: .orders, "orders search")

        var locking = Harness()
        locking.press(.down, .function(2))
        Self.expectEveryKeyActs(locking, on: .orders, "orders while locking")

        var history = Harness()
        history.backend.addOrders([
            OrderRow(id: 9, number: "2026-0009", type: "goods", customer: "Kim", amount: money("9.00"), status: .paid, createdAt: 0),
            OrderRow(id: 8, number: "2026-0008", type: "goods", customer: "Lee", amount: money("8.00"), status: .refunded, createdAt: 0),
        ])
        history.pressSettled(.function(7), .down)
        Self.expectEveryKeyActs(history, on: .history, "history")
    }

    @Test func tenderAndPayment() {
        let tender = TenderScreenTests.tendering()
        Self.expectEveryKeyActs(tender, on: .tender, "tender on the method")
        var typing = TenderScreenTests.tendering()
        typing.press(.tab)
        Self.typedInside(&typing, "13")
        Self.expectEveryKeyActs(typing, on: .tender, "tender in the code field")

        let waiting = PaymentScreenTests.waiting()
        Self.expectEveryKeyActs(waiting, on: .payment, "payment waiting")
        var confirming = PaymentScreenTests.waiting()
        confirming.press(.char("c"))
        Self.expectEveryKeyActs(confirming, on: .payment, "payment cancel dialog")

        var failed = PaymentScreenTests.waiting()
        failed.backend.setOutcome(1, .failed)
        failed.pressSettled(.function(5))
        Self.expectEveryKeyActs(failed, on: .payment, "payment failed")
        var newCode = failed
        newCode.press(.char("r"))
        Self.typedInside(&newCode, "13")
        Self.expectEveryKeyActs(newCode, on: .payment, "payment new code")

        var paid = PaymentScreenTests.waiting()
        paid.backend.setOutcome(1, .paid)
        paid.pressSettled(.function(5))
        Self.expectEveryKeyActs(paid, on: .payment, "payment paid")
    }

    @Test func detailAndRefund() {
        var detail = Harness()
        detail.pressSettled(.function(7), .enter)
        // Long enough to scroll both ways.
        let line = OrderLine(name: "item", quantity: 1, unitPrice: money("1.00"))
        detail.state.detail?.detail?.lines += Array(repeating: line, count: 30)
        detail.press(.down)
        Self.expectEveryKeyActs(detail, on: .detail, "order detail")

        var refund = detail
        refund.pressSettled(.function(4))
        Self.typedInside(&refund, "12")
        Self.expectEveryKeyActs(refund, on: .refund, "refund form")

        var created = detail
        created.pressSettled(.function(4), .tab)
        created.type("wrong size")
        created.pressSettled(.enter)
        #expect(created.state.refund?.created != nil)
        Self.expectEveryKeyActs(created, on: .refund, "refund created")
    }

    @Test func quickSale() {
        var form = QuickSaleScreenTests.selling()
        form.press(.left)
        Self.expectEveryKeyActs(form, on: .quickSale, "quick sale form")
        var onType = QuickSaleScreenTests.selling()
        onType.press(.tab, .end, .left)
        Self.expectEveryKeyActs(onType, on: .quickSale, "quick sale on the type")

        guard let (made, _) = QuickSaleScreenTests.madeButHeldElsewhere() else { return }
        Self.expectEveryKeyActs(made, on: .quickSale, "quick sale made, lock refused")
    }

    @Test func approvals() {
        var queue = Harness()
        for (order, amount) in [(1, "20.00"), (2, "88.00"), (1, "5.00")] {
            _ = try? queue.backend.requestRefund(orderId: Int64(order), amount: money(amount), reason: "r", session: Self.cashier)
        }
        queue.pressSettled(.function(6), .down)
        #expect(queue.state.approvals.rows.count == 3)
        Self.expectEveryKeyActs(queue, on: .approvals, "approvals")

        var dialog = queue
        dialog.press(.char("a"))
        Self.typedInside(&dialog, "su")
        Self.expectEveryKeyActs(dialog, on: .approvals, "approval dialog")
    }

    @Test func theCashiersDay() {
        var open = Harness.withShifts()
        Self.typedInside(&open, "20")
        Self.expectEveryKeyActs(open, on: .openShift, "open shift")

        var drawer = DrawerScreenTests.drawer()
        for i in 0..<10 {
            _ = try? drawer.backend.moveCash(.cashIn, amount: money("1.00"), reason: "float \(i)", session: Self.cashier)
        }
        drawer.pressSettled(.function(5), .down)
        Self.expectEveryKeyActs(drawer, on: .drawer, "drawer")
        var movement = drawer
        movement.press(.char("i"))
        Self.typedInside(&movement, "12")
        Self.expectEveryKeyActs(movement, on: .drawer, "cash in dialog")

        var count = ShiftCloseTests.counting()
        Self.typedInside(&count, "12")
        Self.expectEveryKeyActs(count, on: .closeShift, "count")

        var closed = ShiftCloseTests.counting()
        ShiftCloseTests.countWithin(&closed)
        closed.press(.function(2))
        closed.type("1111")
        closed.pressSettled(.function(2))
        Self.expectEveryKeyActs(closed, on: .shiftClosed, "shift closed")

        var reports = ReportScreenTests.reports()
        reports.press(.down)
        Self.expectEveryKeyActs(reports, on: .reports, "reports")
        var z = reports
        z.press(.char("z"))
        Self.typedInside(&z, "99")
        Self.expectEveryKeyActs(z, on: .reports, "Z report dialog")

        var receipt = ReceiptScreenTests.history()
        let long = (1...40).map { "line \($0)" }
        receipt.backend.drawerFake.addReceipt(orderId: 2, ReceiptView(id: 6, kind: .refund, reference: "R1", createdAt: 0, lines: long))
        receipt.pressSettled(.enter, .char("p"), .down)
        Self.expectEveryKeyActs(receipt, on: .receipt, "receipt")
    }

    @Test func theSupervisorsScreens() {
        var users = UsersScreenTests.users()
        users.press(.down)
        Self.expectEveryKeyActs(users, on: .users, "users")
        var form = users
        form.press(.char("a"))
        Self.typedInside(&form, "da")
        Self.expectEveryKeyActs(form, on: .users, "add user form")
        var role = users
        role.press(.char("a"), .tab)
        Self.expectEveryKeyActs(role, on: .users, "add user form on the role")

        var gate = Harness(loggedInAs: "supervisor")
        gate.pressSettled(.char("a"))
        Self.typedInside(&gate, "99")
        Self.expectEveryKeyActs(gate, on: .audit, "audit gate")

        var audit = AuditScreenTests.unlocked()
        audit.press(.down)
        Self.expectEveryKeyActs(audit, on: .audit, "audit log")
        var filter = audit
        filter.press(.char("/"))
        Self.typedInside(&filter, "ca")
        Self.expectEveryKeyActs(filter, on: .audit, "audit filters")
    }

    @Test func reconciliation() {
        var days = ReconciliationScreenTests.days()
        days.press(.down)
        Self.expectEveryKeyActs(days, on: .reconciliation, "reconciled days")

        var items = ReconciliationScreenTests.items()
        items.press(.down)
        Self.expectEveryKeyActs(items, on: .reconciliation, "a day's items")

        var note = items
        note.press(.up, .char("r"))
        Self.typedInside(&note, "ok")
        Self.expectEveryKeyActs(note, on: .reconciliation, "resolve dialog on the note")
        var followUp = note
        followUp.press(.tab)
        #expect(followUp.state.reconciliation.dialog?.focus == .followUp)
        Self.expectEveryKeyActs(followUp, on: .reconciliation, "resolve dialog on the follow-up")
    }
}
