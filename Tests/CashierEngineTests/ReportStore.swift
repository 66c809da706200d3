import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import Testing

/// Builds random stores for the report tests: mixed payments by two cashiers and the web,
/// re-payments, declined and closed online payments, partial and full refunds, cash in/out,
/// the clock running across days. Seeded, so a failing seed replays alone.
struct ReportStore {
    let w: World
    var rng: SeededRandom

    init(seed: UInt64) throws {
        w = try World(orders: (1...40).map { i in
            (String(format: "%@%03d", ["G", "S", "M", "D"][i % 4], i), ["goods", "service", "membership", "deposit"][i % 4], Int64(100 + (i * 7_919) % 30_000))
        })
        try w.store.addCoupon(code: "BIG", value: Money(minor: 200_000, currency: .cny), expiresAt: w.clock.now() + 30 * 86_400_000)
        rng = SeededRandom(seed: seed)
    }

    static let cashiers = [("cashier", "1111", "till-1"), ("alice", "2222", "till-2")]

    /// `steps` random actions, each carried to its end (the poller drains), the clock moving on.
    mutating func run(steps: Int) async throws {
        for _ in 0..<steps {
            switch rng.next() % 10 {
            case 0..<5: try await pay()
            case 5: try await repay()
            case 6, 7: try await refund()
            default: try moveCash()
            }
            await w.drain()
            w.clock.advance(seconds: Double(rng.next() % 1_800))
        }
    }

    mutating func pay() async throws {
        let open = try w.store.orders(OrderFilter(statuses: [.unpaid], limit: 100))
        guard !open.isEmpty else { return }
        let chosen = Array(open.shuffled(using: &rng).prefix(1 + Int(rng.next() % 2)))
        let total = chosen.reduce(0) { $0 + $1.amount.minor }
        let who = Self.cashiers[Int(rng.next() % 2)].0
        let web = rng.next() % 5 == 0
        let coupon = !web && rng.next() % 4 == 0 ? min(total, 1 + Int64(rng.next() % 3_000)) : 0
        let cash = web ? 0 : Int64(rng.next() % UInt64(total - coupon + 1))
        let online = total - coupon - cash
        let digit = [0, 0, 0, 1, 2, 4][Int(rng.next() % 6)]
        let plan = PaymentPlan(orderIds: chosen.map(\.id), coupon: coupon, couponCode: coupon > 0 ? "BIG" : nil, cash: cash,
                               tendered: cash + (cash > 0 ? Int64(rng.next() % 5_000) : 0), online: online,
                               onlineMode: online == 0 ? .none : .code(World.alipay(digit, Int(rng.next() % 1_000_000))),
                               operatorName: who, channel: web ? .web : .counter)
        _ = try? await w.engine.pay(plan)
    }

    mutating func repay() async throws {
        let failed = try w.sqlValues(Int64.self, """
            SELECT c.id FROM checkouts c WHERE c.state = 'failed' AND c.channel = 'counter'
            AND NOT EXISTS (SELECT 1 FROM checkout_orders co JOIN orders o ON o.id = co.order_id WHERE co.checkout_id = c.id AND o.status != 'unpaid')
            ORDER BY c.id
            """)
        guard let id = failed.randomElement(using: &rng) else { return }
        _ = try? await w.engine.repay(checkoutId: id, code: World.wechat(0, Int(rng.next() % 1_000_000)), operatorName: "cashier")
    }

    mutating func refund() async throws {
        let paid = try w.store.orders(OrderFilter(statuses: [.paid, .partiallyRefunded], limit: 100))
        guard let o = paid.randomElement(using: &rng), o.refundable > 0 else { return }
        let amount = rng.next() % 2 == 0 ? o.refundable : 1 + Int64(rng.next() % UInt64(o.refundable))
        let who = Self.cashiers[Int(rng.next() % 2)].0
        guard let r = try? w.engine.requestRefund(orderId: o.id, amount: amount, reason: "returned", by: who) else { return }
        _ = try? await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
    }

    mutating func moveCash() throws {
        let who = Self.cashiers[Int(rng.next() % 2)].0
        let amount = 1 + Int64(rng.next() % 20_000)
        if rng.next() % 2 == 0 {
            _ = try? w.engine.cashIn(operatorName: who, amount: amount, reason: "coins")
        } else {
            _ = try? w.engine.cashOut(operatorName: who, amount: amount, reason: "bank drop")
        }
    }

    /// Closes every open shift with a count near its drawer (a supervisor vouches when needed).
    mutating func closeShifts() throws {
        for s in try w.engine.shifts(openOnly: true) {
            let d = try w.engine.drawer(shiftId: s.id)
            let count = DrawerCount.greedy(d.expected + Int64(rng.next() % 2_500), currency: .cny)
            _ = try w.engine.closeShift(shiftId: s.id, closer: "supervisor", pin: "9999", count: count)
        }
    }

    func openShifts() throws {
        for (who, pin, till) in Self.cashiers {
            guard try w.engine.openShift(of: who) == nil else { continue }
            _ = try w.engine.openShift(operatorName: who, pin: pin, float: 50_000, terminal: till)
        }
    }
}
