import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import SQLSeam
import Testing

/// Orders from a business system: create (idempotent by number, all or nothing), cancel with a
/// reason, the catch-up list, and expiry by the poller.
@Suite struct OrderIntakeTests {
    static func draft(_ number: String, type: String = "fees", price: Int64 = 1_000, qty: Int64 = 2,
                      expiresAt: Millis? = nil, note: String = "") -> OrderDraft {
        OrderDraft(number: number, type: type, customer: "Ines", currency: .cny,
                   lines: [.init(name: "Term fee", quantity: qty, unitPrice: price)], expiresAt: expiresAt, note: note)
    }

    static func created(_ o: OrderIntakeOutcome) throws -> [CreatedOrder] {
        guard case .created(let list) = o else { Issue.record("refused: \(o)"); throw CashierError.invalid("refused") }
        return list
    }

    static func refused(_ o: OrderIntakeOutcome) throws -> OrderIntakeRefusal {
        guard case .refused(let r) = o else { Issue.record("created: \(o)"); throw CashierError.invalid("created") }
        return r
    }

    @Test func createIsIdempotentByNumberAndNamesTheFirstDifference() throws {
        let w = try World()
        let first = try Self.created(w.engine.createOrders([Self.draft("B-1")], by: "cashier", channel: .integration))
        #expect(first.count == 1 && first[0].created)
        #expect(first[0].order.amount.minor == 2_000 && first[0].order.status == .unpaid && first[0].order.type == "fees")
        let again = try Self.created(w.engine.createOrders([Self.draft("B-1")], by: "cashier", channel: .integration))
        #expect(again == [CreatedOrder(order: first[0].order, created: false)])
        let other = try Self.refused(w.engine.createOrders([Self.draft("B-1", price: 1_001)], by: "cashier", channel: .integration))
        #expect(other.items.count == 1 && other.items[0].conflict)
        #expect(Language.en.words(other.items[0].problem.refusal) == "Order B-1 exists with a different lines[0].unit_price (stored 10.00, sent 10.01): use a new number for a new order.")
        // The unknown type was created on first use, and the audit names it.
        #expect(try w.engine.orderTypes().contains("fees"))
        let typeAudits = try w.sqlValues(String.self, "SELECT subject FROM audit_log WHERE action = 'order_type.added' ORDER BY id")
        #expect(typeAudits == ["type fees"])
        #expect(try w.violations() == [])
    }

    @Test func aBatchIsAllOrNothingWithEveryProblemListed() throws {
        let w = try World()
        let before = try w.store.orderCount()
        var drafts = (1...5).map { Self.draft("N\($0)") }
        drafts[1].number = "bad number"
        drafts[3].lines[0].quantity = 0
        drafts.append(Self.draft("G001"))  // the World's own order, other content
        let r = try Self.refused(w.engine.createOrders(drafts, by: "cashier", channel: .integration))
        #expect(r.items.map(\.index) == [1, 3, 5])
        #expect(r.items.map(\.problem.field) == ["number", "lines[0].quantity", "number"])
        #expect(r.items.map(\.conflict) == [false, false, true])
        #expect(try w.store.orderCount() == before)
        let ok = try Self.created(w.engine.createOrders((1...5).map { Self.draft("N\($0)") }, by: "cashier", channel: .integration))
        #expect(ok.count == 5 && ok.allSatisfy(\.created))
    }

