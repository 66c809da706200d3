import CashierCore
import CashierEngine
import Foundation
import PaymentPlatform

/// The bench's counter: its payments' shift is open on this terminal (the console bench uses another).
let benchTerminal = "bench-till"

/// Unpaid orders as (id, amount), oldest first.
func unpaid(_ engine: Engine, _ limit: Int) throws -> [(Int64, Int64)] {
    try engine.orders(OrderFilter(statuses: [.unpaid], limit: limit)).map { ($0.id, $0.amount.minor) }
}

// The loops run off the main actor, as the engine's callers do (a server's handlers, the
// console's effect thread): the figure is the engine's, without a hop back per payment.

/// Pays each order in cash, one checkout each; returns the seconds taken.
func cashPayments(_ engine: Engine, _ orders: [(Int64, Int64)]) async throws -> Double {
    try await secondsAsync {
        for (id, amount) in orders {
            let s = try await engine.pay(PaymentPlan(orderIds: [id], cash: amount, operatorName: "cashier"))
            precondition(s.checkout.state == .succeeded)
        }
    }
}

/// Pays each order a third in cash and the rest by a payment code the sandbox accepts at once.
func settledPayments(_ engine: Engine, _ orders: [(Int64, Int64)], codeOffset: Int = 0) async throws -> Double {
    try await secondsAsync {
        for (n, (id, amount)) in orders.enumerated() {
            let code = "28" + String(format: "%015d", n + codeOffset) + "0"
            let cash = amount / 3
            let s = try await engine.pay(PaymentPlan(orderIds: [id], cash: cash, online: amount - cash, onlineMode: .code(code),
                                                     operatorName: "cashier"))
            precondition(s.checkout.state == .succeeded)
        }
    }
}

/// One poller cycle with `due` payments waiting on their customers (the engine's store already
/// holds the unpaid orders): the seconds it took and how many payments it queried.
func pollerCycle(_ engine: Engine, due dueCount: Int) async throws -> (Double, Int) {
    let due = try engine.orders(OrderFilter(statuses: [.unpaid], limit: dueCount))
    for (n, o) in due.enumerated() {
        // "User paying" with a long wait: every cycle queries and reschedules all of them.
        let code = "13" + String(format: "%015d", n) + "4"
        _ = try await engine.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor, onlineMode: .code(code), operatorName: "cashier"))
    }
    try await Task.sleep(nanoseconds: 3_100_000_000)  // the first query is due after 3 s
    var report = PollReport()
    let t = await secondsAsync { report = await engine.pollOnce(limit: dueCount) }
    return (t, report.payments)
}
