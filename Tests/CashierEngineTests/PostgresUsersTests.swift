import CashierCore
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// Users, user admin, channel keys, webhooks and reconciliations on a PostgreSQL store: the same
/// statements (or their named second forms) and answers as on SQLite, and the races where two
/// hosts meet (an idempotency key claimed twice at once, two webhook workers claiming at once).
@Suite struct PostgresUsersTests {
    func store() throws -> PostgresDatabase {
        let l = try PostgresTestServer.shared().database()
        #expect(try Store.initialize(at: "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)").kind == .created)
        return PostgresDatabase(l, connections: 3, changeCounter: PostgresSchema.changeCounter)
    }

    let audit = WriteKind.serialized(key: Store.auditChain)

    /// The refusal's catalogue key (the store's words are keys; the engine words them).
    func refusal(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as CashierError { return e.key } catch { return "\(error)" }
    }

    @Test(.postgres) func usersAreAddedUniqueRegardlessOfCaseListedAndManagedWithTheirAudit() throws {
        let db = try store()
        defer { db.close() }
        try db.write { x in
            try Store.seedUser(x, name: "Ann", role: .supervisor, pinHash: "h1", now: 1)
            try Store.seedUser(x, name: "zed", role: .cashier, pinHash: "h2", now: 1)
        }
        // NOCASE's second form: `lower(name) = lower(?)` finds Ann for "ANN" and names her.
        #expect(refusal { try db.write { x in try Store.seedUser(x, name: "ANN", role: .cashier, pinHash: "h", now: 2) } }
                == "refusal.user.exists_other_case")
        #expect(refusal { try db.write { x in try Store.seedUser(x, name: "zed", role: .cashier, pinHash: "h", now: 2) } } == "refusal.user.exists")
        _ = try db.write(audit) { x in try Store.addUser(x, name: "bob", role: .cashier, pinHash: "h3", by: "Ann", channel: .counter, now: 3) }
        _ = try db.write(audit) { x in try Store.addUser(x, name: "Cleo", role: .supervisor, pinHash: "h4", by: "Ann", channel: .counter, now: 3) }
        // Supervisors first, then by name ignoring case.
        #expect(try db.read { x in try Store.users(x).map(\.name) } == ["Ann", "Cleo", "bob", "zed"])
        // A cashier cannot manage users; the last enabled supervisor is never disabled.
        #expect(refusal { _ = try db.write(audit) { x in try Store.setDisabled(x, name: "zed", true, by: "bob", channel: .counter, now: 4) } }
                == "refusal.supervisor_only.disable_users")
        let cleo = try db.write(audit) { x in try Store.setDisabled(x, name: "Cleo", true, by: "Ann", channel: .counter, now: 5) }
        #expect(cleo.disabled && cleo.disabledAt == 5 && cleo.disabledBy == "Ann")
        #expect(refusal { _ = try db.write(audit) { x in try Store.setDisabled(x, name: "Cleo", true, by: "Ann", channel: .counter, now: 6) } }
                == "refusal.user.already_disabled")
        // Ann may not disable herself; and were the store's check skipped, the schema's trigger refuses too.
        #expect(refusal { _ = try db.write(audit) { x in try Store.setDisabled(x, name: "Ann", true, by: "Ann", channel: .counter, now: 6) } }
                == "refusal.user.disable_self")
        #expect(throws: SQLError.refusedByTrigger("users: the last enabled supervisor")) {
            try db.write { x in try x.execute("UPDATE users SET disabled = 1 WHERE name = 'Ann'") }
        }
        #expect(throws: CashierError.self) {
            try db.write { x in try Store.requireActiveUser(x, "Cleo") }
        }
        try db.read { x in try Store.requireActiveSupervisor(x, "Ann") }
        // Three wrong PINs lock bob (audited); a PIN reset clears it.
        for i in 1...3 {
            let bob = try db.write(audit) { x in try Store.recordPinFailure(x, name: "bob", maxAttempts: 3, lockUntil: 99_000, now: Int64(10 + i)) }
            #expect(bob?.failedAttempts == i && bob?.lockedUntil == (i == 3 ? 99_000 : nil))
        }
        let reset = try db.write(audit) { x in try Store.resetPin(x, name: "bob", pinHash: "h5", by: "Ann", channel: .counter, now: 20) }
        #expect(reset.failedAttempts == 0 && reset.lockedUntil == nil && reset.pinChangedAt == 20)
        #expect(try db.read { x in try Store.user(x, "bob")?.pinHash } == "h5")
        let actions = try db.read { x in try x.rows("SELECT action FROM audit_log ORDER BY id").map { try $0.get("action", as: String.self) } }
        #expect(actions == ["user.added", "user.added", "user.disabled", "user.locked", "user.pin_reset"])
        #expect(try db.read { try AuditLog.verify($0) } == [])
    }

    @Test(.postgres) func channelKeysAreAddedRevokedOnceAndAnIdempotencyKeyClaimedByTwoHostsAtOnceGoesToOne() throws {
        let db = try store()
        defer { db.close() }
        try db.write { x in try Store.seedUser(x, name: "web", role: .cashier, pinHash: "h", now: 1) }
        let key = try db.write(audit) { x in
            try Store.addChannelKey(x, channel: .web, operatorName: "web", label: "shop", secretHash: String(repeating: "a", count: 64), now: 2)
        }
        #expect(key.id == 1 && key.channel == .web && key.operatorName == "web" && key.label == "shop" && key.revokedAt == nil)
        let revoked = try db.write(audit) { x in try Store.revokeChannelKey(x, id: key.id, now: 3) }
        #expect(revoked.revokedAt == 3)
        #expect(refusal { _ = try db.write(audit) { x in try Store.revokeChannelKey(x, id: key.id, now: 4) } } == "refusal.key.revoked")
        #expect(refusal { _ = try db.write(audit) { x in try Store.revokeChannelKey(x, id: 9, now: 4) } } == "refusal.key.none")

        func claim(_ hash: String) throws -> IdempotencyClaim {
            try db.write { x in try Store.claimIdempotency(x, keyId: key.id, idemKey: "k1", requestHash: hash, now: 5) }
        }
        // Host A claims and has not committed yet when host B claims the same key: B waits for A's
        // row and reads it (in progress), rather than failing on a duplicate key.
        let aClaimed = DispatchSemaphore(value: 0)
        let a = Result<IdempotencyClaim, any Error>.Box()
        let thread = Thread {
            a.value = Result {
                try db.write { x in
                    let c = try Store.claimIdempotency(x, keyId: key.id, idemKey: "k1", requestHash: "r1", now: 5)
                    aClaimed.signal()
                    usleep(300_000)
                    return c
                }
            }
            a.done.signal()
        }
        thread.start()
        aClaimed.wait()
        #expect(try claim("r1") == .inProgress)
        a.done.wait()
        #expect(try a.value?.get() == .fresh)
        #expect(try claim("r2") == .mismatch)
        try db.write { x in
            try x.execute("""
                INSERT INTO checkouts (id, state, operator, channel, currency, total, coupon, cash, tendered, online, online_mode, created_at)
                VALUES (7, 'open', 'web', 'web', 'CNY', 100, 0, 0, 0, 100, 'qr', 6)
                """)
            try Store.finishIdempotency(x, keyId: key.id, idemKey: "k1", checkoutId: 7)
        }
        #expect(try claim("r1") == .replay(checkoutId: 7))
        // A refused request frees its key: the next claim is fresh.
        #expect(try db.write { x in try Store.claimIdempotency(x, keyId: key.id, idemKey: "k2", requestHash: "r", now: 8) } == .fresh)
        try db.write { x in try Store.finishIdempotency(x, keyId: key.id, idemKey: "k2", checkoutId: nil) }
        #expect(try db.write { x in try Store.claimIdempotency(x, keyId: key.id, idemKey: "k2", requestHash: "r", now: 9) } == .fresh)
    }

    @Test(.postgres) func twoWebhookWorkersClaimingAtOnceNeverTakeTheSameDelivery() throws {
        let db = try store()
        defer { db.close() }
        try db.write { x in
            try Store.seedUser(x, name: "ann", role: .supervisor, pinHash: "h", now: 1)
            try x.execute("INSERT INTO order_types (name) VALUES ('goods')")
            for i in 1...4 {
                try x.execute("""
                    INSERT INTO orders (id, number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
                    VALUES (?, ?, 'goods', 'Li', 'li', 100, 'CNY', 'paid', 1, 1)
                    """, Int64(i), "W-\(i)")
            }
        }
        let hook = try db.write(audit) { x in
            try Store.addWebhook(x, url: "https://a.example/h", events: [.orderPaid], sealedSecret: [1, 2, 3], by: "ann", now: 2)
        }
        #expect(hook.events == [.orderPaid] && hook.secretSealed == Data([1, 2, 3]))
        try db.write { x in for i in 1...4 { try Store.emit(x, .orderPaid, orderId: Int64(i), now: 10) } }
        // Worker A has picked two and not committed; worker B, at the same moment, skips A's rows
        // without waiting for them (A commits after at most 10 s, should B block on its locks).
        let aPicked = DispatchSemaphore(value: 0), bDone = DispatchSemaphore(value: 0)
        let a = Result<[WebhookDelivery], any Error>.Box()
        let thread = Thread {
            a.value = Result {
                try db.write { x in
                    let due = try Store.claimDueDeliveries(x, owner: "A", lease: 60_000, limit: 2, now: 20)
                    aPicked.signal()
                    _ = bDone.wait(timeout: .now() + 10)
                    return due
                }
            }
            a.done.signal()
        }
        thread.start()
        aPicked.wait()
        let started = Date()
        let b = try db.write { x in try Store.claimDueDeliveries(x, owner: "B", lease: 60_000, limit: 10, now: 20) }
        let waited = Date().timeIntervalSince(started)
        bDone.signal()
        a.done.wait()
        let aIds = try #require(try a.value?.get()).map(\.eventId), bIds = b.map(\.eventId)
        #expect(aIds == [1, 2] && bIds == [3, 4])
        #expect(waited < 5, "worker B waited \(waited) s for worker A's rows")
        // Leased now: nothing is due again until the lease runs out.
        #expect(try db.write { x in try Store.claimDueDeliveries(x, owner: "C", lease: 60_000, limit: 10, now: 30) } == [])
        #expect(try db.write { x in try Store.claimDueDeliveries(x, owner: "C", lease: 60_000, limit: 10, now: 80_000) }.count == 4)
        try db.write(audit) { x in try Store.removeWebhook(x, id: hook.id, by: "ann", now: 90_000) }
        #expect(try db.read { x in try x.value(Int64.self, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'failed'") } == 4)
        #expect(refusal { try db.write(audit) { x in try Store.removeWebhook(x, id: hook.id, by: "ann", now: 90_001) } }
                == "refusal.webhook.none_listed")
    }

    @Test(.postgres) func aReconciliationIsRecordedRerunChangedResolvedAndListed() throws {
        let db = try store()
        defer { db.close() }
        let day = ReconDayInput(platform: "alipay", billDate: "2026-03-01", digest: "d1", currency: "CNY", tradesMatched: 3,
                                tradesMatchedAmount: 900, refundsMatched: 1, refundsMatchedAmount: 100, fees: 6, held: 0)
        let items = [ReconItemInput(kind: "missing_here", tradeNo: "T1", refundNo: "", billAmount: 500, storeAmount: nil, action: "query", note: "n1"),
                     ReconItemInput(kind: "amount_mismatch", tradeNo: "T2", refundNo: "", billAmount: 300, storeAmount: 200, action: "review", note: "n2")]
        func record(_ d: ReconDayInput, _ i: [ReconItemInput]) throws -> ReconRecordOutcome {
            try db.write(audit) { x in try Store.recordReconciliation(x, d, items: i, actor: "ann", channel: "cli", now: 100) }
        }
        #expect(try record(day, items) == .recorded)
        #expect(try record(day, items) == .unchanged)
        var changed = day
        changed.digest = "d2"
        #expect(try record(changed, [items[1]]) == .billChanged)
        let days = try db.read { x in try Store.reconDays(x, date: "2026-03-01") }
        #expect(days.count == 1 && days[0].runs == 3 && days[0].billChanged && days[0].openItems == 1 && days[0].fees == 6)
        #expect(try db.read { x in try Store.reconDays(x, date: "2026-03-02") } == [])
        #expect(try db.read { x in try Store.reconDays(x, date: nil) }.count == 1)
        let open = try db.read { x in try Store.reconItems(x, platform: "alipay", date: nil, openOnly: true) }
        #expect(open.map(\.tradeNo) == ["T2"] && open[0].billAmount == 300 && open[0].storeAmount == 200)
        let resolved = try db.write(audit) { x in try Store.resolveReconItem(x, id: open[0].id, by: "ann", note: "fixed", channel: "cli", now: 200) }
        #expect(resolved.state == "resolved" && resolved.resolvedBy == "ann" && resolved.resolution == "fixed")
        #expect(refusal { _ = try db.write(audit) { x in try Store.resolveReconItem(x, id: open[0].id, by: "ann", note: "again", channel: "cli", now: 201) } }
                == "refusal.reconcile.already_resolved")
        #expect(try db.read { x in try Store.reconItems(x, platform: nil, date: "2026-03-01", openOnly: true) } == [])
        #expect(try db.read { x in try Store.reconItems(x, platform: "wechat", date: nil, openOnly: false) } == [])
        #expect(try db.read { x in try Store.reconItems(x, platform: nil, date: nil, openOnly: false) }.map(\.state) == ["resolved"])
        #expect(try db.read { try AuditLog.verify($0) } == [])
    }
}