    @Test func badInputIsRefusedFieldByField() throws {
        let w = try World()
        func fields(_ d: OrderDraft) throws -> [String] {
            try Self.refused(w.engine.createOrders([d], by: "cashier", channel: .integration)).items.map(\.problem.field)
        }
        var d = Self.draft("X1"); d.currency = .named("USD")!
        #expect(try fields(d) == ["currency"])
        #expect(try fields(Self.draft("X1", expiresAt: w.clock.now())) == ["expires_at"])
        #expect(try fields(Self.draft("X1", price: OrderLimits.maxTotal, qty: 2)) == ["lines"])
        #expect(try fields(Self.draft("X1", price: 0)) == ["lines"])
        #expect(try fields(Self.draft("X1", note: String(repeating: "é", count: 501))) == ["note"])
        #expect(try fields(Self.draft("X1", type: "")) == ["type"])
        d = Self.draft("X1"); d.customer = "two\nlines"
        #expect(try fields(d) == ["customer"])
        #expect(try w.store.order(number: "X1") == nil)
        // The schema holds the same limit whoever writes.
        #expect(throws: SQLError.self) {
            try w.sqlExecute("UPDATE orders SET note = ? WHERE number = 'G001'", String(repeating: "x", count: 501))
        }
    }

    @Test func cancelRefusesWhatIsBeingPaidOrPaid() async throws {
        let w = try World()
        _ = try Self.created(w.engine.createOrders([Self.draft("C1"), Self.draft("C2"), Self.draft("C3")], by: "cashier", channel: .integration))
        let cancelled = try w.engine.cancelOrder(number: "C1", reason: "customer left", by: "cashier", channel: .integration)
        #expect(cancelled.status == .cancelled)
        #expect(try w.sqlValue(String.self, "SELECT detail FROM audit_log WHERE action = 'order.cancelled'") == "customer left")
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("C2")], online: 2_000, onlineMode: .qr(.alipay), operatorName: "alice"))
        #expect(s.paymentOrder?.state == .pending)
        #expect(throws: CashierError.self) { _ = try w.engine.cancelOrder(number: "C2", reason: "late", by: "cashier", channel: .integration) }
        do { _ = try w.engine.cancelOrder(number: "C2", reason: "late", by: "cashier", channel: .integration) } catch {
            #expect(Language.en.words(error).hasPrefix("Order C2 is being paid by counter (alice) since "))
        }
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("C3")], cash: 2_000, operatorName: "cashier"))
        #expect(Refused.of {
            _ = try w.engine.cancelOrder(number: "C3", reason: "oops", by: "cashier", channel: .integration)
        } == Refused.conflict("Order C3 is paid: request a refund instead of cancelling it."))
        #expect(throws: CashierError.self) { _ = try w.engine.cancelOrder(number: "C3", reason: "", by: "cashier", channel: .integration) }
        // An integration key never pays.
        #expect(await Refused.ofAsync {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier", channel: .integration))
        } == Refused.forbidden("An integration key cannot take payments: pay at the counter or from a payment channel."))
        #expect(try w.violations() == [])
    }

    @Test func thePollerExpiresUnpaidOrdersAndAPaymentInFlightDecides() async throws {
        let w = try World()
        // Well inside the payment window (600 ms at this time scale): the payments are still waiting.
        let at = w.clock.now() + 100
        _ = try Self.created(w.engine.createOrders([Self.draft("E1", expiresAt: at), Self.draft("E2", expiresAt: at),
                                                    Self.draft("E3", expiresAt: at)], by: "cashier", channel: .integration))
        // E2 is being paid when its time passes: the customer pays, and it is paid.
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("E2")], online: 2_000, onlineMode: .qr(.alipay), operatorName: "cashier"))
        // E3 too, but the customer walks away: it goes back to unpaid, then the next sweep expires it.
        let s3 = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("E3")], online: 2_000, onlineMode: .qr(.wechat), operatorName: "cashier"))
        w.clock.advance(seconds: 0.2)
        let report = await w.engine.pollOnce()
        #expect(report.expired == 1)
        #expect(try w.order("E1").status == .expired)
        #expect(try w.order("E2").status == .paying)
        try w.sandbox.scan(tradeNo: s.paymentOrder!.tradeNo, outcome: .success)
        try w.sandbox.scan(tradeNo: s3.paymentOrder!.tradeNo, outcome: .abandon)
        await w.drain()
        _ = await w.engine.pollOnce()
        #expect(try w.order("E2").status == .paid)
        #expect(try w.order("E3").status == .expired)
        #expect(await Refused.ofAsync {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("E1")], cash: 2_000, operatorName: "cashier"))
        } == Refused.conflict("Order E1 has expired and cannot be paid: ask the business for a new order."))
        #expect(try w.violations() == [])
    }

    @Test func anOrderPastItsTimeIsRefusedBeforeTheSweep() async throws {
        let w = try World()
        _ = try Self.created(w.engine.createOrders([Self.draft("E9", expiresAt: w.clock.now() + 1_000)], by: "cashier", channel: .integration))
        w.clock.advance(seconds: 2)
        #expect(await Refused.ofAsync {
            _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("E9")], cash: 2_000, operatorName: "cashier"))
        } == Refused.conflict("Order E9 has expired and cannot be paid: ask the business for a new order."))
        #expect(try w.order("E9").status == .unpaid)
        #expect(w.store.nextDueTime() != nil)
    }

    @Test func theCatchUpListIsKeysetPagedByUpdateTime() throws {
        let w = try World()
        let t0 = w.clock.now()
        _ = try Self.created(w.engine.createOrders((1...7).map { Self.draft("L\($0)") }, by: "cashier", channel: .integration))
        w.clock.advance(seconds: 5)
        _ = try w.engine.cancelOrder(number: "L2", reason: "dup", by: "cashier", channel: .integration)
        var seen: [String] = []
        var after: (Millis, Int64)?
        repeat {
            let page = try w.engine.orderChanges(OrderChangesQuery(type: "fees", updatedSince: t0, after: after, limit: 3))
            seen += page.map(\.number)
            after = page.last.map { ($0.updatedAt, $0.id) }
            if page.count < 3 { break }
        } while true
        #expect(seen == ["L1", "L3", "L4", "L5", "L6", "L7", "L2"])
        #expect(try w.engine.orderChanges(OrderChangesQuery(statuses: [.cancelled], limit: 10)).map(\.number) == ["L2"])
        #expect(try w.engine.orderChanges(OrderChangesQuery(updatedSince: t0 + 1_000, limit: 10)).map(\.number) == ["L2"])
    }

    /// A cancel from the business system racing a counter payment in another process: exactly one wins.
    @Test func cancelRacingACounterPaymentExactlyOneWins() async throws {
        for round in 0..<10 {
            let w = try World()
            let number = "RACE-\(round)"
            _ = try Self.created(w.engine.createOrders([Self.draft(number)], by: "cashier", channel: .integration))
            let id = try w.id(number)
            let api = try w.otherProcess(session: "api-\(round)")
            async let paid: Bool = { do { _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 2_000, operatorName: "cashier")); return true } catch { return false } }()
            async let cancelled: Bool = { do { _ = try api.cancelOrder(number: number, reason: "race", by: "cashier", channel: .integration); return true } catch { return false } }()
            let (p, c) = await (paid, cancelled)
            #expect(p != c, "round \(round): paid \(p), cancelled \(c)")
            #expect(try w.order(number).status == (p ? .paid : .cancelled))
            #expect(try w.violations() == [])
        }
    }
}

