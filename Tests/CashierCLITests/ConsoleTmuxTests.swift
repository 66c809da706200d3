import Foundation
import Testing

/// The console end to end: the real binary in tmux on a fresh store, driven by keys.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ConsoleTmuxTests {
    /// A fresh demo store (made before the test reads its orders), then the console logged in as cashier.
    func fresh() throws -> (CLI, Tmux) {
        let cli = CLI()
        try cli.demo(orders: 120)
        return (cli, Tmux())
    }

    func loggedIn(_ cli: CLI, _ t: Tmux, args: [String] = [], width: Int = 100, height: Int = 30) throws {
        t.start(cli, args: args, width: width, height: height)
        #expect(t.waitFor("Log in") != nil, "no log-in screen: \(t.screen())")
        t.type("cashier"); t.keys("Tab"); t.type("1111"); t.keys("Enter")
        #expect(t.waitFor("Nothing selected") != nil, "no orders screen: \(t.screen())")
    }

    /// From the orders screen with the cursor on the newest order: select `count` orders and open the tender.
    func tender(_ t: Tmux, count: Int) {
        for _ in 0..<count { t.keys("Space") }
        t.keys("F2")
        _ = t.waitFor("Online method")
    }

    /// On the tender (focus on the online method): cash, tendered, then a payment code, then pay.
    func split(_ t: Tmux, cash: String, tendered: String, code: String) {
        t.keys("Up", "Up", "Up"); t.type(cash); t.keys("Tab"); t.type(tendered); t.keys("Tab", "Down", "Down")
        t.type(code)
        _ = t.waitFor("Ready: F2")
        t.keys("F2")
    }

    @Test func payWaitRefundApproveFlow() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        let orders = try cli.unpaid(2)
        try loggedIn(cli, t)
        tender(t, count: 2)
        #expect(t.screen().contains(orders[0]) && t.screen().contains(orders[1]))
        split(t, cash: "1", tendered: "50", code: CLI.code(1, 77))  // the customer types a password, then pays
        #expect(t.glimpse("Waiting for the customer") != nil, "\(t.screen())")
        let paid = t.waitFor("P A I D", timeout: 20)  // no key pressed: the poller's result shows by itself
        #expect(paid != nil, "\(t.screen())")
        #expect(paid?.contains("Change due 49.00") == true, "\(paid ?? "")")
        #expect(try cli.status(orders[0]) == "paid" && cli.status(orders[1]) == "paid")

        t.keys("Enter"); t.keys("F7")
        // F4 needs a row under the cursor: wait for the list to load.
        #expect(t.waitFor("F4 requests a refund") != nil, "\(t.screen())")
        t.keys("F4")
        #expect(t.waitFor("Refundable now") != nil, "\(t.screen())")
        t.type("10"); t.keys("Tab"); t.type("scratched lid"); t.keys("Enter")
        #expect(t.waitFor("created (requested)") != nil, "\(t.screen())")

        t.keys("F6")
        // Wait for the loaded queue (its footer: the demo's request and ours), not for text the
        // previous screen's message may still show.
        #expect(t.waitFor("requests waiting for a decision") != nil, "\(t.screen())")
        // The newest request is last in the queue; the pane below shows the one under the cursor.
        t.keys("End")
        #expect(t.waitFor("Reason: scratched lid") != nil, "\(t.screen())")
        t.keys("a")
        #expect(t.waitFor("Order \(orders[0]) · refund 10.00") != nil, "the dialog is not for our request: \(t.screen())")
        t.type("supervisor"); t.keys("Tab"); t.type("9999"); t.keys("Enter")
        #expect(t.waitFor("Approved refund request") != nil, "\(t.screen())")
        t.keys("F7")
        #expect(t.waitFor("partially refunded") != nil, "\(t.screen())")
        #expect(try cli.status(orders[0]) == "partially_refunded")
        #expect(try cli.run("check").code == 0)
    }

    @Test func declinedThenRepaymentSucceeds() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        let order = try cli.unpaid(1)[0]
        try loggedIn(cli, t)
        tender(t, count: 1)
        split(t, cash: "0", tendered: "0", code: CLI.code(2, 5))
        #expect(t.waitFor("F A I L E D") != nil, "\(t.screen())")
        #expect(t.screen().contains("insufficient balance"))
        t.keys("r")
        #expect(t.waitFor("new payment code") != nil || t.waitFor("code") != nil, "\(t.screen())")
        t.type(CLI.code(0, 6)); t.keys("Enter")
        #expect(t.waitFor("P A I D") != nil, "\(t.screen())")
        #expect(t.screen().contains("attempt 2"))
        #expect(try cli.status(order) == "paid")
    }

    @Test func anotherChannelIsRefusedWhileTheConsoleHoldsTheOrder() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        let order = try cli.unpaid(1)[0]
        try loggedIn(cli, t)
        tender(t, count: 1)
        let web = try cli.run("pay", order, "--qr", "--channel", "web", "--operator", "alice")
        #expect(web.code == 1)
        #expect(web.err.contains("held by counter (cashier)"), "\(web.err)")
        #expect(try cli.status(order) == "unpaid")
    }

    @Test func resizeMidPaymentAndTooSmall() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        try loggedIn(cli, t)
        tender(t, count: 1)
        split(t, cash: "0", tendered: "0", code: CLI.code(4, 8))  // waits until cancelled
        #expect(t.waitFor("left") != nil, "\(t.screen())")
        t.resize(width: 70, height: 20)
        #expect(t.waitFor("Enlarge the window") != nil, "\(t.screen())")
        t.resize(width: 120, height: 35)
        let big = t.waitFor("Trade CSH")
        #expect(big != nil, "\(t.screen())")
        #expect(big?.split(separator: "\n").first?.count ?? 0 > 100, "the header did not use the new width")
        #expect(t.waitFor("C L O S E D", timeout: 20) != nil, "\(t.screen())")
    }

    @Test func aBadThemeFileIsNamedAndTheConsoleStillStarts() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        let bad = cli.dir + "/bad.toml"
        try Data("[header]\nfg = \"white\"\nsparkle = true\n".utf8).write(to: URL(fileURLWithPath: bad))
        t.start(cli, args: ["--theme", bad], width: 80, height: 24)
        let screen = t.waitFor("header.sparkle")
        #expect(screen?.contains("Log in") == true, "\(screen ?? "")")
        #expect(screen?.contains("bad.toml") == true, "\(screen ?? "")")
        #expect(screen?.contains("header.sparkle") == true, "\(screen ?? "")")
        t.type("cashier"); t.keys("Tab"); t.type("1111"); t.keys("Enter")
        #expect(t.waitFor("Nothing selected") != nil, "\(t.screen())")
    }

    @Test func sigtermAndF10LeaveARestoredTerminal() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        try loggedIn(cli, t)
        let pid = try #require(t.consolePid())
        kill(pid, SIGTERM)
        let after = t.waitFor("AFTER-CONSOLE")
        #expect(after?.contains("AFTER-CONSOLE rc=0") == true, "\(t.screen())")
        #expect(after?.contains("BEFORE-CONSOLE") == true, "the normal screen did not come back: \(after ?? "")")
        #expect(after?.contains("Nothing selected") == false)

        let second = Tmux()
        defer { second.stop() }
        try loggedIn(cli, second)
        second.keys("F10")
        #expect(second.waitFor("AFTER-CONSOLE rc=0") != nil, "\(second.screen())")

        #expect(try cli.run("check").code == 0)
    }

    @Test func monoThemeUsesNoColours() throws {
        let (cli, t) = try fresh()
        defer { t.stop() }
        try loggedIn(cli, t, args: ["--theme", "mono"])
        let raw = t.screenWithEscapes()
        // SGR colour codes 30–37/40–47/38;5/48;5 must not appear; bold (1) and reverse (7) may.
        let colour = try Regex(#"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[0-9;]*m"#)
        #expect(raw.firstMatch(of: colour) == nil, "colour codes in mono: \(raw.prefix(400))")
        #expect(raw.contains("\u{1b}[7m") || raw.contains(";7m") || raw.contains("\u{1b}[1m"), "no bold or reverse at all")
    }
}
