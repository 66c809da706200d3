import Foundation
import Testing

/// The reconciliation screen end to end: the real console in tmux over a store whose day was
/// reconciled by `cashier reconcile` (a WeChat bill file holding a charge the store never made).
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ReconcileTmuxTests {
    @Test func aSupervisorReadsTheDayAndResolvesItsItem() throws {
        let cli = CLI()
        try cli.demo(orders: 40)
        let day = ReconcileCLITests.today
        #expect(try cli.run("reconcile", "--date", day, "--platform", "alipay").code == 0)
        let file = cli.dir + "/wechat.txt"
        try ReconcileCLITests.ghostBill(day).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try cli.run("reconcile", "--date", day, "--platform", "wechat", "--file", file, "--hold-days", "0").code == 0)

        let t = Tmux()
        defer { t.stop() }
        t.start(cli, width: 80, height: 24)
        #expect(t.waitFor("Log in") != nil, "no log-in screen: \(t.screen())")
        t.type("supervisor"); t.keys("Tab"); t.type("9999"); t.keys("Enter")
        _ = t.waitFor("float", timeout: 4)   // the open-shift screen, when it asks; Esc skips it
        t.keys("Escape")
        #expect(t.waitFor("Nothing selected") != nil, "no orders screen: \(t.screen())")
        t.keys("b")
        let days = t.waitFor("platform days")
        #expect(days?.contains(" \(day) alipay") == true && days?.contains(" \(day) wechat") == true, "\(days ?? t.screen())")
        // WeChat's day is the second row; its item is the ghost charge.
        t.keys("Down", "Enter")
        let items = t.waitFor("GHOST7")
        #expect(items?.contains("status mismatch") == true && items?.contains("66.00") == true, "\(items ?? t.screen())")
        t.keys("r")
        #expect(t.waitFor("Resolve item #") != nil, "\(t.screen())")
        t.type("not ours: refunded in the merchant portal"); t.keys("Tab", "Tab"); t.type("9999"); t.keys("Enter")
        let resolved = t.waitFor("Resolved by supervisor")
        #expect(resolved?.contains("resolved") == true, "\(resolved ?? t.screen())")
        let rows = try cli.json("reconcile", "items", "--date", day, "--platform", "wechat", "--json") as? [String: Any]
        #expect((rows?["items"] as? [[String: Any]])?.first { $0["tradeNo"] as? String == "GHOST7" }?["state"] as? String == "resolved")

        // The X report says where the day stands.
        t.keys("Escape", "Escape", "r")
        _ = t.waitFor("X report")
        t.keys("End")
        let report = t.waitFor("Open items")
        #expect(report?.contains("Reconciliation: day reconciled") == true, "\(report ?? t.screen())")
    }
}
