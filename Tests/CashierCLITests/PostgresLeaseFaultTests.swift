import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// A `cashier poll` process killed (-9) while it holds leases on due payments: its platform calls
/// hang (the gateway is SIGSTOPped), so it dies in the middle of them. Nobody releases its leases;
/// they lapse by themselves (`PollSchedule.leaseMillis`, 20 s of real time, not scaled), and only
/// then may another poller take those payments. The wait is real: the clock is the server's.
@Suite(.serialized) struct PostgresLeaseFaultTests {
    @Test(.postgres) func aPollerKilledHoldingLeasesLeavesItsPaymentsUntilTheLeasesLapseThenAnotherFinishesThem() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane = try s.opened(orders: 20)
        let orders = try lane.unpaid(9)
        let held = Array(orders[0..<6]), later = Array(orders[6...])
        // Answers unknown but paid (3), unknown and failed (5), a customer who never pays (4): only a
        // poller finishes these.
        try s.unfinishedPayments(held, first: 600)
        #expect(try s.count("SELECT count(*) FROM payment_orders WHERE next_query_at IS NOT NULL") == Int64(held.count))
        try s.recordLeaseTimes()
        // All due before the first poller starts: its first cycle claims them all, and hangs.
        let due = s.waitUntil(seconds: 10) {
            try s.count("SELECT count(*) FROM payment_orders WHERE next_query_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint") == 0
        }
        #expect(due)

        kill(s.sandbox.child.pid, SIGSTOP)
        defer { kill(s.sandbox.child.pid, SIGCONT) }
        let doomed = try s.host("poller-1").start(["poll"])
        let owner = "\(doomed.pid)-%"
        let claimed = s.waitUntil(seconds: 20) {
            try s.count("SELECT count(DISTINCT payment_id) FROM lease_probe.leases WHERE owner LIKE ?", owner) == Int64(held.count)
        }
        #expect(claimed, "the first poller did not claim every due payment")
        // Its platform calls are on their way to the stopped gateway: it dies holding the leases.
        usleep(300_000)
        #expect(doomed.isRunning, "the first poller finished with the platform stopped")
        kill(doomed.pid, SIGKILL)
        #expect(CLI.finish(doomed).code == 128 + SIGKILL)
        kill(s.sandbox.child.pid, SIGCONT)

        // Work nobody holds, so the second poller is seen at work while the dead one's leases stand.
        try s.unfinishedPayments(later, first: 700)
        let poller = try s.host("poller-2").start(["poll"])
        let finished = s.paymentsFinal(within: 60)
        kill(poller.pid, SIGTERM)
        _ = CLI.finish(poller)
        #expect(finished, "payments still open after the leases lapsed")

        let events = try s.leaseEvents()
        let dead = events.filter { $0.owner?.hasPrefix("\(doomed.pid)-") == true }
        let deadUntil = Dictionary(dead.map { ($0.payment, $0.until ?? 0) }, uniquingKeysWith: max)
        #expect(deadUntil.count == held.count)
        let others = events.filter { $0.owner != nil && $0.owner?.hasPrefix("\(doomed.pid)-") == false }
        #expect(Set(others.compactMap(\.owner)).count == 1, "one other poller: \(Set(others.compactMap(\.owner)))")
        // The claim compares the lease with the claiming host's reading of the server's clock,
        // which may be ahead by a round trip's error: a steal would come some 20 s early, not 0.25 s.
        let slack: Int64 = 250
        for (payment, until) in deadUntil {
            let taken = others.filter { $0.payment == payment }.map(\.at)
            #expect(!taken.isEmpty, "payment \(payment) was never claimed again")
            if let first = taken.min() {
                #expect(first >= until - slack, "payment \(payment) claimed \(until - first) ms before the dead poller's lease ended")
            }
        }
        // …while the second poller was claiming the other payments: it skipped these, it did not sleep.
        let busy = others.filter { deadUntil[$0.payment] == nil }.map(\.at)
        #expect((busy.min() ?? .max) < (deadUntil.values.min() ?? 0), "the second poller did no work during the leases")

        // Finished, and nothing paid twice.
        for (i, number) in held.enumerated() {
            let status = try lane.status(number)
            #expect(i % 3 == 0 ? ["paid", "unpaid"].contains(status) : status == "unpaid", "\(number): \(status)")
        }
        #expect(try s.count("""
            SELECT count(*) FROM (SELECT co.order_id FROM checkouts c JOIN checkout_orders co ON co.checkout_id = c.id
                                  WHERE c.state = 'succeeded' GROUP BY co.order_id HAVING count(*) > 1) AS twice
            """) == 0)
        expectOK(try lane.run("check"), "check")
    }
}

extension SharedStore {
    /// Code payments on the web channel whose outcome only a poller can settle: unknown but paid
    /// (3), unknown and failed (5), never paid by the customer (4), in turn.
    func unfinishedPayments(_ numbers: [String], first: Int) throws {
        let payers = try numbers.enumerated().map { i, number in
            try host("web-\(i % 3)").start(["pay", number, "--code", CLI.code([3, 5, 4][i % 3], first + i), "--channel", "web"])
        }
        for p in payers { _ = CLI.finish(p) }
    }

    /// Logs every change of a payment's lease with its end and the server's time of the change (ms).
    func recordLeaseTimes() throws {
        try sql.write { x in
            for statement: SQLStatement in [
                "CREATE SCHEMA lease_probe",
                """
                CREATE TABLE lease_probe.leases (seq bigserial PRIMARY KEY, payment_id bigint NOT NULL, owner text,
                    lease_until bigint, at bigint NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                """,
                """
                CREATE FUNCTION lease_probe.lease() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                    INSERT INTO lease_probe.leases (payment_id, owner, lease_until) VALUES (NEW.id, NEW.lease_owner, NEW.lease_until);
                    RETURN NEW; END $$
                """,
                """
                CREATE TRIGGER lease_probe_lease AFTER UPDATE ON payment_orders FOR EACH ROW
                WHEN (NEW.lease_owner IS DISTINCT FROM OLD.lease_owner OR NEW.lease_until IS DISTINCT FROM OLD.lease_until)
                EXECUTE FUNCTION lease_probe.lease()
                """,
            ] { _ = try x.execute(statement, []) }
        }
    }

    struct LeaseEvent {
        var payment: Int64
        var owner: String?
        var until: Int64?
        var at: Int64
    }

    func leaseEvents() throws -> [LeaseEvent] {
        try sql.read { x in
            try x.rows("SELECT payment_id, owner, lease_until, at FROM lease_probe.leases ORDER BY seq").map {
                LeaseEvent(payment: try $0.get("payment_id"), owner: try $0.get("owner"), until: try $0.get("lease_until"), at: try $0.get("at"))
            }
        }
    }
}
