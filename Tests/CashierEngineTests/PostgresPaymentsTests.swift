import CashierCore
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// The payment path (order intake, checkouts, settlement, the poller's claims) on a PostgreSQL
/// store made by `cashier store init`'s migrations; races between hosts are independent
/// connection pools on threads of their own.
@Suite struct PostgresPaymentsTests {
    static let ann = Holder(owner: "ann", channel: .web, session: "ann-1")

    /// A fresh PostgreSQL store with one enabled user, `ann`; its location, for more hosts.
    func store() throws -> (PostgresDatabase, PostgresLocation) {
        let l = try PostgresTestServer.shared().database()
        let url = "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)"
        #expect(try Store.initialize(at: url).kind == .created)
        let db = host(l)
        try db.write { x in try x.execute("INSERT INTO users (name, role, pin_hash) VALUES ('ann', 'cashier', 'x')") }
        return (db, l)
    }

    func host(_ l: PostgresLocation) -> PostgresDatabase {
        PostgresDatabase(l, connections: 2, changeCounter: PostgresSchema.changeCounter)
    }

    func orders(_ db: PostgresDatabase, _ prices: [Int64], prefix: String = "P-") throws -> [Int64] {
        let drafts = prices.enumerated().map { i, p in
            OrderDraft(number: "\(prefix)\(i + 1)", type: "fees", customer: "Chen", currency: .cny, lines: [.init(name: "fee", quantity: 1, unitPrice: p)])
        }
        return try db.write(.serialized(key: Store.auditChain)) { x in
            try Store.createOrders(x, drafts, actor: "ann", channel: .web, now: 1_000).map(\.order.id)
        }
    }

    func online(_ ids: [Int64], _ amount: Int64, _ holder: Holder = ann, firstQuery: Millis = 5_000) -> CheckoutSpec {
        CheckoutSpec(orderIds: ids, coupon: 0, couponCode: nil, cash: 0, tendered: 0, online: amount,
                     onlineMode: .code(platform: .alipay, masked: "28****1234"), holder: holder, lockTTL: 60_000,
                     paymentWindow: 120_000, firstQueryDelay: firstQuery)
    }

