import Foundation
import Testing

@Suite struct BadInputTests {
    @Test func badInputGetsOneClearLineAndWritesNothing() throws {
        let cli = CLI()
        try cli.demo()
        let order = try cli.unpaid(1)[0]
        let before = try cli.run("check", "--json").out
        let cases: [([String], String)] = [
            (["pay", order, "--cash=-1"], "negative"),
            (["pay", order, "--cash", "12.345"], "decimal places"),
            (["pay", order, "--cash", "abc"], "not a number"),
            (["pay", order, "--cash", "0.01"], "add up"),
            (["pay", "NOPE123", "--cash", "1"], "no order NOPE123"),
            (["pay", order, "--online", "1", "--code", "123456"], "payment code"),
            (["pay", order, "--code", "1300000000000000000000"], "payment code"),
            (["pay", order], "Say how to pay"),
            (["pay", order, "--cash", "1", "--operator", "ghost"], "no user"),
            (["pay", order, "--cash", "1", "--channel", "fax"], "Unknown channel"),
            (["pay", order, "--coupon", "EXPIRED5", "--qr"], "expired"),
            (["refund", "request", order, "--amount", "1", "--reason", "x"], "only paid orders"),
            (["refund", "approve", "1", "--supervisor", "cashier", "--pin", "1111"], "only a supervisor"),
            (["refund", "approve", "1", "--supervisor", "supervisor", "--pin", "0000"], "Wrong PIN"),
            (["orders", "--status", "weird"], "Unknown status"),
            (["status", "ZZZ"], "neither"),
        ]
        for (args, words) in cases {
            let r = try cli.run(args)
            #expect(r.code != 0, "\(args) succeeded")
            #expect(r.err.contains(words), "\(args): \(r.err)")
            #expect(r.err.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(args): \(r.err)")
        }
        let after = try cli.run("check", "--json").out
        #expect(before == after, "a refused command wrote to the store")
        #expect(try cli.status(order) == "unpaid")
    }

    @Test func storesThatCannotBeUsedAreNamed() throws {
        let cli = CLI()
        let missing = try cli.run("orders", "--store", cli.dir + "/none.sqlite")
        #expect(missing.code != 0 && missing.err.contains("There is no store"))
        // Refused without a trace: no folder is made for a store that does not exist.
        let deep = try cli.run("orders", "--store", cli.dir + "/no/such/folder/s.sqlite")
        #expect(deep.code != 0 && deep.err.contains("There is no store") && !FileManager.default.fileExists(atPath: cli.dir + "/no"))
        let junk = cli.dir + "/junk.sqlite"
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: junk))
        let r = try cli.run("orders", "--store", junk)
        #expect(r.code != 0 && r.err.contains("is not a Cashier store"))
        #expect(try String(contentsOfFile: junk, encoding: .utf8) == "not a database at all")
        try cli.demo()
        let again = try cli.run("demo")
        #expect(again.code != 0 && again.err.contains("already holds data"))
        // --replace overwrites an SQLite file; a PostgreSQL store is never dropped by the demo.
        if cli.world != nil {
            let replace = try cli.run("demo", "--replace")
            #expect(replace.code != 0 && replace.err.contains("--replace overwrites only an SQLite store's file"), "\(replace.err)")
            // A URL's password is never printed, refused or ready.
            func withPassword(_ url: String) -> String { url.replacingOccurrences(of: "postgres@", with: "postgres:hunter2@") }
            let refused = try cli.run("demo", "--store", withPassword(cli.store))
            #expect(refused.code != 0 && refused.err.contains("postgres:***@") && !refused.err.contains("hunter2"), "\(refused.err)")
            let fresh = CLI()
            let made = try fresh.run("demo", "--orders", "5", "--store", withPassword(fresh.store))
            #expect(made.code == 0 && made.out.contains("postgres:***@") && !made.out.contains("hunter2"), "\(made.out)\(made.err)")
        }
    }

    @Test func demoIsReproducibleAndFlowsWorkEndToEnd() throws {
        let cli = CLI()
        try cli.demo()
        let list = try cli.json("orders", "--limit", "3", "--json") as? [[String: Any]] ?? []
        #expect(list.count == 3)
        for key in ["number", "type", "customer", "amount", "currency", "status"] { #expect(list[0][key] != nil, "missing \(key)") }
        let order = try cli.unpaid(1)[0]
        let pay = try cli.run("pay", order, "--qr", "--json")
        #expect(pay.code == 0, "\(pay.err)")
        let trade = (try JSONSerialization.jsonObject(with: Data(pay.out.utf8)) as? [String: Any])?["trade_no"] as? String ?? ""
        #expect(try cli.run("sandbox", "scan", trade).code == 0)
        let done = try cli.run("status", trade, "--wait", "10", "--json")
        #expect(done.code == 0 && done.out.contains("\"outcome\" : \"paid\""), "\(done.out)\(done.err)")
        let req = try cli.run("refund", "request", order, "--amount", "1.00", "--reason", "scratched", "--json")
        #expect(req.code == 0, "\(req.err)")
        let id = (try JSONSerialization.jsonObject(with: Data(req.out.utf8)) as? [String: Any])?["id"] as? Int ?? -1
        let ok = try cli.run("refund", "approve", String(id), "--supervisor", "supervisor", "--pin", "9999")
        #expect(ok.code == 0 && ok.out.contains("succeeded"), "\(ok.out)\(ok.err)")
        #expect(try cli.status(order) == "partially_refunded")
        #expect(try cli.run("check").code == 0)
    }
}
