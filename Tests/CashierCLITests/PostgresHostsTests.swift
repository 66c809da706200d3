import Foundation
import PostgresTestSupport
import Testing

/// Two hosts (processes with their own terminal, files and connections) on one PostgreSQL store,
/// both reaching the same platform (the sandbox gateway over HTTP): they sell, refund, close shifts
/// and close the day as on SQLite, and `cashier check` holds on each.
@Suite(.serialized) struct PostgresHostsTests {
    @Test(.postgres) func twoLanesShareOneStoreSellRefundCloseAndCheck() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane1 = s.host("lane-1")
        let lane2 = s.host("lane-2")

        expectOK(try lane1.run("store", "init"), "store init")
        expectOK(try lane1.run("demo", "--orders", "24"), "demo")
        expectOK(try lane1.run("shift", "open", "--operator", "cashier", "--pin", "1111", "--float", "500"), "lane 1 opens")
        expectOK(try lane2.run("shift", "open", "--operator", "alice", "--pin", "2222", "--float", "300"), "lane 2 opens")
        // The terminal's open shift is per lane: lane 2 sees its own.
        #expect(try lane2.run("shift", "show").out.contains("alice"))

        // Both lanes pay the same orders at once: exactly one payment each.
        let orders = try lane1.unpaid(4)
        #expect(orders.count == 4)
        for (i, number) in orders.enumerated() {
            let one = try lane1.start(["pay", number, "--code", CLI.code(0, 10 + i), "--operator", "cashier"])
            let two = try lane2.start(["pay", number, "--code", CLI.wechatCode(0, 20 + i), "--operator", "alice"])
            let (r1, r2) = (CLI.finish(one), CLI.finish(two))
            #expect((r1.code == 0) != (r2.code == 0), "\(number): lane 1 \(r1.code) \(r1.err) lane 2 \(r2.code) \(r2.err)")
            #expect(try lane2.status(number) == "paid")
        }

        // A refund asked for on one lane is approved on the other, and settles through the gateway.
        let request = try lane1.run("refund", "request", orders[0], "--amount", "1.00", "--reason", "scratched", "--json")
        expectOK(request, "refund request")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(request.out.utf8)) as? [String: Any])?["id"] as? Int)
        expectOK(try lane2.run("refund", "approve", String(id), "--supervisor", "supervisor", "--pin", "9999"), "refund approve")
        var refunded = try lane1.status(orders[0])
        for _ in 0..<20 where refunded != "partially_refunded" {
            expectOK(try lane2.run("poll", "--once"), "poll")
            refunded = try lane1.status(orders[0])
        }
        #expect(refunded == "partially_refunded")

        // Each lane closes its own shift (counted as the drawer stands: no money moved in cash), then the day.
        expectOK(try lane1.run("shift", "close", "--operator", "cashier", "--supervisor", "supervisor", "--pin", "9999", "--count", "100=5"), "lane 1 closes")
        expectOK(try lane2.run("shift", "close", "--operator", "alice", "--supervisor", "supervisor", "--pin", "9999", "--count", "100=3"), "lane 2 closes")
        let z = try lane2.run("report", "z", "--supervisor", "supervisor", "--pin", "9999")
        expectOK(z, "Z report")
        // The same day cannot be closed twice, from either lane.
        #expect(try lane1.run("report", "z", "--supervisor", "supervisor", "--pin", "9999").err.contains("already closed by Z report 1"))
        // A webhook's sealing key is a file of the host that added it, in its files folder (never a
        // folder named after the URL in the working directory).
        expectOK(try lane1.run("webhook", "add", "http://127.0.0.1:9/hook", "--events", "order.paid"), "webhook add")
        #expect(FileManager.default.fileExists(atPath: lane1.dir + "/files/keys/webhook.key"))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/postgres:"))
        expectOK(try lane1.run("check"), "check on lane 1")
        expectOK(try lane2.run("check"), "check on lane 2")
        // Each lane writes the receipts of its own sales into its own files folder.
        var receipts = 0
        for lane in [lane1, lane2] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: lane.dir + "/files/receipts")) ?? []
            receipts += files.filter { !$0.hasPrefix(".") }.count
        }
        #expect(receipts >= orders.count, "\(receipts) receipts for \(orders.count) sales")
    }
}
