import Foundation
import Testing

/// `cashier order add|cancel|import` and `cashier webhook add|list|remove|events|redeliver`,
/// through the real binary: what each prints, what it refuses in one sentence, and that a refusal
/// writes nothing.
@Suite struct OrderCLITests {
    static func orderCount(_ cli: CLI) throws -> Int {
        (try cli.json("orders", "--status", "unpaid", "--limit", "100000", "--json") as? [[String: Any]] ?? []).count
    }

    @Test func orderAddIsIdempotentAndCancelTakesAReason() throws {
        let cli = CLI()
        try cli.demo(orders: 10)
        let add = ["order", "add", "INV-1001", "--type", "fees", "--customer", "Ines", "--line", "Term fee,1,1200.00", "--line", "Books, used,3,35.50"]
        let first = try cli.run(add)
        #expect(first.code == 0 && first.out == "Order INV-1001 created: 1306.50 CNY due.\n", "\(first.out)\(first.err)")
        let again = try cli.run(add)
        #expect(again.code == 0 && again.out == "Order INV-1001 exists already with the same content: nothing changed.\n", "\(again.out)")
        let other = try cli.run(["order", "add", "INV-1001", "--type", "fees", "--line", "Term fee,1,1200.00"])
        #expect(other.code == 1 && other.err == "Order INV-1001 exists with a different customer (stored \"Ines\", sent \"\"): use a new number for a new order.\n", "\(other.err)")
        let json = try cli.json("order", "add", "INV-1002", "--type", "new-kind", "--line", "Fee,2,10.00", "--expires", "2h", "--json") as? [String: Any] ?? [:]
        #expect(json["number"] as? String == "INV-1002" && json["amount"] as? String == "20.00" && json["status"] as? String == "unpaid")

        let before = try Self.orderCount(cli)
        for (args, message) in [
            (["order", "add", "bad number", "--type", "fees", "--line", "a,1,1"],
             "The order number \"bad number\" is not 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or digit: use the business's own order number."),
            (["order", "add", "INV-9", "--type", "fees", "--line", "a,1,1.234"],
             "--line 1 \"a,1,1.234\": The amount \"1.234\" has more than 2 decimal places: round it to 2 places, such as 12.34."),
            (["order", "add", "INV-9", "--type", "fees", "--line", "a;1;1"], "--line 1 \"a;1;1\": write it as NAME,QTY,PRICE such as \"Term fee,1,120.00\"."),
            (["order", "add", "INV-9", "--type", "fees"], "An order needs at least one --line \"NAME,QTY,PRICE\"."),
            (["order", "add", "INV-9", "--type", "fees", "--line", "a,1,1", "--expires", "yesterday"],
             "--expires \"yesterday\" is neither an RFC 3339 time such as 2026-12-01T18:00:00+08:00 nor a delay such as 30m, 2h or 7d."),
            (["order", "add", "INV-9", "--type", "fees", "--line", "a,1,1", "--note", String(repeating: "n", count: 501)],
             "The note is longer than 500 characters: shorten it."),
        ] {
            let r = try cli.run(args)
            #expect(r.code == 1 && r.err == message + "\n", "\(args): \(r.err)")
        }
        #expect(try Self.orderCount(cli) == before)

        let noReason = try cli.run("order", "cancel", "INV-1001", "--reason", " ")
        #expect(noReason.code == 1 && noReason.err == "The reason is empty: say why, in a few words.\n", "\(noReason.err)")
        let long = try cli.run("order", "cancel", "INV-1001", "--reason", String(repeating: "r", count: 501))
        #expect(long.code == 1 && long.err == "The reason is longer than 500 characters: shorten it.\n", "\(long.err)")
        let cancel = try cli.run("order", "cancel", "INV-1001", "--reason", "duplicate bill")
        #expect(cancel.code == 0 && cancel.out == "Order INV-1001 is cancelled.\n", "\(cancel.err)")
        #expect(try cli.status("INV-1001") == "cancelled")
        let twice = try cli.run("order", "cancel", "INV-1001", "--reason", "again")
        #expect(twice.code == 1 && twice.err.hasPrefix("Order INV-1001 is cancelled already"), "\(twice.err)")
        let paid = try cli.run("pay", "INV-1001", "--cash", "1306.50")
        #expect(paid.code == 1 && paid.err.contains("INV-1001 is cancelled"), "\(paid.err)")
        let unknown = try cli.run("order", "cancel", "NOPE-1", "--reason", "x")
        #expect(unknown.code == 1 && unknown.err == "There is no order NOPE-1: check the order number.\n", "\(unknown.err)")
    }

