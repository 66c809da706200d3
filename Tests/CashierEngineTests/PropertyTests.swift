import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import PaymentPlatform
import Testing

/// Random sequences of everything a counter does, on seeded generators so a failing seed can be
/// replayed alone. After every step every invariant must hold; at the end nothing is left unfinished
/// and the store agrees with the platform.
///
/// `CASHIER_PROPERTY_SEEDS` sets how many seeds (default 300; `.ci/property-seeds` runs 2,000 both in
/// parallel and serialized). However many cases the runner starts at once, only `worlds` of them hold
/// a world (its files and connections) at a time, and each closes its world when done.
@Suite struct PropertyTests {
    static let seeds: [UInt64] = {
        let n = ProcessInfo.processInfo.environment["CASHIER_PROPERTY_SEEDS"].flatMap(Int.init) ?? 300
        return (0..<UInt64(n)).map { $0 }
    }()

    static let worlds = AsyncGate(limit: max(2, 2 * ProcessInfo.processInfo.activeProcessorCount))

    @Test(arguments: seeds)
    func randomSequencesKeepEveryInvariant(seed: UInt64) async throws {
        try await Self.worlds.withSlot { try await run(seed: seed) }
    }

    func run(seed: UInt64) async throws {
        let w = try World(orders: (1...12).map { i in
            (String(format: "%@%03d", ["G", "S", "M", "D"][i % 4], i), ["goods", "service", "membership", "deposit"][i % 4], Int64(1 + (i * 7_919) % 40_000))
        }, bothPlatforms: true)
        defer { w.close() }
        try w.store.addCoupon(code: "BIG", value: Money(minor: 100_000, currency: .cny), expiresAt: w.clock.now() + 86_400_000)
        var rng = SeededRandom(seed: seed)
        var log: [String] = []
        for step in 0..<30 {
            let op = Int(rng.next() % 108)
            let did = try await perform(op, w, &rng)
            log.append("\(step): \(did)")
            let v = try w.violations()
            if !v.isEmpty {
                Issue.record("seed \(seed) after \(log.joined(separator: "; ")): \(v)")
                return
            }
        }
        await w.drain()
        if ProcessInfo.processInfo.environment["CASHIER_PROPERTY_LOG"] != nil { print("seed \(seed):\n  " + log.joined(separator: "\n  ")) }
        try finalChecks(w, seed: seed, log: log)
    }

    func perform(_ op: Int, _ w: World, _ rng: inout SeededRandom) async throws -> String {
        switch op {
        case 0..<30: return try await pay(w, &rng)
        case 30..<38: return try await repay(w, &rng)
        case 38..<43: return try await cancel(w, &rng)
        case 43..<48: return try scan(w, &rng)
        case 48..<63:
            let seconds = Double(rng.next() % 60) / 100
            await w.settle(advanceSeconds: seconds)
            return "poll after \(seconds)s"
        case 63..<75: return try request(w, &rng)
        case 75..<87: return try await decide(w, &rng)
        case 87..<90: return try await retryRefund(w, &rng)
        case 90..<93:
            try w.restart()
            return "restart"
        case 93..<95: return try await lateReport(w, &rng)
        case 95..<96: return try cancelOrder(w, &rng)
        case 96..<100: return try await race(w, &rng)
        case 100..<104: return try moveCash(w, &rng)
        default: return try closeOrReopen(w, &rng)
        }
    }

    /// Cash in or out of a cashier's drawer: refused without an open shift or beyond what it holds.
    func moveCash(_ w: World, _ rng: inout SeededRandom) throws -> String {
        let who = rng.next() % 2 == 0 ? "cashier" : "alice"
        let amount = 1 + Int64(rng.next() % 60_000)
        let out = rng.next() % 2 == 0
        let shift = try w.engine.openShift(of: who)
        let held = try shift.map { try w.engine.drawer(shiftId: $0.id).expected }
        do {
            let m = try out ? w.engine.cashOut(operatorName: who, amount: amount, reason: "bank drop")
                            : w.engine.cashIn(operatorName: who, amount: amount, reason: "change float")
            #expect(shift != nil && (!out || amount <= held!), "a cash move without a shift or beyond the drawer was accepted")
            return "\(who) cash \(out ? "out" : "in") \(amount) on shift \(m.shiftId)"
        } catch {
            #expect(shift == nil || (out && amount > held!), "a cash move was refused: \(Language.en.words(error))")
            return "\(who) cash move refused: \(Language.en.words(error))"
        }
    }

