import Foundation
import Testing

/// `cashier receipt list|show|reprint` on a real process, with the config's [receipts] table.
@Suite struct ReceiptCLITests {
    func run(_ cli: CLI, config: String?, _ args: String...) throws -> CLI.Result { try run(cli, config: config, args) }

    @Test func payShowReprintAndList() throws {
        let cli = CLI()
        try cli.demo(orders: 200)
        // The demo's history (10 payments, one approved refund) has receipt files, none printed.
        let folder = cli.filesFolder + "/receipts"
        let seeded = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(seeded.filter { $0.hasSuffix("-payment.txt") }.count == 10)
        #expect(seeded.contains { $0.hasSuffix("-refund.txt") })

        let unpaid = try cli.json("orders", "--status", "unpaid", "--limit", "1", "--json") as? [[String: Any]] ?? []
        let order = try #require(unpaid.first?["number"] as? String)
        let amount = try #require(unpaid.first?["amount"] as? String)
        let printed = cli.dir + "/printed.bin"
        let config = """
            [receipts]
            width = 32
            printer = "cat > '\(printed)'"
            escpos = true
            [store]
            name = "Test Shop 测试店"
            header = ["1 Main Street"]
            """
        let pay = try run(cli, config: config, "pay", order, "--cash", amount, "--tendered", "1000")
        #expect(pay.code == 0, "\(pay.err)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: printed)))
        #expect(Array(bytes.prefix(2)) == [0x1B, 0x40] && Array(bytes.suffix(2)) == [66, 4])

        let show = try run(cli, config: config, "receipt", "show", order)
        #expect(show.code == 0, "\(show.err)")
        let lines = show.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first?.contains("Test Shop 测试店") == true)
        #expect(lines.contains { $0.hasPrefix("Order \(order)") })
        let wide = try run(cli, config: nil, "receipt", "show", order, "--width", "48")
        #expect(wide.out.split(separator: "\n").contains { $0 == Substring(String(repeating: "-", count: 48)) })
        let raw = try run(cli, config: nil, "receipt", "show", order, "--escpos", "--encoding", "gb18030")
        #expect(raw.code == 0 && raw.out.utf8.starts(with: [0x1B, 0x40, 0x1C, 0x26]))

        let reprint = try run(cli, config: config, "receipt", "reprint", order)
        #expect(reprint.code == 0, "\(reprint.err)")
        #expect(reprint.out.contains("reprint 1") && reprint.out.contains("printed"))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + reprint.out.prefix(9) + "-payment-reprint1.txt"))

        let list = try cli.json("receipt", "list", "--limit", "3", "--json") as? [[String: Any]] ?? []
        #expect(list.count == 3)
        #expect(list[0]["orders"] as? [String] == [order])
        #expect(list[0]["printed"] as? Bool == true && list[0]["reprints"] as? Int == 1)
        let check = try cli.run("check")
        #expect(check.code == 0 && !check.out.contains("Receipt not written"), "\(check.out)")
    }

    @Test func badReceiptInputIsOneLine() throws {
        let cli = CLI()
        try cli.demo(orders: 40)
        let cases: [([String], String?, String)] = [
            (["receipt", "show", "NOPE"], nil, "no receipt for \"NOPE\""),
            (["receipt", "show", "R00000001", "--width", "40"], nil, "32, 42 or 48"),
            (["receipt", "show", "R00000001", "--encoding", "latin1", "--escpos"], nil, "utf8 or gb18030"),
            (["receipt", "reprint", "R00000001", "--operator", "ghost"], nil, "no user"),
            (["receipt", "list"], "[receipts]\nwidth = 40\n", "width must be 32, 42 or 48"),
            (["receipt", "list"], "[receipts]\ncolour = 1\n", "unknown key \"colour\""),
            (["receipt", "list"], "[store]\nheader = \"x\"\n", "header must be a list"),
        ]
        for (args, config, words) in cases {
            let r = try run(cli, config: config, args)
            #expect(r.code == 1, "\(args) succeeded")
            #expect(r.err.contains(words), "\(args): \(r.err)")
            #expect(r.err.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(args): \(r.err)")
        }
    }
}

extension ReceiptCLITests {
    func run(_ cli: CLI, config: String?, _ args: [String]) throws -> CLI.Result {
        var env = cli.environment
        let path = cli.dir + "/config.toml"
        if let config { try Data(config.utf8).write(to: URL(fileURLWithPath: path)) }
        env["CASHIER_CONFIG"] = config == nil ? cli.dir + "/no-config.toml" : path
        guard let child = Child([CLI.binary] + args, environment: env, capture: true) else { throw CLIError(message: "no child") }
        return CLI.finish(child)
    }
}