    @Test func importIsAllOrNothingWithEveryBadRowByLineAndTwiceChangesNothing() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let good = cli.dir + "/orders.csv"
        try """
            number,type,line_name,quantity,unit_price,customer,currency,expires_at,note
            IMP-1,fees,Term fee,1,1200.00,Ines,CNY,,
            IMP-1,fees,Books,3,35.50,Ines,CNY,,
            "IMP-2",clinic,"Visit, first",1,80,"Zoë ""Z"" Müller",,,walk in

            """.write(toFile: good, atomically: true, encoding: .utf8)
        let r = try cli.run("order", "import", good)
        #expect(r.code == 0 && r.out.hasPrefix("Imported \(good): 2 orders created, 0 already there unchanged ("), "\(r.out)\(r.err)")
        let again = try cli.run("order", "import", good)
        #expect(again.code == 0 && again.out.hasPrefix("Imported \(good): 0 orders created, 2 already there unchanged ("), "\(again.out)")
        let imported = try cli.json("orders", "--search", "IMP-", "--json") as? [[String: Any]] ?? []
        #expect(Set(imported.compactMap { $0["amount"] as? String }) == ["1306.50", "80.00"])
        #expect(imported.contains { $0["customer"] as? String == "Zoë \"Z\" Müller" && $0["type"] as? String == "clinic" })

        let before = try Self.orderCount(cli)
        let bad = cli.dir + "/bad.csv"
        var bytes = Data("""
            number,type,line_name,quantity,unit_price
            NEW-1,fees,Fee,1,10.00
            NEW-2,fees,Fee,x,10.00
            NEW-3,fees,Fee,1,10.001
            bad number,fees,Fee,1,1
            NEW-5,fees,Fee,1

            """.utf8)
        bytes += Data([0x4E, 0x45, 0x57, 0x2D, 0x36, 0x2C, 0xFF, 0x0A])  // NEW-6,<bad byte>
        try bytes.write(to: URL(fileURLWithPath: bad))
        let refused = try cli.run("order", "import", bad)
        #expect(refused.code == 1, "\(refused.out)")
        #expect(refused.err == """
            \(bad) was not imported (5 problems, nothing written):
            line 3: the quantity "x" is not a whole number.
            line 4: unit_price: The amount "10.001" has more than 2 decimal places: round it to 2 places, such as 12.34.
            line 6: 4 fields, the header has 5: give every column (empty for none).
            line 7: not valid UTF-8: save the file as UTF-8.
            line 5: order bad number: The order number "bad number" is not 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or digit: use the business's own order number.

            """, "\(refused.err)")
        #expect(refused.err.contains("line 3: the quantity \"x\" is not a whole number."))
        #expect(refused.err.contains("line 4: unit_price: The amount \"10.001\" has more than 2 decimal places"))
        #expect(refused.err.contains("line 6: 4 fields, the header has 5: give every column (empty for none)."))
        #expect(refused.err.contains("line 7: not valid UTF-8: save the file as UTF-8."))
        // The same refusal in Chinese: every line of it, the row's own problem included.
        let zh = try cli.run("order", "import", bad, "--lang", "zh")
        #expect(zh.code == 1, "\(zh.out)")
        #expect(zh.err.hasPrefix("\(bad) 未导入（5 个问题，未写入任何内容）：\n第 3 行：数量“x”不是整数。\n"), "\(zh.err)")
        #expect(zh.err.contains("第 6 行：有 4 个字段，表头有 5 个："), "\(zh.err)")
        #expect(zh.err.contains("第 5 行：订单 bad number："), "\(zh.err)")
        #expect(!zh.err.contains("line ") && !zh.err.contains("The amount"), "\(zh.err)")
        #expect(try Self.orderCount(cli) == before)

        let header = cli.dir + "/header.csv"
        try "number,type,line_name,unit_price\nN-1,fees,Fee,1\n".write(toFile: header, atomically: true, encoding: .utf8)
        let h = try cli.run("order", "import", header)
        #expect(h.code == 1 && h.err.contains("line 1: the header lacks quantity: use the columns number,type,line_name,quantity,unit_price,customer,currency,expires_at,note"), "\(h.err)")

        // The same number with other content than the store holds: refused by its line, nothing written.
        let clash = cli.dir + "/clash.jsonl"
        try """
            {"number":"J-1","type":"fees","currency":"CNY","lines":[{"name":"Fee","quantity":1,"unit_price":"5.00"}]}
            {"number":"IMP-2","type":"clinic","currency":"CNY","lines":[{"name":"Visit","quantity":1,"unit_price":"80.00"}]}

