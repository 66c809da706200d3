import CashierCore
import CashierEngine
import CashierStore
import Foundation
import PaymentPlatform

/// A fresh store and sandbox with `orders` unpaid orders and the cashier's shift open at the
/// bench's counter (counter payments take money into a drawer). `receipts: false` runs no
/// receipts worker, for counting and profiling the payment alone; `tally` counts its statements.
func makeEngine(at path: String, orders: Int, receipts: Bool = true, tally: StatementTally? = nil) throws -> Engine {
    let store = try Store(path: path + ".sqlite", mode: .createIfMissing)
    let sandbox = try SandboxPlatform(path: path + ".sandbox.sqlite")
    var config = EngineConfig(timeScale: TimeScale(1))
    config.terminal = benchTerminal
    config.receipts.enabled = receipts
    let engine = Engine(store: store, platform: sandbox, config: config)
    try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: 1_000)
    _ = try store.openShift(terminal: benchTerminal, operatorName: "cashier", float: 0)
    var batch: [NewOrder] = []
    let now = store.clock.now()
    for i in 0..<orders {
        batch.append(NewOrder(number: String(format: "B%09d", i), type: ["goods", "service", "deposit"][i % 3],
                              customer: i % 2 == 0 ? "王小明\(i % 97)" : "Customer \(i % 89)", currency: .cny,
                              lines: [(name: "item", quantity: 1, unitPrice: Int64(100 + i % 10_000))], createdAt: now))
        if batch.count == 50_000 { try store.insertOrders(batch); batch.removeAll(keepingCapacity: true) }
    }
    try store.insertOrders(batch)
    try store.checkpoint()
    if let tally { try StatementTally.trace(store, into: tally) }
    return engine
}

/// An engine on the store at `path` (made by `makeEngine(at:)`), at the same counter with the
/// receipts worker on: it writes the receipts the payments there left pending.
func receiptsWorker(at path: String) throws -> Engine {
    var config = EngineConfig(timeScale: TimeScale(1))
    config.terminal = benchTerminal
    return Engine(store: try Store(path: path + ".sqlite"), platform: try SandboxPlatform(path: path + ".sandbox.sqlite"), config: config)
}

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
