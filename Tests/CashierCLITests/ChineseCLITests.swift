import Foundation
import Testing

/// The CLI in Chinese: `--lang zh` (or the locale) words human output and refusals; `--json`
/// stays language-neutral.
@Suite struct ChineseCLITests {
    @Test func refusalsInBothLanguages() throws {
        let cli = CLI()
        let en = try cli.run("orders", "--store", cli.dir + "/none.sqlite")
        #expect(en.code != 0 && en.err.hasPrefix("There is no store at "))
        let zh = try cli.run("orders", "--store", cli.dir + "/none.sqlite", "--lang", "zh")
        #expect(zh.code != 0 && zh.err.contains("处没有门店：用 `cashier demo --store"), "\(zh.err)")
        var env = cli.environment
        env["LANG"] = "zh_CN.UTF-8"
        let child = try #require(Child([CLI.binary, "orders", "--limit", "0"], environment: env, capture: true))
        let locale = CLI.finish(child)
        #expect(locale.code != 0 && locale.err == "--limit 必须在 1 到 100000 之间。\n", "\(locale.err)")
        let bad = try cli.run("orders", "--lang", "fr")
        #expect(bad.code != 0 && bad.err.contains("--lang fr is not a language this program speaks: use zh or en."))
    }

    /// The engine's refusals (keys and values, worded by the CLI) in either language, with the
    /// CLI's own words for a remedy.
    @Test func engineRefusalsInBothLanguages() throws {
        let cli = CLI()
        try cli.demo()
        let order = try cli.unpaid(1)[0]
        let refund = ["refund", "request", order, "--amount", "1", "--reason", "x"]
        let en = try cli.run(refund)
        #expect(en.code != 0 && en.err == "Order \(order) is unpaid: only paid orders can be refunded.\n", "\(en.err)")
        let zh = try cli.run(refund + ["--lang", "zh"])
        #expect(zh.code != 0 && zh.err == "订单 \(order) 的状态是“待支付”：只有已支付的订单才能退款。\n", "\(zh.err)")
        let ghost = try cli.run("pay", order, "--cash", "1", "--operator", "ghost", "--lang", "zh")
        #expect(ghost.code != 0 && ghost.err == "没有用户“ghost”：请用 --operator 指定已有用户。\n", "\(ghost.err)")
        let pin = try cli.run("refund", "approve", "1", "--supervisor", "supervisor", "--pin", "0000", "--lang", "zh")
        #expect(pin.code != 0 && pin.err == "supervisor 的 PIN 错误：请重试（还剩 4 次）。\n", "\(pin.err)")
        let again = try cli.run("refund", "approve", "1", "--supervisor", "supervisor", "--pin", "0000")
        #expect(again.code != 0 && again.err == "Wrong PIN for supervisor: try again (3 attempts left).\n", "\(again.err)")
        #expect(try cli.status(order) == "unpaid")
    }

    @Test func humanOutputInChineseAndJSONUnchanged() throws {
        let cli = CLI()
        let seeded = try cli.run("demo", "--orders", "40", "--lang", "zh")
        #expect(seeded.code == 0 && seeded.out.contains("演示门店已就绪"))
        let list = try cli.run("orders", "--status", "unpaid", "--limit", "3", "--lang", "zh")
        #expect(list.out.split(separator: "\n").count == 3 && list.out.contains("待支付") && !list.out.contains("unpaid"), "\(list.out)")
        let json = try cli.run("orders", "--status", "unpaid", "--limit", "1", "--json", "--lang", "zh")
        #expect(json.out.contains("\"status\":\"unpaid\"") || json.out.contains("\"status\" : \"unpaid\""), "\(json.out)")
        let x = try cli.run("report", "x", "--lang", "zh")
        #expect(x.code == 0, "\(x.err)")
        for word in ["X 报表 — 营业日", "按支付方式", "现金", "钱箱", "开班备用金", "长款/短款"] {
            #expect(x.out.contains(word), "\(word) missing:\n\(x.out)")
        }
        #expect(try cli.run("report", "x").out.contains("Payments by method"))
    }
}