/// The console's quick sale over the real engine: numbered by the store, audited, paid at the
/// counter, refundable and in the X report like any order.
@Suite struct QuickSaleEngineTests {
    @Test func aQuickSaleIsAnOrdinaryOrder() async throws {
        let w = try World()
        let draft = OrderDraft(number: "", type: "walk-in", customer: "", currency: .cny,
                               lines: [.init(name: "Coffee beans", quantity: 2, unitPrice: 4_500), .init(name: "Mug", quantity: 1, unitPrice: 1_250)])
        let o = try w.engine.quickSale(draft, by: "cashier")
        #expect(o.number.hasPrefix("QS-") && o.amount.minor == 10_250 && o.status == .unpaid && o.type == "walk-in")
        let again = try w.engine.quickSale(draft, by: "cashier")
        #expect(again.number != o.number)
        let audits = try w.sqlValues(String.self, "SELECT action || ' ' || actor || ' ' || subject FROM audit_log WHERE action IN ('order.created', 'order_type.added') ORDER BY id")
        #expect(audits == ["order_type.added cashier type walk-in", "order.created cashier order \(o.number)", "order.created cashier order \(again.number)"])
        // Paid at the counter, refunded in part by a supervisor, counted in the X report by its type.
        _ = try await w.engine.pay(PaymentPlan(orderIds: [o.id], cash: 10_250, operatorName: "cashier"))
        #expect(try w.order(o.number).status == .paid)
        let r = try w.engine.requestRefund(orderId: o.id, amount: 1_250, reason: "mug chipped", by: "cashier")
        _ = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        #expect(try w.order(o.number).status == .partiallyRefunded)
        let x = try w.engine.reportX(by: "cashier")
        #expect(x.byType.contains { $0.key == "walk-in" && $0.amount == 10_250 })
        // Bad input: one sentence, nothing written.
        var bad = draft
        bad.lines[0].name = String(repeating: "x", count: OrderLimits.lineName + 1)
        let before = try w.store.orderCount()
        #expect(Refused.of { try w.engine.quickSale(bad, by: "cashier") } == Refused.invalid("Line 1's name is longer than 100 characters: shorten it."))
        #expect(try w.store.orderCount() == before)
        #expect(try w.violations() == [])
    }

    /// Every reason a person types is bounded where it enters the engine (a 100 KB text is refused, not stored).
    @Test func everyTypedReasonIsBounded() async throws {
        let w = try World()
        let long = String(repeating: "r", count: OrderLimits.reason + 1)
        let refused = Refused.invalid("The reason is longer than 500 characters: shorten it.")
        let id = try w.id("G001")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: try w.order("G001").amount.minor, operatorName: "cashier"))
        let r = try w.engine.requestRefund(orderId: id, amount: 100, reason: "ok", by: "cashier")
        #expect(Refused.of { try w.engine.reject(requestId: r.id, supervisor: "supervisor", pin: "9999", reason: long) } == refused)
        #expect(Refused.of { try w.engine.cashIn(operatorName: "cashier", amount: 100, reason: long) } == refused)
        #expect(Refused.of { try w.engine.cashOut(operatorName: "cashier", amount: 100, reason: long) } == refused)
        #expect(Refused.of { try w.engine.requestRefund(orderId: id, amount: 100, reason: long, by: "cashier") } == refused)
        #expect(try w.engine.refundRequests(state: .requested, orderId: id).count == 1)
    }
}
