import CashierCore
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// The reports, `cashier check`'s invariants and the receipts' reads, moved onto the seam, give the
/// same answers on SQLite and PostgreSQL for the same rows. The rows are written through each
/// store's seam with the same statements (the store's own writers are not on the seam yet), past
/// both engines' triggers and constraints.
@Suite struct PostgresReportsTests {
    typealias Stores = PostgresSchemaTests.Stores

    /// Both engines' stores (PostgresSchemaTests'), holding the day below.
    func stores() throws -> Stores {
        let s = try PostgresSchemaTests().stores()
        try s.write(Self.day)
        return s
    }

    /// 2^53 + 1: a Double cannot hold it, so a sum read through floating point would show.
    static let big: Int64 = 9_007_199_254_740_993

    /// A day: a cash sale at the counter, an online sale with a coupon (of `big`), a declined
    /// online payment, a cash and an online refund, cash in and out, and a second shift closed
    /// 100 short. Every invariant holds afterwards.
    static func day(_ x: any SQLExecutor) throws {
        for sql in [
            "INSERT INTO users (name, role, pin_hash) VALUES ('ann', 'cashier', 'x'), ('boss', 'supervisor', 'x')",
            "INSERT INTO order_types (name) VALUES ('parts'), ('labour')",
            "INSERT INTO shifts (id, terminal, operator, currency, state, opening_float, opened_at) VALUES (1, 'till-1', 'ann', 'CNY', 'open', 10000, 1000)",
            "INSERT INTO cash_movements (shift_id, kind, amount, currency, at, operator) VALUES (1, 'float', 10000, 'CNY', 1000, 'ann')",
            // The cash sale.
            "INSERT INTO orders (id, number, type, customer, customer_key, amount, currency, status, created_at, updated_at) VALUES (1, 'A-1', 'parts', 'Li', 'li', 2500, 'CNY', 'unpaid', 1500, 1500)",
            """
            INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at, shift_id)
            VALUES (1, 'open', 'ann', 'counter', 'CNY', 2500, 0, 2500, 3000, 0, 'none', 2000, 1)
            """,
            "INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (1, 1, 0, 2500, 1)",
            "INSERT INTO payment_details (id, checkout_id, order_id, method, amount, currency, state) VALUES (1, 1, 1, 'cash', 2500, 'CNY', 'pending')",
            "UPDATE payment_details SET state = 'succeeded' WHERE id = 1",
            "UPDATE checkouts SET state = 'succeeded', finished_at = 2100 WHERE id = 1",
            "UPDATE checkout_orders SET open = 0 WHERE checkout_id = 1",
            "UPDATE orders SET status = 'paid', paid = 2500, updated_at = 2100 WHERE id = 1",
            "INSERT INTO cash_movements (shift_id, kind, amount, currency, checkout_id, at, operator) VALUES (1, 'sale', 3000, 'CNY', 1, 2100, 'ann'), (1, 'change', -500, 'CNY', 1, 2100, 'ann')",
            // The online sale with a coupon, from the web.
            "INSERT INTO orders (id, number, type, customer, customer_key, amount, currency, status, created_at, updated_at) VALUES (2, 'A-2', 'labour', 'Wang', 'wang', \(big), 'CNY', 'unpaid', 2500, 2500)",
            """
            INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, coupon_code, cash, tendered, online, online_mode, created_at)
            VALUES (2, 'open', 'web', 'web', 'CNY', \(big), 500, 'SAVE5', 0, 0, \(big - 500), 'code', 3000)
            """,
            "INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (2, 2, 0, \(big), 1)",
            """
            INSERT INTO payment_details (id, checkout_id, order_id, method, amount, currency, state, reference)
            VALUES (2, 2, 2, 'coupon', 500, 'CNY', 'pending', 'SAVE5'), (3, 2, 2, 'online', \(big - 500), 'CNY', 'pending', 'CSH2')
            """,
            """
            INSERT INTO payment_orders (id, checkout_id, trade_no, platform, mode, amount, currency, state, attempt, deadline, next_query_at, created_at, updated_at)
            VALUES (1, 2, 'CSH2', 'alipay', 'code', \(big - 500), 'CNY', 'pending', 1, 9000, 3050, 3000, 3000)
            """,
            "UPDATE payment_orders SET state = 'succeeded', next_query_at = NULL, updated_at = 3100 WHERE id = 1",
            "UPDATE payment_details SET state = 'succeeded' WHERE checkout_id = 2",
            "UPDATE checkouts SET state = 'succeeded', finished_at = 3100 WHERE id = 2",
            "UPDATE checkout_orders SET open = 0 WHERE checkout_id = 2",
            "UPDATE orders SET status = 'paid', paid = \(big), updated_at = 3100 WHERE id = 2",
            // The declined payment at the counter.
            "INSERT INTO orders (id, number, type, customer, customer_key, amount, currency, status, created_at, updated_at) VALUES (3, 'A-3', 'parts', 'Zhao', 'zhao', 800, 'CNY', 'unpaid', 3500, 3500)",
            """
            INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at, shift_id)
            VALUES (3, 'open', 'ann', 'counter', 'CNY', 800, 0, 0, 0, 800, 'qr', 4000, 1)
            """,
            "INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (3, 3, 0, 800, 1)",
            "INSERT INTO payment_details (id, checkout_id, order_id, method, amount, currency, state, reference) VALUES (4, 3, 3, 'online', 800, 'CNY', 'pending', 'CSH3')",
            """
            INSERT INTO payment_orders (id, checkout_id, trade_no, platform, mode, amount, currency, state, attempt, deadline, next_query_at, created_at, updated_at)
            VALUES (2, 3, 'CSH3', 'wechat', 'qr', 800, 'CNY', 'failed', 1, 9000, NULL, 4000, 4100)
            """,
            "UPDATE payment_details SET state = 'failed' WHERE id = 4",
            "UPDATE checkouts SET state = 'failed', finished_at = 4100 WHERE id = 3",
            "UPDATE checkout_orders SET open = 0 WHERE checkout_id = 3",
            // A cash refund from the drawer and an online one.
            """
            INSERT INTO refund_requests (id, order_id, amount, currency, reason, requested_by, channel, requested_at, state, decided_by, decided_at)
            VALUES (1, 1, 1000, 'CNY', 'dent', 'ann', 'counter', 5000, 'approved', 'boss', 5000),
                   (2, 2, 100, 'CNY', 'late', 'ann', 'counter', 5000, 'approved', 'boss', 5000)
            """,
            "UPDATE orders SET refund_reserved = 1000 WHERE id = 1",
            "UPDATE orders SET refund_reserved = 100 WHERE id = 2",
            "UPDATE payment_details SET refund_reserved = 1000 WHERE id = 1",
            "UPDATE payment_details SET refund_reserved = 100 WHERE id = 3",
            """
            INSERT INTO refund_orders (id, request_id, detail_id, order_id, refund_no, method, amount, currency, state, trade_no, next_query_at, created_at, updated_at)
            VALUES (1, 1, 1, 1, 'RF1', 'cash', 1000, 'CNY', 'created', NULL, 5050, 5000, 5000),
                   (2, 2, 3, 2, 'RF2', 'online', 100, 'CNY', 'created', 'CSH2', 5050, 5000, 5000)
            """,
            "UPDATE refund_orders SET state = 'succeeded', next_query_at = NULL, updated_at = 5100 WHERE id = 1",
            "UPDATE refund_orders SET state = 'succeeded', next_query_at = NULL, updated_at = 5200 WHERE id = 2",
            "INSERT INTO cash_movements (shift_id, kind, amount, currency, refund_order_id, at, operator) VALUES (1, 'refund', -1000, 'CNY', 1, 5100, 'ann')",
            "UPDATE payment_details SET refunded = 1000, state = 'partially_refunded' WHERE id = 1",
            "UPDATE payment_details SET refunded = 100, state = 'partially_refunded' WHERE id = 3",
            "UPDATE orders SET refunded = 1000, status = 'partially_refunded', updated_at = 5100 WHERE id = 1",
            "UPDATE orders SET refunded = 100, status = 'partially_refunded', updated_at = 5200 WHERE id = 2",
            "INSERT INTO cash_movements (shift_id, kind, amount, currency, reason, at, operator) VALUES (1, 'cash_in', 200, 'CNY', 'top-up', 5300, 'ann'), (1, 'cash_out', -300, 'CNY', 'bank drop', 5400, 'ann')",
            // A second shift, closed 100 short.
            "INSERT INTO shifts (id, terminal, operator, currency, state, opening_float, opened_at) VALUES (2, 'till-2', 'boss', 'CNY', 'open', 500, 1200)",
            "INSERT INTO cash_movements (shift_id, kind, amount, currency, at, operator) VALUES (2, 'float', 500, 'CNY', 1200, 'boss')",
            "INSERT INTO shift_counts (shift_id, denomination, quantity) VALUES (2, 100, 4)",
            "UPDATE shifts SET state = 'closed', closed_at = 6000, closed_by = 'boss', expected = 500, counted = 400, over_short = -100 WHERE id = 2",
        ] {
            try x.execute(SQLStatement(sql), [])
        }
    }