    /// Closes a cashier's open shift with a count near the expected drawer (a supervisor approves
    /// a large difference), or opens a new one: counter payments in between need it.
    func closeOrReopen(_ w: World, _ rng: inout SeededRandom) throws -> String {
        let who = rng.next() % 2 == 0 ? ("cashier", "1111", "till-1") : ("alice", "2222", "till-2")
        guard let shift = try w.engine.openShift(of: who.0) else {
            let s = try w.engine.openShift(operatorName: who.0, pin: who.1, float: Int64(rng.next() % 100_000), terminal: who.2)
            return "\(who.0) opens shift \(s.id)"
        }
        let drawer = try w.engine.drawer(shiftId: shift.id)
        let off = Int64(rng.next() % 3_000)
        let count = DrawerCount.greedy(drawer.expected + off, currency: .cny)
        let needsSupervisor = abs(count.total - drawer.expected) > w.engine.config.overShortLimit
        do {
            let closed = try w.engine.closeShift(closer: who.0, pin: who.1,
                                                 supervisor: needsSupervisor ? Credentials(user: "supervisor", pin: "9999") : nil, count: count)
            #expect(drawer.inFlight.isEmpty, "a shift closed with a payment in flight")
            #expect(closed.overShort == count.total - drawer.expected)
            return "\(who.0) closes shift \(shift.id) (\(closed.overShort ?? 0))"
        } catch {
            #expect(!drawer.inFlight.isEmpty, "closing shift \(shift.id) was refused: \(Language.en.words(error))")
            return "\(who.0) close refused: \(Language.en.words(error))"
        }
    }

    /// Alipay and WeChat codes through the router, now and then a UnionPay one (no platform: refused).
    func code(_ digit: Int, _ n: Int, _ rng: inout SeededRandom) -> String {
        switch rng.next() % 9 {
        case 0: return World.unionpay(digit, n)
        case 1...4: return World.wechat(digit, n)
        default: return World.alipay(digit, n)
        }
    }

    func unpaid(_ w: World) throws -> [OrderRecord] { try w.store.orders(OrderFilter(statuses: [.unpaid], limit: 100)) }

    func pay(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        let open = try unpaid(w)
        guard !open.isEmpty else { return "pay: nothing unpaid" }
        let count = min(open.count, 1 + Int(rng.next() % 3))
        let chosen = Array(open.shuffled(using: &rng).prefix(count))
        let total = chosen.reduce(0) { $0 + $1.amount.minor }
        let coupon = rng.next() % 4 == 0 ? min(total, Int64(rng.next() % 5_000)) : 0
        let cash = Int64(rng.next() % UInt64(total - coupon + 1))
        let online = total - coupon - cash
        let digit = Int(rng.next() % 8)
        let mode: PaymentPlan.Online = online == 0 ? .none
            : (rng.next() % 5 == 0 ? .qr(rng.next() % 2 == 0 ? .alipay : .wechat) : .code(code(digit, Int(rng.next() % 1_000_000), &rng)))
        let broken = rng.next() % 10 == 0  // amounts that do not add up: refused, nothing written
        let plan = PaymentPlan(orderIds: chosen.map(\.id), coupon: coupon, couponCode: coupon > 0 ? "BIG" : nil,
                               cash: cash + (broken ? 1 : 0), tendered: cash + Int64(rng.next() % 10_000), online: online,
                               onlineMode: mode, operatorName: rng.next() % 2 == 0 ? "cashier" : "alice")
        let audit = try w.store.auditCount()
        do {
            let s = try await w.engine.pay(plan)
            #expect(!broken, "a plan that does not add up was accepted")
            return "pay \(chosen.map(\.number)) \(mode) → \(s.checkout.state)"
        } catch {
            #expect(try w.store.auditCount() == audit, "a refused payment wrote to the audit log: \(Language.en.words(error))")
            return "pay refused: \(Language.en.words(error))"
        }
    }

