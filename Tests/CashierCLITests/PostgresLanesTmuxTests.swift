import Foundation
import PostgresTestSupport
import Testing

/// Issue 14's "done means" in the real terminal: two consoles at two lanes and a `cashier serve`
/// for the web channel, each a host of its own (terminal, files folder, connections), on one
/// PostgreSQL store and one platform. They sell, refund, close their shifts and close the day as
/// on SQLite; each console's screens follow what the other hosts did; `cashier check` holds.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct PostgresLanesTmuxTests {
    @Test(.postgres) func twoConsolesAndServeSellRefundCloseAndZ() throws {
        let s = try SharedStore(.shared())
        defer { s.stop() }
        let lane1 = s.host("lane-1"), lane2 = s.host("lane-2"), web = s.host("web")
        expectOK(try lane1.run("store", "init"), "store init")
        expectOK(try lane1.run("demo", "--orders", "30"), "demo")
        let key = try web.run("serve", "key", "add", "--channel", "web").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try ServeProcess(web, ["serve", "--port", "0"], env: s.platform)
        defer { serve.stop() }
        // Newest first: the first is at the top of both consoles' order lists.
        let unpaid = try lane1.unpaid(3)
        try #require(unpaid.count == 3)
        let (a, b, c) = (unpaid[0], unpaid[1], unpaid[2])

        let one = Tmux(), two = Tmux()
        defer { one.stop(); two.stop() }
        one.start(lane1, width: 100, height: 30)
        two.start(lane2, width: 100, height: 30)
        openShift(one, user: "cashier", pin: "1111", float: "300")
        openShift(two, user: "alice", pin: "2222", float: "200")
        #expect(two.waitFor(a) != nil, "lane 2 does not list \(a): \(two.screen())")

        // Lane 1 sells A in cash: lane 2's list of unpaid orders drops it with no key pressed.
        one.payCash(a)
        #expect(gone(a, from: two), "lane 2 still lists \(a) as unpaid: \(two.screen())")
        // Lane 2 sells B; the web channel sells C through serve: lane 1's list drops both.
        two.payCash(b)
        let paid = try HTTP.call(port: serve.port, "POST", "/v1/payments", key: key,
                                 body: #"{"orders":["\#(c)"],"method":"code","code":"\#(CLI.code(0, 700))"}"#)
        #expect(paid.status == 201 && paid.body.contains("\"outcome\":\"paid\""), "\(paid.body)")
        #expect(gone(c, from: one) && gone(b, from: one), "lane 1 still lists a sale of another host: \(one.screen())")
        for number in [a, b, c] { #expect(try lane2.status(number) == "paid", "\(number)") }

        // Lane 2 asks for a partial refund of lane 1's sale; lane 1's supervisor approves it there,
        // and serve's poller carries it out with the platform.
        two.keys("F7")
        #expect(two.waitFor("Status paid or refunded") != nil, "\(two.screen())")
        two.keys("/", "Escape", "/"); two.type(a); two.keys("Enter")
        #expect(two.waitFor("Search \(a)") != nil, "\(two.screen())")
        two.keys("F4")
        #expect(two.waitFor("Refundable now:") != nil, "\(two.screen())")
        two.type("10"); two.keys("Tab"); two.type("scratched lid"); two.keys("Enter")
        #expect(two.waitFor("Refund request #") != nil, "\(two.screen())")
        one.keys("F6")
        #expect(one.waitFor("waiting for a decision") != nil, "\(one.screen())")
        one.keys("End")
        #expect(one.waitFor("Reason: scratched lid") != nil, "\(one.screen())")
        one.keys("a")
        #expect(one.waitFor("Approve refund request #") != nil, "\(one.screen())")
        one.type("supervisor"); one.keys("Tab"); one.type("9999"); one.keys("Enter")
        #expect(one.waitFor("Approved refund request") != nil, "\(one.screen())")
        let refunded = s.waitUntil(seconds: 30) { try lane1.status(a) == "partially_refunded" }
        #expect(refunded, "\(a) is \((try? lane1.status(a)) ?? "?") after the approval")

        // Each lane closes its own shift, counting what its own drawer expects.
        closeShift(one, pin: "1111")
        closeShift(two, pin: "2222")
        #expect(try lane1.run("shift", "show").out.contains("No open shift"))
        #expect(try lane2.run("shift", "show").out.contains("No open shift"))

        // The supervisor closes the day at lane 1: one Z report for the store, which lane 2 then
        // cannot make again.
        one.keys("Enter")
        #expect(one.waitFor("Log in") != nil, "\(one.screen())")
        one.type("supervisor"); one.keys("Tab"); one.type("9999"); one.keys("Enter")
        #expect(one.waitFor("Opening float") != nil, "\(one.screen())")
        one.keys("Escape")
        #expect(one.waitFor("paying needs one") != nil, "\(one.screen())")
        one.keys("r")
        #expect(one.waitFor("Payments by method") != nil, "\(one.screen())")
        one.keys("z")
        #expect(one.waitFor("Close the business day") != nil, "\(one.screen())")
        one.type("9999"); one.keys("Enter")
        #expect(one.waitFor("Z report #1 made") != nil, "\(one.screen())")
        #expect(try lane2.run("report", "z", "--supervisor", "supervisor", "--pin", "9999").err.contains("already closed by Z report 1"))
        expectOK(try lane1.run("check"), "check on lane 1")
        expectOK(try lane2.run("check"), "check on lane 2")
    }

    func openShift(_ t: Tmux, user: String, pin: String, float: String) {
        #expect(t.waitFor("Log in") != nil, "\(t.screen())")
        t.type(user); t.keys("Tab"); t.type(pin); t.keys("Enter")
        #expect(t.waitFor("Opening float") != nil, "\(t.screen())")
        t.type(float); t.keys("Enter")
        #expect(t.waitFor("with a float of \(float).00 CNY") != nil, "\(t.screen())")
    }

    /// Whether `text` leaves the screen within 10 s while no key is pressed.
    func gone(_ text: String, from t: Tmux) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !t.screen().contains(text) { return true }
            usleep(100_000)
        }
        return false
    }

    /// The drawer's expected figure counted exactly and signed with the cashier's PIN.
    func closeShift(_ t: Tmux, pin: String) {
        // Back from the refund's order detail or the approvals to the orders, where F8 opens the drawer.
        for _ in 0..<4 where !t.screen().contains("Cashier · Orders") {
            t.keys(t.screen().contains("Cashier · History") ? "F7" : "Escape")
            _ = t.waitFor("Cashier · Orders", timeout: 3)
        }
        t.keys("F8")
        let drawer = t.waitFor("Expected in the drawer")
        let expected = DrawerTmuxTests().expectedAmount(drawer ?? "")
        #expect(expected != nil, "\(t.screen())")
        t.keys("c")
        #expect(t.waitFor("Count the drawer") != nil, "\(t.screen())")
        Thread.sleep(forTimeInterval: 0.5)
        DrawerTmuxTests().typeCount(t, minor: expected ?? 0)
        #expect(t.waitFor("0.00 balanced") != nil, "count does not balance: \(t.screen())")
        t.type(pin); t.keys("F2")
        #expect(t.waitFor("The shift is closed and read-only") != nil, "\(t.screen())")
    }
}
