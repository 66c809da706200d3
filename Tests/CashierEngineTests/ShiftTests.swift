import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import SQLSeam
import PostgresTestSupport
import Testing

@Suite struct ShiftTests {
    func count(_ text: String) throws -> DrawerCount { try DrawerCount.parse(text, currency: .cny) }

    @Test func theDrawerIsTheSumOfItsMovements() async throws {
        let w = try World(openShifts: false)
        let shift = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 20_000, terminal: "till-9")
        #expect(shift.isOpen && shift.openingFloat == 20_000 && shift.terminal == "till-9")
        // 33.33 cash, 50.00 tendered: 50.00 in, 16.67 change out.
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], cash: 3_333, tendered: 5_000, operatorName: "cashier"))
        #expect(s.checkout.shiftId == shift.id)
        _ = try w.engine.cashIn(operatorName: "cashier", amount: 1_000, reason: "coins from the bank")
        _ = try w.engine.cashOut(operatorName: "cashier", amount: 15_000, reason: "bank drop")
        let d = try w.engine.drawer(shiftId: shift.id)
        #expect([d.float, d.sales, d.change, d.cashIn, d.cashOut] == [20_000, 5_000, -1_667, 1_000, -15_000])
        #expect(d.expected == 20_000 + 3_333 + 1_000 - 15_000)
        let movements = try w.engine.cashMovements(shiftId: shift.id)
        #expect(movements.map(\.kind) == [.float, .sale, .change, .cashIn, .cashOut])
        #expect(movements.reduce(0) { $0 + $1.amount } == d.expected)
        #expect(try w.violations() == [])

        // 93.33 expected; counted 50 + 20 + 20 + 3×1 + 0.3 = 93.30: 0.03 short, within the limit.
        let closed = try w.engine.closeShift(closer: "cashier", pin: "1111", count: try count("50=1,20=2,1=3,0.1=3"))
        #expect(closed.state == .closed && closed.expected == 9_333 && closed.counted == 9_330 && closed.overShort == -3)
        #expect(closed.approvedBy == nil)
        #expect(try w.engine.drawer(shiftId: shift.id).count?.text == "50=1,20=2,1=3,0.1=3")
        #expect(try w.violations() == [])
    }

    @Test func aClosedShiftIsReadOnly() async throws {
        let w = try World(openShifts: false)
        let shift = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 0, terminal: "till-9")
        _ = try w.engine.closeShift(closer: "cashier", pin: "1111", count: try count(""))
        #expect(throws: CashierError.self) { _ = try w.engine.cashIn(operatorName: "cashier", amount: 100, reason: "late") }
        #expect(throws: CashierError.self) {
            _ = try w.engine.closeShift(shiftId: shift.id, closer: "cashier", pin: "1111", count: try count(""))
        }
        await #expect(throws: CashierError.self) {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G005")], cash: 1, operatorName: "cashier"))
        }
        // The schema itself refuses: no update of a closed shift, no movement on it, no edited movement.
        #expect(throws: SQLError.self) { try w.sqlExecute("UPDATE shifts SET counted = 0 WHERE id = ?", shift.id) }
        #expect(throws: SQLError.self) {
            try w.sqlExecute("INSERT INTO cash_movements (shift_id, kind, amount, currency, reason, at, operator) VALUES (?, 'cash_in', 1, 'CNY', 'x', 0, 'cashier')", shift.id)
        }
        #expect(throws: SQLError.self) { try w.sqlExecute("UPDATE cash_movements SET amount = 5") }
        #expect(try w.violations() == [])
    }

    @Test func oneOpenShiftPerTerminalAndPerOperator() throws {
        let w = try World(openShifts: false)
        _ = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 0, terminal: "till-1")
        #expect(throws: CashierError.self) { _ = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 0, terminal: "till-2") }
        #expect(throws: CashierError.self) { _ = try w.engine.openShift(operatorName: "alice", pin: "2222", float: 0, terminal: "till-1") }
        #expect(throws: CashierError.self) { _ = try w.engine.openShift(operatorName: "alice", pin: "0000", float: 0, terminal: "till-2") }
        // The indexes hold even past the code's own checks.
        #expect(throws: SQLError.self) {
            try w.sqlExecute("INSERT INTO shifts (terminal, operator, currency, state, opening_float, opened_at) VALUES ('till-1', 'alice', 'CNY', 'open', 0, 0)")
        }
        let alice = try w.engine.openShift(operatorName: "alice", pin: "2222", float: 0, terminal: "till-2")
        #expect(try w.engine.currentShift(terminal: "till-2") == alice)
        #expect(try w.engine.openShift(of: "alice") == alice)
    }

    @Test func theCounterNeedsAShiftOtherChannelsDoNot() async throws {
        let w = try World(openShifts: false)
        // The remedy is data; the CLI words it as before (CashierCLITests' WordingTests).
        #expect(await Refused.ofAsync {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G005")], cash: 1, operatorName: "cashier"))
        } == Refused(.conflict, "cashier has no open shift",
                                           remedy: .openShift(operatorName: "cashier", purpose: .takePayments)))
        #expect(try w.order("G005").status == .unpaid)
        let web = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], online: 3_333, onlineMode: .code(World.alipay(0)),
                                                     operatorName: "alice", channel: .web))
        #expect(web.checkout.state == .succeeded && web.checkout.shiftId == nil)
        #expect(try w.violations() == [])
    }

    @Test func cashMovesNeedAReasonAndCannotEmptyMoreThanTheDrawer() throws {
        let w = try World(openShifts: false)
        #expect(throws: CashierError.self) { _ = try w.engine.cashIn(operatorName: "cashier", amount: 100, reason: "no shift") }
        _ = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 10_000, terminal: "till-1")
        #expect(throws: CashierError.self) { _ = try w.engine.cashIn(operatorName: "cashier", amount: 100, reason: "  ") }
        #expect(throws: CashierError.self) { _ = try w.engine.cashOut(operatorName: "cashier", amount: 10_001, reason: "too much") }
        #expect(throws: CashierError.self) { _ = try w.engine.cashIn(operatorName: "cashier", amount: 0, reason: "nothing") }
        _ = try w.engine.cashOut(operatorName: "cashier", amount: 10_000, reason: "all of it")
        #expect(try w.engine.drawer(shiftId: 1).expected == 0)
    }

    @Test func overShortBeyondTheLimitNeedsASupervisor() throws {
        let w = try World(openShifts: false)
        let shift = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 50_000, terminal: "till-1")
        let short = try count("100=4,50=1,20=1,10=1,5=1,1=4,0.5=1,0.1=4")  // 489.90: 10.10 short
        let preview = try w.engine.closePreview(shiftId: shift.id, count: short)
        #expect(preview.expected == 50_000 && preview.counted == 48_990 && preview.overShort == -1_010 && preview.needsSupervisor)
        #expect(throws: CashierError.self) { _ = try w.engine.closeShift(closer: "cashier", pin: "1111", count: short) }
        #expect(try w.store.shift(id: shift.id)?.isOpen == true)
        // A cashier cannot vouch for it; a wrong supervisor PIN neither.
        #expect(throws: CashierError.self) {
            _ = try w.engine.closeShift(closer: "cashier", pin: nil, supervisor: Credentials(user: "alice", pin: "2222"), count: short)
        }
        #expect(throws: CashierError.self) {
            _ = try w.engine.closeShift(closer: "cashier", pin: nil, supervisor: Credentials(user: "supervisor", pin: "0000"), count: short)
        }
        // Exactly at the limit (10.00 short) a cashier closes alone.
        #expect(try w.engine.closePreview(shiftId: shift.id, count: try count("100=4,50=1,20=2")).needsSupervisor == false)
        let closed = try w.engine.closeShift(closer: "cashier", pin: nil, supervisor: Credentials(user: "supervisor", pin: "9999"), count: short)
        #expect(closed.overShort == -1_010 && closed.approvedBy == "supervisor" && closed.closedBy == "cashier")
        #expect(try w.violations() == [])
    }

    @Test func aCashierCannotCloseAnothersShiftASupervisorCan() throws {
        let w = try World()
        let alice = try #require(try w.engine.openShift(of: "alice"))
        #expect(Refused.of {
            _ = try w.engine.closeShift(shiftId: alice.id, closer: "cashier", pin: "1111", count: try count("100=5"))
        } == Refused.forbidden("Shift \(alice.id) belongs to alice: a cashier cannot close another operator's shift; a supervisor can."))
        #expect(throws: CashierError.self) {
            _ = try w.engine.closeShift(shiftId: alice.id, closer: "supervisor", pin: "1111", count: try count("100=5"))
        }
        let closed = try w.engine.closeShift(shiftId: alice.id, closer: "supervisor", pin: "9999", count: try count("100=5"))
        #expect(closed.closedBy == "supervisor" && closed.approvedBy == "supervisor" && closed.overShort == 0)
    }

    @Test func aPaymentInFlightBlocksClosing() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 1_000, online: 9_000,
                                                   onlineMode: .code(World.alipay(1)), operatorName: "cashier"))
        let trade = try #require(s.paymentOrder?.tradeNo)
        let shift = try #require(try w.engine.openShift(of: "cashier"))
        #expect(try w.engine.closePreview(shiftId: shift.id, count: try count("100=5")).inFlight == [InFlight(checkout: s.checkout.id, tradeNo: trade)])
        #expect(Refused.of {
            _ = try w.engine.closeShift(closer: "cashier", pin: "1111", count: try count("100=5"))
        } == Refused.conflict("Payment \(trade) (checkout \(s.checkout.id)) is still in flight on shift \(shift.id): wait for its result or cancel it, then close the shift."))
        await w.drain()
        #expect(try w.engine.drawer(shiftId: shift.id).sales == 1_000)
        let closed = try w.engine.closeShift(closer: "cashier", pin: "1111", count: try count("100=5,10=1"))
        #expect(closed.overShort == 0)
        #expect(try w.violations() == [])
    }

    @Test func cashRefundsArePaidFromTheRequestersDrawerElseTheApprovers() async throws {
        let w = try World()
        let g = try w.id("G001"), s = try w.id("S002")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [g], cash: 10_000, operatorName: "cashier"))
        _ = try await w.engine.pay(PaymentPlan(orderIds: [s], cash: 3_333, operatorName: "alice"))
        let cashierShift = try #require(try w.engine.openShift(of: "cashier"))
        let r1 = try w.engine.requestRefund(orderId: g, amount: 2_500, reason: "returned", by: "cashier")
        _ = try await w.engine.approve(requestId: r1.id, supervisor: "supervisor", pin: "9999")
        #expect(try w.engine.drawer(shiftId: cashierShift.id).refunds == -2_500)

        // alice closes; her later request is paid from the approver's drawer, or refused without one.
        _ = try w.engine.closeShift(closer: "alice", pin: "2222", count: try count("100=5,20=1,10=1,1=3,0.1=3"))
        let r2 = try w.engine.requestRefund(orderId: s, amount: 1_000, reason: "late", by: "alice")
        let audit = try w.store.auditCount()
        #expect(await Refused.ofAsync {
            _ = try await w.engine.approve(requestId: r2.id, supervisor: "supervisor", pin: "9999")
        } == Refused.conflict("Refund request \(r2.id) pays cash but neither alice (who asked) nor supervisor has an open shift: open a shift to pay it from a drawer, then approve."))
        #expect(try w.store.refundRequest(id: r2.id)?.state == .requested && w.store.auditCount() == audit)
        let sup = try w.engine.openShift(operatorName: "supervisor", pin: "9999", float: 500, terminal: "office")
        // The drawer cannot pay out more than it holds.
        #expect(await Refused.ofAsync {
            _ = try await w.engine.approve(requestId: r2.id, supervisor: "supervisor", pin: "9999")
        } == Refused(.conflict, "Refund request \(r2.id) pays 10.00 in cash but the drawer of shift \(sup.id) (supervisor) should hold only 5.00",
                                           remedy: .cashInThenApprove))
        _ = try w.engine.cashIn(operatorName: "supervisor", amount: 4_500, reason: "from the safe")
        _ = try await w.engine.approve(requestId: r2.id, supervisor: "supervisor", pin: "9999")
        #expect(try w.engine.drawer(shiftId: sup.id).expected == 4_000)
        #expect(try w.violations() == [])
    }

    @Test func checkNamesATamperedDrawer() async throws {
        let w = try World()
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, tendered: 12_000, operatorName: "cashier"))
        let r = try w.engine.requestRefund(orderId: try w.id("G001"), amount: 1_000, reason: "x", by: "cashier")
        _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        #expect(try w.violations() == [])
        // Past the triggers, as someone editing the database by hand would be.
        let on = TestBackend.current == .postgres ? " ON cash_movements" : ""
        try w.sqlExecute("DROP TRIGGER cash_movements_never_change\(on)")
        try w.sqlExecute("DROP TRIGGER cash_movements_never_deleted\(on)")
        try w.sqlExecute("UPDATE cash_movements SET amount = amount + 1 WHERE kind = 'sale'")
        try w.sqlExecute("DELETE FROM cash_movements WHERE kind = 'refund'")
        try w.sqlExecute("UPDATE cash_movements SET amount = 1 WHERE kind = 'float' AND shift_id = 2")
        try w.sqlExecute("UPDATE checkouts SET shift_id = NULL")
        let rules = Set(try w.store.checkInvariants().map(\.rule))
        #expect(rules.isSuperset(of: ["paid cash is in the drawer", "cash refund is paid from a drawer",
                                      "shift's float movement is its opening float", "counter payment has its operator's shift"]), "\(rules)")
    }

    @Test func denominationsCountAndParseStrictly() throws {
        let c = try count("100=3, 20=1,0.5=4")
        #expect(c.total == 32_200 && c.text == "100=3,20=1,0.5=4")
        for bad in ["100", "3=1", "100=x", "100=-1", "100=1,100=2", "0.05=1", "100=1=2"] {
            #expect(throws: CashierError.self, "\(bad)") { _ = try count(bad) }
        }
        #expect(try count("").total == 0)
        let g = DrawerCount.greedy(18_890, currency: .cny)
        #expect(g.text == "100=1,50=1,20=1,10=1,5=1,1=3,0.5=1,0.1=4" && g.total == 18_890)
        #expect(DrawerCount.greedy(1_234_567, currency: .cny).total == 1_234_560)
        #expect(Denominations.of(.cny) == [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10])
    }
}
