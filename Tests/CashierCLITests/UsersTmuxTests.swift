import Foundation
import Testing

/// Users and the audit log in the real console: a supervisor adds a cashier, who then logs in.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct UsersTmuxTests {
    @Test func aSupervisorAddsACashierWhoThenLogsIn() throws {
        let cli = CLI()
        try cli.demo(orders: 20)
        let t = Tmux()
        defer { t.stop() }
        t.start(cli, width: 100, height: 30)
        #expect(t.waitFor("Log in") != nil, "no log-in screen: \(t.screen())")
        t.type("supervisor"); t.keys("Tab"); t.type("9999"); t.keys("Enter")
        // A supervisor managing users needs no drawer: skip the shift the console offers.
        #expect(t.waitFor("Esc skips") != nil, "no shift offer: \(t.screen())")
        t.keys("Escape")
        #expect(t.waitFor("uUsers") != nil, "the bar does not offer Users: \(t.screen())")
        var screens: [String] = []

        t.keys("u")
        #expect(t.waitFor("alice") != nil, "\(t.screen())")
        t.keys("a")
        #expect(t.waitFor("Add a user") != nil, "\(t.screen())")
        t.type("bob"); t.keys("Tab", "Tab"); t.type("4815"); t.keys("Tab"); t.type("4815"); t.keys("Tab", "Tab"); t.type("9999")
        let form = t.waitFor("[••••]") ?? t.screen()
        screens.append(form)
        #expect(form.contains("Name        [bob") && form.contains("Supervisor  [supervisor"), "\(form)")
        t.keys("Enter")
        #expect(t.waitFor("Added cashier bob") != nil, "\(t.screen())")
        // The message shows with the answer; the reloaded list with bob follows it.
        let added = t.waitFor(" bob ") ?? t.screen()
        screens.append(added)
        #expect(added.contains(" bob ") && added.contains("supervisor"), "\(added)")

        t.keys("a")
        screens.append(t.waitFor("Add a user") ?? t.screen())
        t.keys("Escape", "Escape")
        #expect(t.waitFor("Nothing selected") != nil, "\(t.screen())")
        t.keys("a")
        #expect(t.waitFor("name and PIN open it") != nil, "\(t.screen())")
        t.type("9999"); t.keys("Enter")
        // Two answers: the PIN and the chain, then the first page.
        let audit = t.waitFor("user bob", timeout: 30) ?? t.screen()
        screens.append(audit)
        #expect(audit.contains("user.added") && audit.contains("Chain verified"), "\(audit)")

        t.keys("Escape", "F9")
        #expect(t.waitFor("supervisor logged out") != nil, "\(t.screen())")
        t.type("bob"); t.keys("Tab"); t.type("4815"); t.keys("Enter")
        let bob = t.waitFor("Logged in as bob (cashier)") ?? t.screen()
        screens.append(bob)
        #expect(bob.contains("bob (cashier)"), "\(bob)")
        for s in screens { #expect(!s.contains("4815") && !s.contains("9999"), "a PIN shows on screen: \(s)") }
        t.keys("F10")
        #expect(t.waitFor("AFTER-CONSOLE rc=0") != nil, "\(t.screen())")
        let users = try cli.json("user", "list", "--json") as? [[String: Any]] ?? []
        #expect(users.contains { $0["name"] as? String == "bob" && $0["created_by"] as? String == "supervisor" })
    }
}
