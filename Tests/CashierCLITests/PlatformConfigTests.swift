import Foundation
import Testing

/// One platform per kind in config.toml: a kind without one is refused in one sentence naming
/// the table to add; a bad table is refused naming what to fix; nothing is written either way.
@Suite struct PlatformConfigTests {
    func config(_ cli: CLI, _ text: String) throws {
        let path = cli.dir + "/config.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        cli.configPath = path
    }

    func unionpay(_ n: Int) -> String { "62" + String(format: "%016d", n) + "0" }

    @Test func aUnionPayCodeIsRefusedNamingTheTableToAdd() throws {
        let cli = CLI()
        try cli.configureBothPlatforms()
        try cli.demo()
        let order = try cli.unpaid(1)[0]
        let r = try cli.run("pay", order, "--code", unionpay(1))
        #expect(r.code == 1)
        #expect(r.err.contains("takes no UnionPay payments") && r.err.contains("[platform.unionpay]") && r.err.contains(cli.dir + "/config.toml"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(try cli.status(order) == "unpaid")
        // Configured for the embedded sandbox, the same code pays. A PostgreSQL store refuses that
        // sandbox (no other host could query it), and UnionPay has no other: the refusal says to remove it.
        try config(cli, "[platform.unionpay]\nkind = \"sandbox\"\n")
        let configured = try cli.run("pay", order, "--code", unionpay(2))
        if cli.world == nil {
            #expect(configured.code == 0, "\(configured.err)")
            #expect(try cli.status(order) == "paid")
        } else {
            #expect(configured.code == 1 && configured.err.contains("remove [platform.unionpay] from the config"), "\(configured.err)")
            cli.configPath = nil
            #expect(try cli.status(order) == "unpaid")
        }
    }

    @Test func badPlatformTablesAreRefusedNamingWhatToFix() throws {
        let cli = CLI()
        try cli.demo()
        let order = try cli.unpaid(1)[0]
        let cases: [(String, String)] = [
            ("[platform.wechat]\nkind = \"http\"\n", "platform.wechat.kind is http but platform.wechat.url is missing"),
            ("[platform.wechat]\nappid = \"wx1\"\n", "needs appid, mch_id and api_key together"),
            ("[platform.wechat]\napi_key = \"short\"\nappid = \"a\"\nmch_id = \"1\"\n", "api_key must be 32 characters"),
            ("[platform]\nkind = \"sandbox\"\n\n[platform.alipay]\nkind = \"sandbox\"\n", "move kind into [platform.alipay]"),
            ("[platform.unionpay]\nkind = \"http\"\n", "platform.unionpay takes only kind = \"sandbox\""),
            ("[platform.alipay]\nkind = \"http\"\n", "platform.alipay.kind is http but platform.alipay.url is missing"),
        ]
        for (text, expected) in cases {
            try config(cli, text)
            let r = try cli.run("pay", order, "--code", CLI.wechatCode(0, 1))
            #expect(r.code == 1 && r.err.contains(expected) && r.err.split(separator: "\n").count == 1, "\(text): \(r.err)")
        }
        cli.configPath = nil  // every command refuses a bad table: look with none
        #expect(try cli.status(order) == "unpaid")
    }
}
