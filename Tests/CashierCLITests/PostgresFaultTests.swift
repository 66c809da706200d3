import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// Races and faults by real processes on one PostgreSQL store (issue 14's "Tests"): each host is a
/// `cashier` process with its own terminal name, files and connection pool; all reach the same
/// sandbox gateway. What only the database can show is read with SQL beside the processes.
@Suite(.serialized) struct PostgresFaultTests {
    /// Six hosts on four channels pay the same order at once, order after order: exactly one wins
    /// each, the others are refused in one sentence, and the store holds one payment per order.
    /// Then six sales at once number their receipts without a gap, and three hosts racing to close
    /// the day make one Z report.
    @Test(.postgres) func sixChannelsPayingTheSameOrdersMakeExactlyOnePaymentEach() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane1 = try s.opened(orders: 20)
        let lane2 = s.host("lane-2")
        expectOK(try lane2.run("shift", "open", "--operator", "alice", "--pin", "2222", "--float", "300"), "lane 2 opens")
        let hosts: [(CLI, [String])] = [
            (lane1, ["--channel", "counter", "--operator", "cashier"]), (lane2, ["--channel", "counter", "--operator", "alice"]),
            (s.host("web-1"), ["--channel", "web"]), (s.host("web-2"), ["--channel", "web"]),
            (s.host("app-1"), ["--channel", "app"]), (s.host("mini-1"), ["--channel", "mini-program"]),
        ]
        let orders = try lane1.unpaid(4)
        #expect(orders.count == 4)
        for (round, number) in orders.enumerated() {
            let running = try hosts.enumerated().map { i, h in
                let code = i % 2 == 0 ? CLI.code(0, 100 * round + i) : CLI.wechatCode(0, 100 * round + i)
                return try h.0.start(["pay", number, "--code", code] + h.1)
            }
            let results = running.map(CLI.finish)
            #expect(results.filter { $0.code == 0 }.count == 1, "\(number): \(results.map { "\($0.code) \($0.err)" })")
            for r in results where r.code != 0 {
                #expect(r.err.contains("held by") || r.err.contains("is being paid by") || r.err.contains("already paid"), "unclear: \(r.err)")
                #expect(r.err.split(separator: "\n").count == 1, "more than one line: \(r.err)")
            }
            #expect(try lane2.status(number) == "paid")
        }
        // The store agrees: one succeeded payment for each order, none still open.
        for number in orders {
            #expect(try s.count("""
                SELECT count(*) FROM checkouts c JOIN checkout_orders co ON co.checkout_id = c.id JOIN orders o ON o.id = co.order_id
                WHERE o.number = ? AND c.state = 'succeeded'
                """, number) == 1, "\(number)")
        }
        #expect(try s.count("SELECT count(*) FROM checkout_orders WHERE open = 1") == 0)
        // Six different orders settled at once: receipt numbers stay unique (a constraint) and gap-free.
        let more = try lane1.unpaid(6)
        let receipts = try s.count("SELECT count(*) FROM receipts")
        let sales = try hosts.enumerated().map { i, h in try h.0.start(["pay", more[i], "--code", CLI.code(0, 900 + i)] + h.1) }
        for r in sales.map(CLI.finish) { expectOK(r, "a sale of its own") }
        #expect(try s.count("SELECT count(*) FROM receipts") == receipts + 6)
        #expect(try s.count("SELECT max(number) - min(number) + 1 FROM receipts") == receipts + 6)
        // The day is closed once, whichever of three hosts asks first.
        expectOK(try lane1.run("shift", "close", "--operator", "cashier", "--supervisor", "supervisor", "--pin", "9999", "--count", "100=5"), "lane 1 closes")
        expectOK(try lane2.run("shift", "close", "--operator", "alice", "--supervisor", "supervisor", "--pin", "9999", "--count", "100=3"), "lane 2 closes")
        let zs = try [lane1, lane2, hosts[2].0].map { try $0.start(["report", "z", "--supervisor", "supervisor", "--pin", "9999"]) }.map(CLI.finish)
        #expect(zs.filter { $0.code == 0 }.count == 1, "\(zs.map { "\($0.code) \($0.err)" })")
        for r in zs where r.code != 0 { #expect(r.err.contains("already closed by Z report 1"), "\(r.err)") }
        #expect(try s.count("SELECT count(*) FROM z_reports") == 1)
        expectOK(try lane1.run("check"), "check")
    }

    /// Two pollers (`cashier poll` on two hosts) over the same unfinished payments: a trigger of
    /// the test's own logs every claim and release of a payment's lease, in the order they took
    /// the row; no payment is claimed by one poller while another holds it (so never queried twice
    /// at once), both pollers did work, and every payment ends final.
    @Test(.postgres) func twoPollersNeverQueryOnePaymentAtOnceAndFinishEveryPayment() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane = try s.opened(orders: 30)
        // Unknown answers that succeeded (3) or failed (5), and customers who never pay (4): only
        // the poller can finish these, querying each several times.
        let orders = try lane.unpaid(12)
        var payers: [Child] = []
        for (i, number) in orders.enumerated() {
            let behaviour = [3, 5, 4][i % 3]
            payers.append(try s.host("web-\(i % 4)").start(["pay", number, "--code", CLI.code(behaviour, 200 + i), "--channel", "web"]))
            if payers.count == 4 { payers.forEach { _ = CLI.finish($0) }; payers = [] }
        }
        payers.forEach { _ = CLI.finish($0) }
        // From here on only the pollers claim.
        try s.recordLeases()
        let pollers = try [s.host("poller-1"), s.host("poller-2")].map { try $0.start(["poll"]) }
        let finished = s.paymentsFinal(within: 40)
        for p in pollers { kill(p.pid, SIGTERM); _ = CLI.finish(p) }
        #expect(finished, "payments still open")
        let events = try s.sql.read { x in
            try x.rows("SELECT payment_id, owner FROM fault_probe.leases ORDER BY seq").map { (try $0.get("payment_id") as Int64, try $0.get("owner") as String?) }
        }
        var holder: [Int64: String] = [:]
        var overlaps: [String] = []
        for (payment, owner) in events {
            if let owner, let other = holder[payment], other != owner { overlaps.append("\(payment): \(owner) while \(other)") }
            holder[payment] = owner
        }
        #expect(overlaps.isEmpty, "claimed while held: \(overlaps)")
        #expect(Set(events.compactMap(\.1)).count == 2, "both pollers claimed payments")
        #expect(events.count > 2 * orders.count, "each payment was queried more than once")
        for number in orders { #expect(try lane.status(number) != "paying", "\(number)") }
        expectOK(try lane.run("check"), "check")
    }

    /// Four refund requests of 60 % each on one order, each approved by two hosts at once (eight
    /// processes): exactly one request is approved, nothing more is refunded than was paid.
    @Test(.postgres) func racingRefundApprovalsOnTwoHostsNeverOverRefund() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane1 = try s.opened(orders: 10)
        let lane2 = s.host("lane-2")
        let order = try lane1.unpaid(1)[0]
        expectOK(try lane1.run("pay", order, "--code", CLI.code(0, 300)), "pay")
        let paid = try s.count("SELECT amount FROM orders WHERE number = ?", order)
        let part = String(format: "%d.%02d", paid * 6 / 10 / 100, paid * 6 / 10 % 100)
        var ids: [String] = []
        for i in 0..<4 {
            let r = try lane1.run("refund", "request", order, "--amount", part, "--reason", "race \(i)", "--json")
            expectOK(r, "request")
            ids.append(String((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["id"] as? Int ?? -1))
        }
        let running = try ids.flatMap { id in
            try [lane1, lane2].map { try $0.start(["refund", "approve", id, "--supervisor", "supervisor", "--pin", "9999"]) }
        }
        let results = running.map(CLI.finish)
        #expect(results.filter { $0.code == 0 }.count == 1, "\(results.map { "\($0.code) \($0.err)" })")
        for r in results where r.code != 0 { #expect(r.err.split(separator: "\n").count == 1, "\(r.err)") }
        #expect(try s.count("SELECT count(*) FROM refund_requests WHERE state = 'approved'") == 1)
        _ = s.waitUntil(seconds: 20) { _ = try lane2.run("poll", "--once"); return try lane1.status(order) == "partially_refunded" }
        #expect(try lane1.status(order) == "partially_refunded")
        #expect(try s.count("SELECT COALESCE(SUM(amount), 0) FROM refund_orders WHERE state <> 'failed'") == paid * 6 / 10)
        expectOK(try lane2.run("check"), "check")
    }

    /// Paying processes killed (-9) mid-payment: the gateway is stopped (SIGSTOP) so that each
    /// payment is in the store with its platform call unanswered. After the restart a poller
    /// finishes every one (those the customer never paid, or that failed, end unpaid; the others
    /// as the platform decided), an unpaid order can be sold again, and `cashier check` holds.
    @Test(.postgres) func killedPayingProcessesAreFinishedByAPollerAfterRestart() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane = try s.opened(orders: 20)
        let orders = try lane.unpaid(8)
        kill(s.sandbox.child.pid, SIGSTOP)
        defer { kill(s.sandbox.child.pid, SIGCONT) }
        // 0: paid at once; 1: the customer types a password, then pays; 3: no answer but paid;
        // 4: never pays; 5: no answer, failed.
        let behaviours = [0, 1, 3, 4, 5, 0, 3, 4]
        let payers = try orders.enumerated().map { i, number in
            let code = i % 2 == 0 ? CLI.code(behaviours[i], 400 + i) : CLI.wechatCode(behaviours[i], 400 + i)
            return try s.host("lane-\(i % 2 + 2)").start(["pay", number, "--code", code, "--channel", "web"])
        }
        let inFlight = s.waitUntil(seconds: 20) { try s.count("SELECT count(*) FROM payment_orders WHERE state = 'created'") == orders.count }
        #expect(inFlight, "not every payment reached the platform call")
        usleep(200_000)
        for p in payers {
            #expect(p.isRunning, "a payment finished with the platform stopped")
            kill(p.pid, SIGKILL)
            #expect(CLI.finish(p).code == 128 + SIGKILL)
        }
        kill(s.sandbox.child.pid, SIGCONT)
        let poller = try s.host("lane-9").start(["poll"])
        let finished = s.paymentsFinal(within: 40)
        kill(poller.pid, SIGTERM)
        _ = CLI.finish(poller)
        #expect(finished, "payments still open after the restart")
        for (i, number) in orders.enumerated() {
            let status = try lane.status(number)
            #expect([4, 5].contains(behaviours[i]) ? status == "unpaid" : ["paid", "unpaid"].contains(status), "\(number): \(status)")
            if status == "unpaid" { expectOK(try lane.run("pay", number, "--code", CLI.code(0, 450 + i), "--channel", "web"), "\(number) sold again") }
            #expect(try lane.status(number) == "paid", "\(number)")
        }
        expectOK(try lane.run("check"), "check")
    }

    /// The PostgreSQL server restarts mid-day under a running `cashier serve` (its poller querying
    /// payments in flight): serve gets its connections back, finishes what was open, takes new
    /// payments, and nothing written before the restart is lost.
    @Test(.postgres) func aServerRestartMidDayLosesNothingAndServeCarriesOn() throws {
        let server = try PostgresTestServer.own()
        let s = try SharedStore(server)
        defer { s.stop() }
        let lane = try s.opened(orders: 20)
        let key = try lane.run("serve", "key", "add", "--channel", "web").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try ServeProcess(lane, ["serve", "--port", "0"], env: s.platform)
        defer { serve.stop() }
        let orders = try lane.unpaid(6)
        expectOK(try lane.run("pay", orders[0], "--code", CLI.code(0, 500)), "paid before")
        // Customers typing their password (1) or never paying (4, closed at the deadline): serve's
        // poller is querying them when the server goes down.
        let behaviours = [1, 4, 4]
        for (i, number) in orders[1...3].enumerated() {
            let r = try HTTP.call(port: serve.port, "POST", "/v1/payments", key: key,
                                  body: #"{"orders":["\#(number)"],"method":"code","code":"\#(CLI.code(behaviours[i], 510 + i))"}"#)
            #expect(r.status == 201, "\(r.body)")
        }
        let before = try s.count("SELECT count(*) FROM audit_log")
        try server.restart(down: 1)
        let finished = s.paymentsFinal(within: 30)
        #expect(finished, "serve's poller did not finish the payments after the restart")
        #expect(try HTTP.call(port: serve.port, "GET", "/ready").status == 200)
        let after = try HTTP.call(port: serve.port, "POST", "/v1/payments", key: key,
                                  body: #"{"orders":["\#(orders[4])"],"method":"code","code":"\#(CLI.code(0, 520))"}"#)
        #expect(after.status == 201 && after.body.contains("\"outcome\":\"paid\""), "\(after.body)")
        for (i, number) in orders[0...4].enumerated() {
            #expect(try lane.status(number) == ([0, 1, 4].contains(i) ? "paid" : "unpaid"), "\(number)")
        }
        #expect(try s.count("SELECT count(*) FROM audit_log") > before)
        #expect(serve.child.isRunning)
        // The restart did cut serve off mid-work: its poller said so, and went on.
        let log = (try? String(contentsOfFile: lane.dir + "/files/cashier.log", encoding: .utf8)) ?? ""
        #expect(log.contains("claiming due payments failed (tried again next cycle)"), "\(log)")
        expectOK(try lane.run("check"), "check")
    }
}

/// One PostgreSQL store for several hosts, the sandbox gateway they share, and the test's own
/// connection to the database.
final class SharedStore: @unchecked Sendable {
    let location: PostgresLocation
    let gateway = CLI(backend: .sqlite)
    let sandbox: ServeProcess
    /// Every host's platform: the gateway over HTTP, with its keys.
    let platform: [String: String]
    let sql: PostgresDatabase

    init(_ server: PostgresTestServer) throws {
        location = try server.database()
        sandbox = try ServeProcess(gateway, ["sandbox", "serve", "--port", "0"], marker: "Sandbox gateway: http://127.0.0.1:")
        platform = ["CASHIER_PLATFORM_URL": "http://127.0.0.1:\(sandbox.port)/gateway.do", "CASHIER_PLATFORM_KEYS": gateway.dir + "/keys",
                    "CASHIER_WECHAT_URL": "http://127.0.0.1:\(sandbox.port)", "CASHIER_WECHAT_KEYS": gateway.dir + "/keys"]
        sql = PostgresDatabase(location, connections: 1)
    }

    /// A host: a terminal of its own, with its own files folder and its own connections.
    func host(_ terminal: String) -> CLI {
        let cli = CLI(store: PostgresTestServer.url(location), terminal: terminal)
        cli.extraEnvironment = platform
        return cli
    }

    /// The store made, a demo day of `orders` orders, and the cashier's shift open on lane 1.
    func opened(orders: Int) throws -> CLI {
        let lane = host("lane-1")
        expectOK(try lane.run("store", "init"), "store init")
        try lane.demo(orders: orders)
        return lane
    }

    func count(_ statement: SQLStatement, _ values: any SQLBindable...) throws -> Int64 {
        let bound = values.map(\.sqlValue)
        return try sql.read { x in try x.rows(statement, bound).first?.get(at: 0, as: Int64?.self) ?? 0 }
    }

    /// Logs every change of a payment's lease (a claim names its owner; a release has none), in
    /// the order the changes took the row.
    func recordLeases() throws {
        try sql.write { x in
            for statement: SQLStatement in [
                "CREATE SCHEMA fault_probe",
                "CREATE TABLE fault_probe.leases (seq bigserial PRIMARY KEY, payment_id bigint NOT NULL, owner text)",
                """
                CREATE FUNCTION fault_probe.lease() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                    INSERT INTO fault_probe.leases (payment_id, owner) VALUES (NEW.id, NEW.lease_owner); RETURN NEW; END $$
                """,
                """
                CREATE TRIGGER fault_probe_lease AFTER UPDATE ON payment_orders FOR EACH ROW
                WHEN (NEW.lease_owner IS DISTINCT FROM OLD.lease_owner OR NEW.lease_until IS DISTINCT FROM OLD.lease_until)
                EXECUTE FUNCTION fault_probe.lease()
                """,
            ] { _ = try x.execute(statement, []) }
        }
    }

    /// Whether every payment reached a final state (none left to query) within `seconds`.
    func paymentsFinal(within seconds: Double) -> Bool {
        waitUntil(seconds: seconds) { try count("SELECT count(*) FROM payment_orders WHERE next_query_at IS NOT NULL") == 0 }
    }

    /// Polls `done` every 100 ms for at most `seconds`: whether it came true.
    func waitUntil(seconds: Double, _ done: () throws -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? done()) == true { return true }
            usleep(100_000)
        }
        return false
    }

    func stop() {
        sql.close()
        sandbox.stop()
    }
}

func expectOK(_ r: CLI.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.code == 0, "\(what): \(r.out)\(r.err)", sourceLocation: sourceLocation)
}