    func repay(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        let failed = try w.sqlValues(Int64.self, """
            SELECT c.id FROM checkouts c WHERE c.state = 'failed'
            AND NOT EXISTS (SELECT 1 FROM checkout_orders co JOIN orders o ON o.id = co.order_id
                            WHERE co.checkout_id = c.id AND o.status != 'unpaid')
            ORDER BY c.id
            """)
        guard let id = failed.randomElement(using: &rng) else { return "repay: none failed" }
        do {
            let s = try await w.engine.repay(checkoutId: id, code: World.wechat(Int(rng.next() % 8), Int(rng.next() % 1_000_000)), operatorName: "cashier")
            return "repay \(id) → \(s.checkout.state)"
        } catch {
            return "repay \(id) refused: \(Language.en.words(error))"
        }
    }

    func cancel(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        let open = try w.sqlValues(Int64.self, "SELECT id FROM checkouts WHERE state = 'open' ORDER BY id")
        guard let id = open.randomElement(using: &rng) else { return "cancel: none open" }
        do {
            let s = try await w.engine.cancel(checkoutId: id, by: "cashier")
            return "cancel \(id) → \(s.paymentOrder?.state.rawValue ?? "-")"
        } catch {
            return "cancel \(id) refused: \(Language.en.words(error))"
        }
    }

    func scan(_ w: World, _ rng: inout SeededRandom) throws -> String {
        let qr = try w.sqlValues(String.self, "SELECT trade_no FROM payment_orders WHERE mode = 'qr' AND state = 'pending' ORDER BY id")
        guard let trade = qr.randomElement(using: &rng) else { return "scan: no QR waiting" }
        let outcome = [SandboxOutcome.success, .fail, .abandon][Int(rng.next() % 3)]
        do {
            try w.sandbox.scan(tradeNo: trade, outcome: outcome)
            return "scan \(trade) \(outcome)"
        } catch {
            return "scan \(trade) refused: \(error)"
        }
    }

    func request(_ w: World, _ rng: inout SeededRandom) throws -> String {
        let paid = try w.store.orders(OrderFilter(statuses: [.paid, .partiallyRefunded], limit: 100))
        guard let o = paid.randomElement(using: &rng) else { return "request: nothing paid" }
        let over = rng.next() % 8 == 0
        let amount = over ? o.refundable + 1 : 1 + Int64(rng.next() % UInt64(max(1, o.refundable)))
        do {
            let r = try w.engine.requestRefund(orderId: o.id, amount: amount, reason: "test", by: "cashier")
            #expect(!over || amount <= o.refundable, "an over-refund request was accepted")
            return "request \(o.number) \(amount) → \(r.id)"
        } catch {
            return "request \(o.number) \(amount) refused: \(Language.en.words(error))"
        }
    }

    func decide(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        let open = try w.store.refundRequests(state: .requested)
        guard let r = open.randomElement(using: &rng) else { return "decide: no requests" }
        let roll = rng.next() % 6
        do {
            if roll == 0 {
                _ = try w.engine.reject(requestId: r.id, supervisor: "supervisor", pin: "9999", reason: "no")
                return "reject \(r.id)"
            }
            let who = roll == 1 ? ("cashier", "1111") : ("supervisor", "9999")
            let ros = try await w.engine.approve(requestId: r.id, supervisor: who.0, pin: who.1)
            #expect(who.0 == "supervisor", "a cashier approved a refund")
            return "approve \(r.id) → \(ros.map { "\($0.method.rawValue):\($0.state.rawValue)" })"
        } catch {
            return "decide \(r.id) refused: \(Language.en.words(error))"
        }
    }

    func retryRefund(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        let failed = try w.sqlValues(Int64.self, "SELECT id FROM refund_orders WHERE state = 'failed' ORDER BY id")
        guard let id = failed.randomElement(using: &rng) else { return "retry: no failed refund" }
        do {
            let ro = try await w.engine.retryRefund(refundOrderId: id, supervisor: "supervisor", pin: "9999")
            return "retry \(id) → \(ro.state)"
        } catch {
            return "retry \(id) refused: \(Language.en.words(error))"
        }
    }

