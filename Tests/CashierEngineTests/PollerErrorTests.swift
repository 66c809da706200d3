import CashierCore
@testable import CashierEngine
@testable import CashierStore
import GRDB
import SQLSeam
import Testing

/// The poller never drops a database error: it is counted, logged, and the items stay due for the
/// next cycle.
@Suite struct PollerErrorTests {
    @Test func aClaimThatFailsIsTriedAgainNextCycle() async throws {
        let w = try World()
        // "User paying" for 10 s, then success: the poller must come back for it.
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000,
                                                   onlineMode: .code(World.alipay(1)), operatorName: "cashier"))
        #expect(!s.isFinal)
        w.clock.advance(seconds: 12)
        // The payments' table is out of reach for a moment: claiming them fails.
        try w.sqlExecute("ALTER TABLE payment_orders RENAME TO payment_orders_away")
        let failed = await w.engine.pollOnce()
        #expect(failed.storeErrors == 1 && failed.payments == 0)
        try w.sqlExecute("ALTER TABLE payment_orders_away RENAME TO payment_orders")
        let retried = await w.engine.pollOnce()
        #expect(retried.storeErrors == 0 && retried.payments == 1 && retried.settled == 1)
        #expect(try w.engine.snapshot(checkoutId: s.checkout.id).checkout.state == .succeeded)
        #expect(try w.violations() == [])
    }
}
