import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import PaymentPlatform
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// A payment whose COMMIT is cut between the engine and PostgreSQL (`CommitCutProxy`): the engine
/// cannot know whether it was recorded. The caller is told exactly that — never "failed", which
/// invites taking the money again — and the store decides the retry: refused as paid when the
/// COMMIT went through, taken once when it did not. The store's invariants hold either way.
@Suite struct CommitCutPaymentTests {
    /// A PostgreSQL store made by `Store.initialize`, reached through the proxy by one engine at a
    /// counter with its shift open, and the test's own direct store to read what was committed.
    final class Lane: @unchecked Sendable {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-cut-\(UUID().uuidString)").path
        let proxy: CommitCutProxy
        let store: Store
        let direct: Store
        let engine: Engine
        let clock = ManualClock()

        init() throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let location = try PostgresTestServer.shared().storeDatabase { url in _ = try Store.initialize(at: url) }
            proxy = try CommitCutProxy(to: location)
            store = try Store(path: PostgresTestServer.url(proxy.location), clock: clock, filesFolder: dir)
            direct = try Store(path: PostgresTestServer.url(location), clock: clock, filesFolder: dir)
            let sandbox = try SandboxPlatform(path: dir + "/sandbox.sqlite", clock: clock, timeScale: TimeScale(0.01))
            var config = EngineConfig(timeScale: TimeScale(0.01))
            config.terminal = "till-1"
            config.pinRounds = 1_000
            engine = Engine(store: store, platform: sandbox, config: config, session: "lane-1")
            try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: 1_000)
            _ = try store.openShift(terminal: "till-1", operatorName: "cashier", float: 50_000)
            try store.insertOrders([NewOrder(number: "G001", type: "goods", customer: "Chen", currency: .cny,
                                             lines: [(name: "item", quantity: 1, unitPrice: 10_000)], createdAt: clock.now())])
        }

        func close() {
            engine.receiptQueue.drain()
            store.close(); direct.close(); proxy.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }

        var order: OrderRecord { get throws { try #require(try direct.order(number: "G001")) } }

        func payCash() async throws -> PaymentSnapshot {
            try await engine.pay(PaymentPlan(orderIds: [try order.id], cash: 10_000, tendered: 20_000, operatorName: "cashier"))
        }

        /// The checkouts that took money for the order, as the server holds them.
        func succeededCheckouts() throws -> Int {
            try direct.read { x in
                try x.value(Int.self, """
                    SELECT COUNT(*) FROM checkouts c JOIN checkout_orders co ON co.checkout_id = c.id
                    WHERE co.order_id = ? AND c.state = 'succeeded'
                    """, try order.id) ?? -1
            }
        }
    }

    /// Pays with the COMMIT of the checkout's transaction cut; returns the refusal the caller got.
    func cutPayment(_ lane: Lane, _ cut: CommitCutProxy.Cut) async throws -> CashierError? {
        lane.proxy.arm(cut, marker: "INSERT INTO checkouts")
        let refusal = await #expect(throws: CashierError.self) { _ = try await lane.payCash() }
        #expect(lane.proxy.cuts == 1, "the COMMIT was not cut")
        // Not a "failed" nor "could not be written": the caller is told the outcome is unknown,
        // and to look before taking the money again.
        #expect(refusal?.key == "refusal.outcome_unknown", "\(String(describing: refusal))")
        return refusal
    }

    @Test(.postgres) func aCashPaymentWhoseCommitWentThroughIsPaidOnceAndItsRetryRefused() async throws {
        let lane = try Lane()
        defer { lane.close() }
        _ = try await cutPayment(lane, .afterServerCommits)
        // The server did commit it: the order is paid, by one checkout, and the store is whole.
        #expect(try lane.order.status == .paid)
        #expect(try lane.succeededCheckouts() == 1)
        let held = try lane.direct.checkInvariants().map(\.description)
        #expect(held == [], "\(held)")
        // The cashier tries again (the same engine: its connection comes back): refused as paid.
        let again = await #expect(throws: CashierError.self) { _ = try await lane.payCash() }
        #expect(again?.key == "refusal.checkout.order_paid", "\(String(describing: again))")
        #expect(try lane.succeededCheckouts() == 1)
        let whole = try lane.store.checkInvariants().map(\.description)
        #expect(whole == [], "\(whole)")
    }

    @Test(.postgres) func aCashPaymentWhoseCommitNeverArrivedIsTakenOnceOnTheRetry() async throws {
        let lane = try Lane()
        defer { lane.close() }
        _ = try await cutPayment(lane, .beforeServer)
        // Rolled back: nothing of it is in the store.
        #expect(try lane.order.status == .unpaid)
        #expect(try lane.succeededCheckouts() == 0)
        let held = try lane.direct.checkInvariants().map(\.description)
        #expect(held == [], "\(held)")
        // The retry is taken, once.
        let paid = try await lane.payCash()
        #expect(paid.checkout.state == .succeeded && paid.checkout.changeDue == 10_000)
        #expect(try lane.order.status == .paid)
        #expect(try lane.succeededCheckouts() == 1)
        let whole = try lane.store.checkInvariants().map(\.description)
        #expect(whole == [], "\(whole)")
    }
}