    func figures(_ s: Stores, shiftId: Int64? = nil) throws -> (sqlite: ReportFigures, postgres: ReportFigures) {
        try s.onBoth { x in
            try Store.figures(x, kind: .x, number: nil, date: "1970-01-01", shiftId: shiftId, from: 0, to: 10_000, now: 10_000, by: "boss")
        }
    }

    @Test(.postgres) func aReportsFiguresAreTheSameOnBothEnginesAndExact() throws {
        let s = try stores()
        defer { s.close() }
        let day = try figures(s)
        #expect(day.sqlite == day.postgres)
        let f = day.postgres
        #expect(f.byMethod == [ReportLine(key: "coupon", count: 1, amount: 500), ReportLine(key: "cash", count: 1, amount: 2500),
                               ReportLine(key: "online", count: 1, amount: Self.big - 500)])
        #expect(f.salesTotal == Self.big + 2500 && f.refundsTotal == 1100 && f.net == Self.big + 1400)
        #expect(f.byType == [ReportLine(key: "labour", count: 1, amount: Self.big), ReportLine(key: "parts", count: 1, amount: 2500)])
        #expect(f.coupons == [ReportLine(key: "SAVE5", count: 1, amount: 500)])
        #expect(f.onlineByPlatform == [ReportLine(key: "alipay", count: 1, amount: Self.big - 500)])
        #expect(f.onlineRefundsByPlatform == [ReportLine(key: "alipay", count: 1, amount: 100)])
        #expect(f.payments == 2 && f.failed == 1 && f.closed == 0 && f.repayments == 0)
        #expect([f.floats, f.cashTaken, f.changeGiven, f.cashRefunds, f.cashIn, f.cashOut] == [10_500, 3000, -500, -1000, 200, -300])
        #expect(f.shifts.map(\.id) == [1, 2] && f.overShort == -100 && f.shifts[0].expected == 11_400 && f.shifts[1].counted == 400)
        #expect(f.timeZone == "Asia/Shanghai" && f.currency == "CNY")
        // One shift's X report: its own payments and drawer only.
        let shift = try figures(s, shiftId: 1)
        #expect(shift.sqlite == shift.postgres)
        #expect(shift.postgres.byMethod == [ReportLine(key: "cash", count: 1, amount: 2500)] && shift.postgres.failed == 1)
        #expect(shift.postgres.refundsByMethod == [ReportLine(key: "cash", count: 1, amount: 1000)] && shift.postgres.shifts.map(\.id) == [1])
    }

    /// Sorted: the engines may list one rule's rows in different orders.
    func violations(_ s: Stores) throws -> (sqlite: [String], postgres: [String]) {
        let v = try s.onBoth { x in (try Store.invariantViolations(x) + Store.receiptViolations(x)).map(\.description).sorted() }
        return v
    }

    @Test(.postgres) func checkFindsNothingWrongOnBothEnginesThenTheSameBrokenRules() throws {
        let s = try stores()
        defer { s.close() }
        let clean = try violations(s)
        #expect(clean.sqlite == [] && clean.postgres == [])
        try s.write { x in
            for sql in [
                "UPDATE orders SET status = 'refunded' WHERE id = 3",
                "UPDATE orders SET refund_reserved = 2000 WHERE id = 1",
                "UPDATE payment_details SET refund_reserved = 1500 WHERE id = 1",
                "UPDATE payment_details SET state = 'succeeded' WHERE id = 3",
                "UPDATE payment_details SET state = 'pending' WHERE id = 2",
                "UPDATE checkout_orders SET amount = 2400 WHERE checkout_id = 1",
                "UPDATE refund_requests SET amount = 999 WHERE id = 2",
                "UPDATE refund_orders SET method = 'cash' WHERE id = 2",
                "UPDATE checkouts SET operator = 'boss' WHERE id = 3",
                // The web payment's "cash" in a drawer (its shift is NULL: only IS NOT / IS DISTINCT FROM sees another
                // shift), a drawer which then holds less than nothing.
                "INSERT INTO shifts (id, terminal, operator, currency, state, opening_float, opened_at) VALUES (3, 'till-3', 'boss', 'CNY', 'open', 0, 7000)",
                "INSERT INTO cash_movements (shift_id, kind, amount, currency, at, operator) VALUES (3, 'float', 0, 'CNY', 7000, 'boss')",
                "INSERT INTO cash_movements (shift_id, kind, amount, currency, checkout_id, at, operator) VALUES (3, 'sale', 1, 'CNY', 2, 7100, 'boss'), (3, 'change', -1, 'CNY', 2, 7100, 'boss')",
                "INSERT INTO cash_movements (shift_id, kind, amount, currency, reason, at, operator) VALUES (3, 'cash_out', -50, 'CNY', 'theft', 7200, 'boss')",
                "INSERT INTO receipts (id, number, kind, checkout_id, created_at) VALUES (9, 9, 'payment', 3, 9000)",
            ] {
                try x.execute(SQLStatement(sql), [])
            }
        }
        let broken = try violations(s)
        #expect(broken.sqlite == broken.postgres)
        let rules = Set(broken.postgres.map { line in String(line.prefix { $0 != ":" }) })
        #expect(rules == ["paid order's details sum to its amount", "order status equals its derivation",
                          "refunds within what was paid (order)", "refunds within what was paid (detail)",
                          "detail state matches its refunds", "checkout details follow the checkout", "checkout methods add up",
                          "approved request's refunds add up", "cash refund is paid from a drawer",
                          "counter payment has its operator's shift", "paid cash is in the drawer", "a drawer never holds less than nothing",
                          "only settled payments and refunds have receipts", "receipt numbers have no gaps"], "\(broken.postgres)")
        #expect(broken.postgres.contains("paid cash is in the drawer: checkout 2: succeeded, cash 0 tendered 0; drawer took 1 and gave -1"))
        #expect(broken.postgres.contains("receipt numbers have no gaps: receipts: 5 receipts but the highest number is 9"))
    }

    @Test(.postgres) func receiptsReadTheSameOnBothEngines() throws {
        let s = try stores()
        defer { s.close() }
        let summaries = try s.onBoth { x in try Store.receiptSummaries(x, limit: 10) }
        #expect(summaries.sqlite == summaries.postgres)
        #expect(summaries.postgres.map(\.subject) == ["RF2", "RF1", "CSH2", "checkout 1"])
        #expect(summaries.postgres.map(\.orders) == [["A-2"], ["A-1"], ["A-2"], ["A-1"]])
        #expect(summaries.postgres.map(\.amount.minor) == [100, 1000, Self.big, 2500])
        let data = try s.onBoth { x in
            try Store.receiptSummaries(x, limit: 10).map { try Store.receiptData(x, $0.record) }
        }
        #expect(data.sqlite == data.postgres)
        guard case .refund(let cash) = data.postgres[1], case .payment(let online) = data.postgres[2] else {
            Issue.record("\(data.postgres)")
            return
        }
        #expect(cash.refundedThrough == 1000 && cash.terminal == "till-1" && cash.refundOrder.refundNo == "RF1")
        #expect(online.details.map(\.amount) == [500, Self.big - 500] && online.paymentOrder?.tradeNo == "CSH2" && online.terminal == nil)
    }

    static func claim(_ x: any SQLExecutor, _ owner: String, now: Millis, limit: Int = 2) throws -> [Int64] {
        try Store.claimReceipts(x, owner: owner, now: now, lease: 1_000, limit: limit, terminal: "till-1", othersBefore: 0).map(\.number)
    }

    @Test(.postgres) func workersClaimDifferentReceiptsAndALapsedLeaseIsTakenOverOnBothEngines() throws {
        let s = try stores()
        defer { s.close() }
        for db in [s.sqlite.db, s.postgres] as [any SQLDatabase] {
            #expect(try db.write { try Self.claim($0, "a", now: 10_000) } == [1, 2])
            #expect(try db.write { try Self.claim($0, "b", now: 10_500) } == [3, 4])
            #expect(try db.write { try Self.claim($0, "b", now: 10_600) } == [])
            // a's lease lapsed at 11,000; b's holds until 11,500.
            #expect(try db.write { try Self.claim($0, "b", now: 11_000, limit: 5) } == [1, 2])
        }
    }

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<[Int64], any Error>?
        func set(_ r: Result<[Int64], any Error>) { lock.withLock { value = r } }
        func get() -> Result<[Int64], any Error>? { lock.withLock { value } }
    }

    /// Two hosts at once: while the first claim's transaction holds its rows, the second takes the
    /// next ones at once (without SKIP LOCKED it would wait for the first, then find its rows leased
    /// and take none).
    @Test(.postgres) func aSecondHostsClaimSkipsTheReceiptsTheFirstHoldsLocked() throws {
        let s = try stores()
        defer { s.close() }
        let db = s.postgres
        let claimed = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let first = Outcome()
        Thread.detachNewThread {
            first.set(Result { try db.write { x in
                let n = try Self.claim(x, "a", now: 10_000)
                claimed.signal()
                release.wait()
                return n
            } })
            done.signal()
        }
        guard claimed.wait(timeout: .now() + 60) == .success else {
            release.signal()
            Issue.record("the first claim never ran: \(String(describing: first.get()))")
            return
        }
        let second: [Int64]
        do {
            defer { release.signal() }
            second = try db.write { x in try Self.claim(x, "b", now: 10_000) }
        }
        done.wait()
        #expect(try first.get()?.get() == [1, 2])
        #expect(second == [3, 4])
    }
}

extension PostgresSchemaTests.Stores {
    func onBoth<T>(_ body: (any SQLExecutor) throws -> T) throws -> (sqlite: T, postgres: T) {
        (try sqlite.read(body), try postgres.read(body))
    }

    func write(_ body: (any SQLExecutor) throws -> Void) throws {
        try sqlite.write(.ordinary, body)
        try postgres.write(body)
    }
}
