import Foundation
import Testing

/// A cashier's day from the CLI: open a shift, take cash, cash-out, close with a count, X and Z reports.
@Suite struct ShiftCLITests {
    func object(_ r: CLI.Result) throws -> [String: Any] {
        #expect(r.code == 0, "\(r.err)")
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any] ?? [:]
    }

    /// A refusal: exit 1, one line on stderr naming the problem.
    func refused(_ r: CLI.Result, _ words: String) {
        #expect(r.code == 1, "expected a refusal containing \(words): \(r.out)")
        #expect(r.err.contains(words), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
    }

    @Test func aDayFromOpeningToTheZReport() throws {
        let cli = CLI()
        try cli.demo(orders: 40, openShift: false)
        let order = try #require(try cli.unpaid(1).first)
        #expect(try cli.run("shift", "show").out.contains("No open shift on terminal test-till"))
        refused(try cli.run("pay", order, "--cash", "1"), "no open shift")

        let opened = try object(try cli.run("shift", "open", "--operator", "cashier", "--pin", "1111", "--float", "500", "--json"))
        #expect(opened["terminal"] as? String == "test-till" && opened["expected"] as? String == "500.00")
        refused(try cli.run("shift", "open", "--operator", "cashier", "--pin", "1111", "--float", "1"), "already has shift")
        refused(try cli.run("shift", "open", "--operator", "alice", "--pin", "2222", "--float", "1"), "Terminal test-till has shift")
        refused(try cli.run("shift", "open", "--operator", "alice", "--pin", "2222", "--float", "1.234", "--terminal", "t2"), "decimal places")

        let amount = try #require((try cli.json("orders", "--search", order, "--json") as? [[String: Any]])?.first?["amount"] as? String)
        #expect(try cli.run("pay", order, "--cash", amount, "--tendered", "1000").code == 0)
        #expect(try cli.run("shift", "cash-out", "--amount", "100", "--reason", "bank drop").code == 0)
        refused(try cli.run("shift", "cash-in", "--amount", "abc", "--reason", "x"), "not a number")
        refused(try cli.run("shift", "cash-out", "--amount", "99999", "--reason", "too much"), "should hold only")
        let shown = try object(try cli.run("shift", "show", "--json"))
        let expected = try #require(shown["expected"] as? String)
        #expect(expected == decimal(50_000 + minor(amount) - 10_000))
        #expect((shown["movements"] as? [[String: Any]])?.map { $0["kind"] as? String ?? "" } == ["float", "sale", "change", "cash_out"])

        refused(try cli.run("shift", "close", "--operator", "cashier", "--pin", "1111", "--count", "100=1"), "a supervisor must approve")
        refused(try cli.run("shift", "close", "--operator", "cashier", "--pin", "1111", "--count", "100=1,7=1"), "not a CNY note or coin")
        refused(try cli.run("report", "z", "--supervisor", "supervisor", "--pin", "9999"), "is still open")
        let closed = try object(try cli.run("shift", "close", "--operator", "cashier", "--supervisor", "supervisor", "--pin", "9999", "--count", "100=1", "--json"))
        #expect(closed["state"] as? String == "closed" && closed["approved_by"] as? String == "supervisor")
        #expect(closed["over_short"] as? String == decimal(10_000 - minor(expected)))
        refused(try cli.run("shift", "cash-in", "--amount", "1", "--reason", "late"), "no open shift")

        let x = try object(try cli.run("report", "x", "--json"))
        refused(try cli.run("report", "z", "--supervisor", "cashier", "--pin", "1111"), "only a supervisor")
        let z = try cli.run("report", "z", "--supervisor", "supervisor", "--pin", "9999")
        #expect(z.code == 0 && z.out.hasPrefix("Z report 1"), "\(z.err)")
        refused(try cli.run("report", "z", "--supervisor", "supervisor", "--pin", "9999"), "already closed by Z report 1")
        let reprint = try cli.run("report", "z", "--reprint")
        #expect(reprint.code == 0 && reprint.out.hasSuffix(z.out), "\(reprint.out)")
        let zJSON = try object(try cli.run("report", "z", "--reprint", "--json"))
        #expect(zJSON["number"] as? Int == 1 && zJSON["sales_total"] as? String == x["sales_total"] as? String)
        let csv = try cli.run("report", "z", "--reprint", "--csv")
        #expect(csv.out.hasPrefix("section,key,count,amount\n") && csv.out.contains("drawer,cash_out,,-100.00"))
        #expect(try cli.run("check").code == 0)
    }

    /// Processes racing: one shift opens on the terminal, one Z report closes the day.
    @Test func racingOpensAndZReportsWinOnce() throws {
        let cli = CLI()
        try cli.demo(orders: 20, openShift: false)
        let users = [("cashier", "1111"), ("alice", "2222"), ("supervisor", "9999")]
        let opens = try users.map { try cli.start(["shift", "open", "--operator", $0.0, "--pin", $0.1, "--float", "100", "--json"]) }.map(CLI.finish)
        #expect(opens.filter { $0.code == 0 }.count == 1, "\(opens.map(\.err))")
        for loser in opens where loser.code != 0 { refused(loser, "Terminal test-till has shift") }
        let winner = try object(try #require(opens.first { $0.code == 0 }))
        let id = try #require(winner["id"] as? Int)
        #expect(try cli.run("shift", "close", "--operator", "supervisor", "--pin", "9999", "--shift", String(id), "--count", "100=1").code == 0)
        let zs = try (0..<3).map { _ in try cli.start(["report", "z", "--supervisor", "supervisor", "--pin", "9999", "--json"]) }.map(CLI.finish)
        #expect(zs.filter { $0.code == 0 }.count == 1, "\(zs.map(\.err))")
        for loser in zs where loser.code != 0 { refused(loser, "already closed by Z report 1") }
        #expect(try cli.run("check").code == 0)
    }

    func minor(_ text: String) -> Int64 {
        let parts = text.split(separator: ".")
        return Int64(parts[0])! * 100 + (parts.count > 1 ? Int64(parts[1])! : 0)
    }

    func decimal(_ m: Int64) -> String { (m < 0 ? "-" : "") + "\(abs(m) / 100)." + String(format: "%02d", abs(m) % 100) }
}