extension PostgresUsersTests {
    /// The same files through `Store`'s public methods on a `postgres://` store: the transactions
    /// they open (serialized where they audit) and what they answer.
    @Test(.postgres) func theStoresOwnMethodsRunOnAPostgresStore() throws {
        let l = try PostgresTestServer.shared().database()
        let store = try Store(path: "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)", mode: .createIfMissing, clock: ManualClock(1_000))
        defer { store.close() }
        try store.addUser(name: "ann", role: .supervisor, pin: "1111", rounds: 1)
        #expect(throws: CashierError.self) { try store.addUser(name: "Ann", role: .cashier, pin: "2222", rounds: 1) }
        _ = try store.addUser(name: "bob", role: .cashier, pinHash: "h", by: "ann", channel: .counter)
        #expect(try store.users().map(\.name) == ["ann", "bob"] && store.user(name: "ann")?.role == .supervisor)
        #expect(try store.setDisabled(name: "bob", true, by: "ann", channel: .counter).disabled)
        _ = try store.recordPinFailure(name: "ann", maxAttempts: 5, lockUntil: 9_000)
        #expect(try store.account(name: "ann")?.failedAttempts == 1)
        try store.recordPinSuccess(name: "ann")
        #expect(try store.account(name: "ann")?.failedAttempts == 0)
        let (key, secret) = try store.addChannelKey(channel: .app, operatorName: "ann", label: "app")
        #expect(try store.authenticateChannelKey(secret) == key && store.authenticateChannelKey(secret + "x") == nil)
        #expect(try store.claimIdempotency(keyId: key.id, idemKey: "i", requestHash: "r") == .fresh)
        #expect(try store.claimIdempotency(keyId: key.id, idemKey: "i", requestHash: "r") == .inProgress)
        #expect(try store.revokeChannelKey(id: key.id).revokedAt == 1_000 && store.authenticateChannelKey(secret) == nil)
        let day = ReconDayInput(platform: "wechat", billDate: "2026-03-02", digest: "d", currency: "CNY", tradesMatched: 0,
                                tradesMatchedAmount: 0, refundsMatched: 0, refundsMatchedAmount: 0, fees: 0, held: 0)
        #expect(try store.recordReconciliation(day, items: [], actor: "ann", channel: "cli") == .recorded)
        #expect(try store.reconDays(date: nil).map(\.billDate) == ["2026-03-02"])
        #expect(try store.reconTrades(platform: "wechat", since: 0, naming: ["T9"]).isEmpty)
        #expect(try store.webhookDeliveries(failedOnly: false, limit: 10) == [] && store.nextDeliveryTime() == nil)
        #expect(try store.read { try AuditLog.verify($0) } == [])
    }
}

extension Result {
    /// A result handed from a thread of the test to its body.
    final class Box: @unchecked Sendable {
        var value: Result?
        let done = DispatchSemaphore(value: 0)
    }
}