    @Test(.postgres) func aCheckoutIsOpenedSettledAndFinished() throws {
        let (db, _) = try store()
        defer { db.close() }
        let ids = try orders(db, [1_200, 800])
        // The same numbers again with the same content: answered as stored, nothing new.
        let again = try db.write(.serialized(key: Store.auditChain)) { x in
            try Store.createOrders(x, [OrderDraft(number: "P-1", type: "fees", customer: "Chen", currency: .cny,
                                                  lines: [.init(name: "fee", quantity: 1, unitPrice: 1_200)])], actor: "ann", channel: .web, now: 1_500)
        }
        #expect(again.map(\.created) == [false] && again[0].order.id == ids[0])
        let started = try db.write(.serialized(key: Store.auditChain)) { x in try Store.startCheckout(x, online(ids, 2_000), now: 2_000) }
        let po = try #require(started.paymentOrder)
        #expect(po.state == .created && po.amount.minor == 2_000 && po.tradeNo == Store.tradeNumber(started.checkoutId))
        #expect(started.view.shares.map(\.order.status) == [.paying, .paying] && started.view.shares.map(\.online) == [1_200, 800])
        // Another session cannot pay or cancel them meanwhile.
        let bob = Holder(owner: "ann", channel: .app, session: "other")
        let paying = #expect(throws: CashierError.self) {
            try db.write(.serialized(key: Store.auditChain)) { x in try Store.startCheckout(x, online([ids[1]], 800, bob), now: 2_500) }
        }
        #expect(paying?.key == "refusal.order.being_paid")
        let cancelling = #expect(throws: CashierError.self) {
            try db.write(.serialized(key: Store.auditChain)) { x in try Store.cancelOrder(x, id: ids[0], by: "ann", channel: .web, reason: "", now: 2_500) }
        }
        #expect(cancelling?.key == "refusal.order.being_paid_cancel")

        #expect(try db.write(.serialized(key: Store.auditChain)) { x in
            try Store.paymentSucceeded(x, id: po.id, platformTradeNo: "ALI-1", now: 3_000)
        } == .applied)
        #expect(try db.write(.serialized(key: Store.auditChain)) { x in
            try Store.paymentSucceeded(x, id: po.id, platformTradeNo: "ALI-1", now: 3_100)
        } == .duplicate)
        let view = try #require(try db.read { x in try Store.checkoutView(x, id: started.checkoutId) })
        #expect(view.checkout.state == .succeeded && view.checkout.finishedAt == 3_000)
        #expect(view.paymentOrder?.state == .succeeded && view.paymentOrder?.platformTradeNo == "ALI-1")
        #expect(view.shares.map(\.order.status) == [.paid, .paid] && view.shares.map(\.order.paid) == [1_200, 800])
        let (locks, open, details) = try db.read { x in
            (try x.value(Int.self, "SELECT COUNT(*) FROM order_locks"),
             try x.value(Int.self, "SELECT COUNT(*) FROM checkout_orders WHERE open = 1"),
             try x.rows("SELECT state FROM payment_details ORDER BY id").map { try $0.get("state", as: String.self) })
        }
        #expect(locks == 0 && open == 0 && details == ["succeeded", "succeeded"])
        let actions = try db.read { x in try x.rows("SELECT action FROM audit_log ORDER BY id").map { try $0.get("action", as: String.self) } }
        #expect(actions == ["order_type.added", "orders.created", "checkout.started", "payment.succeeded"])
        #expect(try db.read { try AuditLog.verify($0) } == [])
    }

    @Test(.postgres) func twoHostsPayingTheSameOrdersMakeExactlyOnePaymentEach() throws {
        let (setup, l) = try store()
        let ids = try orders(setup, Array(repeating: 500, count: 20))
        setup.close()
        let hosts = [host(l), host(l)]
        defer { hosts.forEach { $0.close() } }
        let won = Tally(), refused = Tally(), failed = Tally()
        for id in ids {
            let start = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for (h, db) in hosts.enumerated() {
                group.enter()
                Thread {
                    defer { group.leave() }
                    start.wait()
                    let holder = Holder(owner: "ann", channel: .web, session: "host-\(h)")
                    do {
                        _ = try db.write(.serialized(key: Store.auditChain)) { x in try Store.startCheckout(x, online([id], 500, holder), now: 2_000) }
                        won.add("\(id)")
                    } catch is CashierError {
                        refused.add("\(id)")
                    } catch {
                        failed.add("\(id): \(error)")
                    }
                }.start()
            }
            start.signal(); start.signal()
            group.wait()
        }
        #expect(failed.all.isEmpty, "\(failed.all)")
        #expect(won.all.sorted() == ids.map { "\($0)" }.sorted(), "each order paid by exactly one host: \(won.all)")
        #expect(refused.all.count == ids.count)
        let db = host(l)
        defer { db.close() }
        let (payments, perOrder) = try db.read { x in
            (try x.value(Int.self, "SELECT COUNT(*) FROM payment_orders"),
             try x.value(Int.self, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM checkout_orders GROUP BY order_id) AS per_order"))
        }
        #expect(payments == ids.count && perOrder == 1)
        #expect(try db.read { try AuditLog.verify($0) } == [])
    }

    @Test(.postgres) func pollersNeverClaimTheSamePayment() throws {
        let (setup, l) = try store()
        let ids = try orders(setup, Array(repeating: 300, count: 60))
        // Due at once (first query at the start), one payment per order.
        let payments = try ids.map { id in
            try setup.write(.serialized(key: Store.auditChain)) { x in try Store.startCheckout(x, online([id], 300, firstQuery: 0), now: 2_000) }
                .paymentOrder!.id
        }
        setup.close()
        let hosts = (0..<3).map { _ in host(l) }
        defer { hosts.forEach { $0.close() } }
        let claimed = Tally(), failed = Tally()
        let group = DispatchGroup()
        for (h, db) in hosts.enumerated() {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    while true {
                        let got = try db.write { x in try Store.claimDuePayments(x, owner: "poller-\(h)", lease: 60_000, limit: 4, now: 10_000) }
                        if got.isEmpty { return }
                        for p in got { claimed.add("\(p.id)") }
                    }
                } catch {
                    failed.add("host \(h): \(error)")
                }
            }.start()
        }
        group.wait()
        #expect(failed.all.isEmpty, "\(failed.all)")
        #expect(claimed.all.count == payments.count, "\(claimed.all.count) claims of \(payments.count) payments")
        #expect(Set(claimed.all) == Set(payments.map { "\($0)" }), "a payment was claimed twice or not at all")
        // Leased until 70,000: nothing is due again before then, and everything is after.
        let db = host(l)
        defer { db.close() }
        #expect(try db.write { x in try Store.claimDuePayments(x, owner: "late", lease: 60_000, limit: 100, now: 69_999) }.isEmpty)
        #expect(try db.write { x in try Store.claimDuePayments(x, owner: "late", lease: 60_000, limit: 100, now: 70_000) }.count == payments.count)
    }
}

final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.withLock { list.append(s) } }
    var all: [String] { lock.withLock { list } }
}