    /// A platform reports success for any payment, final or not (a delayed or forged report):
    /// it may settle an open one, never a failed or closed one.
    func lateReport(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        let trades = try w.sqlValues(String.self, "SELECT trade_no FROM payment_orders ORDER BY id")
        guard let trade = trades.randomElement(using: &rng) else { return "late report: no payments" }
        let before = try w.store.paymentOrder(tradeNo: trade)?.state
        do {
            let r = try await w.engine.platformReportedSuccess(tradeNo: trade, platformTradeNo: "LATE")
            let after = try w.store.paymentOrder(tradeNo: trade)?.state
            if before == .failed || before == .closed { #expect(after == before, "a final payment moved on a late report") }
            return "late report \(trade) (\(before?.rawValue ?? "?")) → \(r)"
        } catch {
            return "late report \(trade) refused: \(error)"
        }
    }

    func cancelOrder(_ w: World, _ rng: inout SeededRandom) throws -> String {
        guard let o = try unpaid(w).randomElement(using: &rng) else { return "cancel order: nothing unpaid" }
        do {
            _ = try w.store.cancelOrder(id: o.id, by: "cashier", channel: .counter)
            return "cancel order \(o.number)"
        } catch {
            return "cancel order \(o.number) refused: \(error)"
        }
    }

    /// Two processes pay the same order at once. What must hold: never two payments open at once for
    /// the order, never two that succeed. Both may open one, one after the other, when the first is
    /// declined before the second starts (a failed checkout is final, so the one that lost is failed).
    func race(_ w: World, _ rng: inout SeededRandom) async throws -> String {
        guard let o = try unpaid(w).randomElement(using: &rng) else { return "race: nothing unpaid" }
        let web = try w.otherProcess(session: "web-\(rng.next() % 1000)")
        let app = try w.otherProcess(session: "app-\(rng.next() % 1000)")
        let code1 = World.alipay(Int(rng.next() % 8), 1), code2 = World.wechat(Int(rng.next() % 8), 2)
        async let a = try? web.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: .code(code1), operatorName: "alice", channel: .web))
        async let b = try? app.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: .code(code2), operatorName: "cashier", channel: .app))
        let results = [await a, await b].compactMap { $0 }
        let live = results.filter { $0.checkout.state != .failed }
        #expect(live.count <= 1, "two payments for \(o.number) were open or succeeded together: \(results.map { "\($0.checkout.id) \($0.checkout.state)" })")
        let succeeded = try w.sqlValue(Int.self, """
            SELECT COUNT(*) FROM checkouts c JOIN checkout_orders co ON co.checkout_id = c.id
            WHERE co.order_id = ? AND c.state = 'succeeded'
            """, o.id) ?? 0
        #expect(succeeded <= 1, "\(o.number) was paid by \(succeeded) checkouts")
        return "race \(o.number): \(results.count) opened (\(results.map(\.checkout.state.rawValue)))"
    }

    func finalChecks(_ w: World, seed: UInt64, log: [String]) throws {
        let leftovers = (try w.sqlValue(Int.self, "SELECT COUNT(*) FROM payment_orders WHERE state IN ('created','pending','closing')") ?? 0)
            + (try w.sqlValue(Int.self, "SELECT COUNT(*) FROM refund_orders WHERE state IN ('created','processing')") ?? 0)
            + (try w.sqlValue(Int.self, "SELECT COUNT(*) FROM orders WHERE status = 'paying'") ?? 0)
        #expect(leftovers == 0, "seed \(seed): unfinished work after draining: \(log)")
        #expect(try w.violations() == [], "seed \(seed)")
        // The store and the platform agree on every trade.
        let payments = try w.sqlRows("SELECT id, trade_no, state, amount FROM payment_orders ORDER BY id")
        let reviewed = Set(try w.store.openReviewItems().compactMap(\.paymentOrderId))
        for row in payments {
            let p = (id: try row.get("id", as: Int64.self), tradeNo: try row.get("trade_no", as: String.self))
            let trade = try w.sandbox.trade(tradeNo: p.tradeNo)
            let state: String = try row.get("state")
            let paidThere = trade.map { [.succeeded, .refunded].contains($0.status) && !$0.reversed } ?? false
            if state == "succeeded" {
                #expect(paidThere, "seed \(seed): \(p.tradeNo) succeeded here but not at the platform")
            } else {
                #expect(!paidThere || reviewed.contains(p.id), "seed \(seed): \(p.tradeNo) \(state) here but paid at the platform")
            }
            let refundedHere = try w.sqlValue(Int64.self, "SELECT COALESCE(SUM(amount), 0) FROM refund_orders WHERE trade_no = ? AND state = 'succeeded'", p.tradeNo) ?? 0
            #expect((trade?.refunded.minor ?? 0) == refundedHere, "seed \(seed): refunds of \(p.tradeNo) disagree")
        }
    }
}

typealias SandboxOutcome = ScanOutcome