            """.write(toFile: clash, atomically: true, encoding: .utf8)
        let c = try cli.run("order", "import", clash)
        #expect(c.code == 1 && c.err.contains("line 2: Order IMP-2 exists with a different customer"), "\(c.err)")
        #expect(try Self.orderCount(cli) == before)
    }

    @Test func webhookCommandsPrintTheSecretOnceAndManageDeliveries() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let add = try cli.run("webhook", "add", "http://127.0.0.1:9/hook", "--events", "order.cancelled,order.paid")
        #expect(add.code == 0 && add.err == "Webhook 1 added. Its signing secret (shown only now):\n", "\(add.err)")
        let secret = add.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("whsec_") && secret.count > 30)
        let list = try cli.run("webhook", "list")
        #expect(list.out == "1\thttp://127.0.0.1:9/hook\torder.cancelled,order.paid\n", "\(list.out)")
        // The secret is never shown again, nor stored in the clear.
        #expect(!list.out.contains(secret))
        let raw = try cli.storeBytes()
        #expect(raw.range(of: Data(secret.utf8)) == nil)

        let badEvent = try cli.run("webhook", "add", "http://127.0.0.1:9/x", "--events", "order.paid,order.shipped")
        #expect(badEvent.code == 1 && badEvent.err.hasPrefix("Unknown event \"order.shipped\": use order.paid, "), "\(badEvent.err)")
        let badURL = try cli.run("webhook", "add", "ftp://x", "--events", "order.paid")
        #expect(badURL.code == 1 && badURL.err == "\"ftp://x\" is not an http(s) URL: give the receiver's full address.\n", "\(badURL.err)")

        #expect(try cli.run("webhook", "events").out == "No deliveries yet.\n")
        let number = try cli.unpaid(1)[0]
        #expect(try cli.run("order", "cancel", number, "--reason", "test").code == 0)
        let events = try cli.run("webhook", "events")
        #expect(events.out.hasPrefix("evt_1\torder.cancelled\tpending\tattempts 0\thttp://127.0.0.1:9/hook"), "\(events.out)")
        #expect(try cli.run("webhook", "events", "--failed").out == "No failed deliveries.\n")

        let redeliver = try cli.run("webhook", "redeliver", "evt_1")
        #expect(redeliver.code == 0 && redeliver.out == "Event evt_1 will be sent again to 1 receiver.\n", "\(redeliver.err)")
        let noEvent = try cli.run("webhook", "redeliver", "evt_99")
        #expect(noEvent.code == 1 && noEvent.err == "There is no delivery of event evt_99: see `cashier webhook events`.\n", "\(noEvent.err)")
        let notId = try cli.run("webhook", "redeliver", "abc")
        #expect(notId.code == 1 && notId.err == "\"abc\" is not an event id: use evt_N from `cashier webhook events`.\n", "\(notId.err)")

        #expect(try cli.run("webhook", "remove", "1").out == "Webhook 1 removed.\n")
        let gone = try cli.run("webhook", "remove", "1")
        #expect(gone.code == 1 && gone.err == "There is no webhook 1: see `cashier webhook list`.\n", "\(gone.err)")
        #expect(try cli.run("webhook", "list").out == "No webhooks: add one with `cashier webhook add URL --events order.paid`.\n")
        // Its pending delivery was dropped, named as such for a supervisor.
        #expect(try cli.run("webhook", "events", "--failed").out.contains("evt_1\torder.cancelled\tfailed\tattempts 0\thttp://127.0.0.1:9/hook\twebhook removed"))
    }
}
