import Foundation
import Testing

/// `cashier user`, `audit`, `receipt`, `reconcile`, `serve`, `sandbox` and `webhook` with `--lang zh`:
/// their sentences, table headers and state words in Chinese, and the English form unchanged.
@Suite struct ChineseCommandsTests {
    static let admin = ["--supervisor", "supervisor", "--pin", "9999"]

    /// The English words left in `text` once names and codes are taken out: tokens with a digit,
    /// a path, an option, a code or a placeholder-like mark, and the `names` given.
    static func english(_ text: String, names: Set<String> = []) -> [String] {
        let codeMarks = CharacterSet(charactersIn: "0123456789/-_.`=@")
        var words: [String] = []
        for token in text.split(whereSeparator: { $0.isWhitespace }) where String(token).rangeOfCharacter(from: codeMarks) == nil {
            var word = ""
            for c in token + " " {
                if c.isASCII && c.isLetter { word.append(c); continue }
                if word.count > 1 && !names.contains(word) { words.append(word) }
                word = ""
            }
        }
        return words
    }

    /// `n` spaces, to spell out a column layout.
    static func gap(_ n: Int) -> String { String(repeating: " ", count: n) }

    @Test func theWordFinderFindsEnglishAndLeavesNamesAndCodes() {
        #expect(Self.english("已添加：bob 收银员 added CSH0001 --lang /tmp/x", names: ["bob"]) == ["added"])
    }

    @Test func userInBothLanguagesWithColumnsByDisplayWidth() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let add = try cli.run(["user", "add", "bob", "--role", "cashier", "--new-pin", "4815", "--lang", "zh"] + Self.admin)
        #expect(add.code == 0 && add.out.hasPrefix("已添加：bob" + Self.gap(14) + "收银员" + Self.gap(6) + "已启用"), "\(add.out)\(add.err)")
        let zh = try cli.run("user", "list", "--lang", "zh")
        let lines = zh.out.split(separator: "\n").map(String.init)
        // 用户名 is six columns wide, 收银员 six, 已启用 six: each column starts where the English one does.
        #expect(lines.first == "用户名" + Self.gap(11) + "角色" + Self.gap(8) + "状态" + Self.gap(6) + "添加", "\(zh.out)")
        #expect(lines.contains { $0.hasPrefix("bob" + Self.gap(14) + "收银员" + Self.gap(6) + "已启用" + Self.gap(4)) && $0.hasSuffix(" 由 supervisor 添加") },
                "\(zh.out)")
        #expect(lines.contains { $0.hasPrefix("supervisor" + Self.gap(7) + "主管" + Self.gap(8) + "已启用") }, "\(zh.out)")
        #expect(Self.english(zh.out, names: ["supervisor", "alice", "cashier", "bob"]) == [], "\(zh.out)")
        let disable = try cli.run(["user", "disable", "bob", "--lang", "zh"] + Self.admin)
        #expect(disable.out.hasPrefix("已停用：bob") && disable.out.contains("已停用    "), "\(disable.out)")
        let role = try cli.run(["user", "add", "carol", "--role", "boss", "--new-pin", "4815", "--lang", "zh"] + Self.admin)
        #expect(role.code == 1 && role.err == "未知角色“boss”：请用 cashier（收银员）或 supervisor（主管）。\n", "\(role.err)")

        let en = try cli.run("user", "list")
        #expect(en.out.hasPrefix("NAME             ROLE        STATUS    ADDED\n"), "\(en.out)")
        #expect(en.out.contains("\nbob              cashier     disabled  added ") && en.out.contains(" by supervisor\n"), "\(en.out)")
        #expect(try cli.run(["user", "enable", "bob"] + Self.admin).out.hasPrefix("Enabled: bob              cashier     enabled   added "))
        #expect(try cli.run(["user", "add", "carol", "--role", "boss", "--new-pin", "4815"] + Self.admin).err
                == "Unknown role \"boss\": use cashier or supervisor.\n")
    }

    @Test func auditInBothLanguages() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        // A second entry after the shift's opening, so that one page of one has more after it.
        #expect(try cli.run("order", "cancel", try cli.unpaid(1)[0], "--reason", "test").code == 0)
        let zh = try cli.run(["audit", "--limit", "1", "--lang", "zh"] + Self.admin)
        let lines = zh.out.split(separator: "\n").map(String.init)
        try #require(zh.code == 0 && lines.count == 2, "\(zh.out)\(zh.err)")
        // The entries' own action, subject and detail are the stored record; the time and channel are worded.
        #expect(lines[0].contains("年") && lines[0].contains("  柜台  "), "\(zh.out)")
        #expect(lines[1].hasPrefix("更多：加上 --before "), "\(zh.out)")
        #expect(try cli.run(["audit", "--actor", "nobody", "--lang", "zh"] + Self.admin).out == "没有符合条件的审计记录。\n")
        let time = try cli.run(["audit", "--since", "yesterday", "--lang", "zh"] + Self.admin)
        #expect(time.code == 1 && time.err.hasPrefix("--since“yesterday”不是时间："), "\(time.err)")

        let en = try cli.run(["audit", "--limit", "1"] + Self.admin).out.split(separator: "\n").map(String.init)
        #expect(en.count == 2 && en[0].contains("  counter  ") && en.last?.hasPrefix("More: add --before ") == true, "\(en)")
        #expect(try cli.run(["audit", "--since", "yesterday"] + Self.admin).err.hasPrefix("--since \"yesterday\" is not a time: "))
    }

    @Test func receiptInBothLanguages() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        // A cash payment: its receipt is named by its checkout (支付单).
        let unpaid = try cli.json("orders", "--status", "unpaid", "--limit", "1", "--json") as? [[String: Any]] ?? []
        let order = try #require(unpaid.first?["number"] as? String)
        let amount = try #require(unpaid.first?["amount"] as? String)
        let pay = try cli.run("pay", order, "--cash", amount)
        #expect(pay.code == 0, "\(pay.err)")
        let zh = try cli.run("receipt", "list", "--lang", "zh")
        #expect(zh.code == 0 && zh.out.hasPrefix("R00000001 支付    支付单 1 \(order) ¥\(amount) — 已完成 — "), "\(zh.out)")
        #expect(Self.english(zh.out) == [], "\(zh.out)")
        let reprint = try cli.run("receipt", "reprint", "R00000001", "--lang", "zh")
        #expect(reprint.code == 0 && reprint.out.hasPrefix("R00000001 第 1 次重打：") && reprint.out.hasSuffix("（未配置打印机）\n"), "\(reprint.out)\(reprint.err)")
        #expect(try cli.run("receipt", "list", "--lang", "zh").out.contains("，重打 1 次"))
        let width = try cli.run("receipt", "show", "R00000001", "--width", "40", "--lang", "zh")
        #expect(width.code == 1 && width.err == "--width 必须是 32、42 或 48（打印机列数），不能是 40。\n", "\(width.err)")

        let en = try cli.run("receipt", "reprint", "R00000001")
        #expect(en.out.hasPrefix("R00000001 reprint 2: ") && en.out.hasSuffix(" (no printer configured)\n"), "\(en.out)")
        let list = try cli.run("receipt", "list").out
        #expect(list.hasPrefix("R00000001 payment checkout 1 \(order) \(amount) CNY — done, 2 reprints — "), "\(list)")
        #expect(try cli.run("receipt", "show", "R00000001", "--width", "40").err == "--width must be 32, 42 or 48 (printer columns), not 40.\n")
    }

    @Test func reconcileInBothLanguages() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let day = ReconcileCLITests.today
        let zh = try cli.run("reconcile", "--date", day, "--lang", "zh")
        #expect(zh.code == 0 && zh.out.hasPrefix("支付宝 \(day)：已对账 ") && zh.out.contains("\n微信支付 \(day)：已对账 "), "\(zh.out)\(zh.err)")
        #expect(zh.out.components(separatedBy: "  门店与平台一致\n").count - 1 == 2 && zh.out.contains("手续费 ¥"), "\(zh.out)")
        #expect(Self.english(zh.out) == [], "\(zh.out)")
        let again = try cli.run("reconcile", "--date", day, "--platform", "alipay", "--lang", "zh")
        #expect(again.out.contains(" — 账单和门店数据与上次相同，没有新情况"), "\(again.out)")
        let items = try cli.run("reconcile", "items", "--lang", "zh")
        #expect(items.out == "\(day) 支付宝：已对平，对账 2 次\n\(day) 微信支付：已对平，对账 1 次\n", "\(items.out)")
        let date = try cli.run("reconcile", "--date", "30.11.2026", "--lang", "zh")
        #expect(date.code == 1 && date.err == "--date 必须是 YYYY-MM-DD 形式的日期，例如 2026-11-30。\n", "\(date.err)")

        // English: plurals by form, the rest as before.
        #expect(try cli.run("reconcile", "items").out == "\(day) alipay: reconciled, 2 runs\n\(day) wechat: reconciled, 1 run\n")
        let en = try cli.run("reconcile", "--date", day, "--platform", "wechat").out
        #expect(en.hasPrefix("wechat \(day): ") && en.contains(" matched, fees ") && en.hasSuffix(" — same bill and store as before, nothing new\n  the store and the platform agree\n"), "\(en)")
    }

    @Test func serveKeysInBothLanguages() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let add = try cli.run("serve", "key", "add", "--channel", "web", "--lang", "zh")
        #expect(add.code == 0 && add.err == "已为 网页 创建 API 密钥 1（记在 cashier 名下）：请立即保存，之后不会再显示。\n", "\(add.err)")
        let list = try cli.run("serve", "key", "list", "--lang", "zh")
        #expect(list.out == "1\t网页\tcashier\t有效\t最近使用 从未\t\n", "\(list.out)")
        #expect(try cli.run("serve", "key", "revoke", "1", "--lang", "zh").out == "API 密钥 1（网页）已吊销。\n")
        #expect(Self.english(try cli.run("serve", "key", "list", "--lang", "zh").out, names: ["cashier"]) == [])
        let port = try cli.run("serve", "--port", "70000", "--lang", "zh")
        #expect(port.code == 1 && port.err == "--port 70000 不是端口：请用 0 到 65535。\n", "\(port.err)")

        let en = try cli.run("serve", "key", "add", "--channel", "app")
        #expect(en.err == "API key 2 for app as cashier: keep it now, it is not shown again.\n", "\(en.err)")
        let enList = try cli.run("serve", "key", "list").out
        #expect(enList.hasPrefix("1\tweb\tcashier\trevoked ") && enList.hasSuffix("\n2\tapp\tcashier\tactive\tlast used never\t\n"), "\(enList)")
        #expect(try cli.run("serve", "key", "revoke", "2").out == "API key 2 (app) revoked.\n")
        #expect(try cli.run("serve", "--port", "70000").err == "--port 70000 is not a port: use 0 to 65535.\n")
    }

    @Test func sandboxInBothLanguages() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let orders = try cli.unpaid(2)
        var trades: [String] = []
        for order in orders {
            let pay = try cli.run("pay", order, "--qr", "--json")
            trades.append((try JSONSerialization.jsonObject(with: Data(pay.out.utf8)) as? [String: Any])?["trade_no"] as? String ?? "")
        }
        #expect(try cli.run("sandbox", "scan", trades[0], "--lang", "zh").out == "顾客已扫码 \(trades[0])：成功。\n")
        #expect(try cli.run("sandbox", "scan", trades[1]).out == "Customer scanned \(trades[1]): success.\n")
        let outcome = try cli.run("sandbox", "scan", trades[1], "--outcome", "maybe", "--lang", "zh")
        #expect(outcome.code == 1 && outcome.err == "未知结果“maybe”：请用 success（成功）、fail（失败）或 abandon（放弃）。\n", "\(outcome.err)")

        guard let server = Child([CLI.binary, "sandbox", "serve", "--port", "0", "--lang", "zh"], environment: cli.environment, capture: true) else {
            throw CLIError(message: "could not start \(CLI.binary)")
        }
        defer {
            if server.isRunning { kill(server.pid, SIGKILL) }
            server.waitUntilExit()
            close(server.outFD)
            close(server.errFD)
        }
        var output = Data()
        // The address line stays as scripts read it; the banner's last line ends the wait.
        let banner = try SandboxServeTests.readUntil(server, &output) { text in
            text.contains("Sandbox gateway: http://127.0.0.1:") && text.contains("支付通知：normal\n") ? text : nil
        }
        let keys = cli.filesFolder + "/keys"
        #expect(banner.contains("\n商户私钥：\(keys)/merchant_private.pem\n") && banner.contains("\n微信支付商户：\(keys)/wechat.toml\n"), "\(banner)")
        let rest = banner.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(Self.english(rest, names: ["normal", "merchant", "platform", "wechat"]) == [], "\(banner)")
        kill(server.pid, SIGTERM)
    }

    @Test func webhookInBothLanguages() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        #expect(try cli.run("webhook", "list", "--lang", "zh").out == "没有 Webhook：用 `cashier webhook add URL --events order.paid` 添加一个。\n")
        let add = try cli.run("webhook", "add", "http://127.0.0.1:9/hook", "--events", "order.cancelled", "--lang", "zh")
        #expect(add.code == 0 && add.err == "已添加 Webhook 1。它的签名密钥（仅此一次显示）：\n", "\(add.err)")
        #expect(try cli.run("webhook", "events", "--lang", "zh").out == "还没有投递。\n")
        #expect(try cli.run("order", "cancel", try cli.unpaid(1)[0], "--reason", "test").code == 0)
        let events = try cli.run("webhook", "events", "--lang", "zh")
        #expect(events.out.hasPrefix("evt_1\torder.cancelled\t待投递\t尝试 0 次\thttp://127.0.0.1:9/hook"), "\(events.out)")
        #expect(try cli.run("webhook", "redeliver", "evt_1", "--lang", "zh").out == "事件 evt_1 将重新发送给 1 个接收方。\n")
        let notId = try cli.run("webhook", "redeliver", "abc", "--lang", "zh")
        #expect(notId.code == 1 && notId.err == "“abc”不是事件编号：请用 `cashier webhook events` 中的 evt_N。\n", "\(notId.err)")
        #expect(try cli.run("webhook", "remove", "1", "--lang", "zh").out == "Webhook 1 已删除。\n")
        #expect(try cli.run("webhook", "events", "--failed", "--lang", "zh").out.contains("\torder.cancelled\t失败\t尝试 0 次\t"))
        // English is asserted in full by OrderCLITests; one look at the plural here.
        #expect(try cli.run("webhook", "events", "--failed").out.hasPrefix("evt_1\torder.cancelled\tfailed\tattempts 0\t"))
    }

    @Test func helpInBothLanguages() throws {
        let cli = CLI()
        let zh = try cli.run("--help", "--lang", "zh")
        #expect(zh.code == 0 && zh.out.hasPrefix("OVERVIEW: 基于本地 SQLite 门店数据的纯键盘收银台和可编写脚本的命令行。\n"), "\(zh.out)")
        for words in ["不带子命令时打开收银台", "列出订单，最新的在前。", "对账：将某天的平台账单与门店核对", "支付和退款的小票：列出、显示、重打。"] {
            #expect(zh.out.contains(words), "\(words) missing:\n\(zh.out)")
        }
        let add = try cli.run("user", "add", "--help", "--lang", "zh")
        for words in ["添加收银员或主管。", "新用户的 PIN 码，4–8 位数字", "作出此改动的主管。", "机器可读的输出", "门店文件（默认："] {
            #expect(add.out.contains(words), "\(words) missing:\n\(add.out)")
        }
        // The locale chooses it too; the parser's own headings (USAGE, OPTIONS) stay as it prints them.
        var env = cli.environment
        env["LANG"] = "zh_CN.UTF-8"
        let child = try #require(Child([CLI.binary, "reconcile", "run", "--help"], environment: env, capture: true))
        let locale = CLI.finish(child)
        #expect(locale.out.contains("下载（或读取）各平台某天的账单") && locale.out.contains("日期为北京时间的自然日。"), "\(locale.out)")

        let en = try cli.run("--help")
        #expect(en.out.hasPrefix("OVERVIEW: A keyboard-only cashier console and a scriptable CLI for a local\nSQLite store.\n"), "\(en.out)")
        #expect(en.out.contains("  orders                  List orders, newest first.\n"), "\(en.out)")
        let enAdd = try cli.run("user", "add", "--help").out
        #expect(enAdd.contains("Add a cashier or a supervisor.") && enAdd.contains("The supervisor making the change."), "\(enAdd)")

        // The shift's pages, whole: abstract, discussion and every option in Chinese; English as it was.
        let close = try cli.run("shift", "close", "--help", "--lang", "zh")
        for words in ["OVERVIEW: 按面额清点钱箱后交班。", "差额超出长款/短款限额（10.00）时需要 --supervisor。",
                      "按面额清点的钱箱：100=3,20=1,0.5=4", "审批交班的主管。", "要交班的班次"] {
            #expect(close.out.contains(words), "\(words) missing:\n\(close.out)")
        }
        for english in ["Close a shift", "The drawer counted", "A supervisor approving", "over/short"] {
            #expect(!close.out.contains(english), "\(english) in:\n\(close.out)")
        }
        let enClose = try cli.run("shift", "close", "--help").out
        #expect(enClose.contains("OVERVIEW: Close a shift with the drawer counted by denomination.\n\n--pin is the PIN of --supervisor when one is named"), "\(enClose)")
        #expect(enClose.contains("A difference beyond the over/short limit (10.00) needs --supervisor."), "\(enClose)")
        let cashIn = try cli.run("shift", "cash-in", "--help", "--lang", "zh").out
        #expect(cashIn.contains("向钱箱放入现金，并注明原因。") && cashIn.contains("原因（支出、存入银行、补入找零用的零钱）。"), "\(cashIn)")
        let z = try cli.run("report", "z", "--help", "--lang", "zh").out
        #expect(z.contains("用编号的 Z 报表结束营业日（日结，需主管）") && z.contains("一天只能日结一次") && z.contains("主管的 PIN 码。"), "\(z)")
        #expect(!z.contains("business day") && !z.contains("supervisor closing"), "\(z)")
        let approve = try cli.run("refund", "approve", "--help", "--lang", "zh").out
        #expect(approve.contains("用主管的 PIN 码审批通过退款申请。") && approve.contains("退款申请编号。") && approve.contains("审批通过的主管。"), "\(approve)")
        let pay = try cli.run("pay", "--help", "--lang", "zh").out
        for words in ["各项金额之和须等于订单总额。", "顾客的付款码（微信、支付宝或银联）。", "优惠券码。", "执行此操作的用户。"] {
            #expect(pay.contains(words), "\(words) missing:\n\(pay)")
        }
        #expect(!pay.contains("Cash amount") && !pay.contains("Amounts must add up"), "\(pay)")
        let enPay = try cli.run("pay", "--help").out
        #expect(enPay.contains("Pay online by a QR code the customer scans.") && enPay.contains("The user doing this."), "\(enPay)")
        let orderAdd = try cli.run("order", "add", "--help", "--lang", "zh").out
        #expect(orderAdd.contains("创建一张订单；再次提交同一订单不会改变任何内容。") && orderAdd.contains("一行商品“名称,数量,单价”"), "\(orderAdd)")
        #expect(!orderAdd.contains("Create one order") && !orderAdd.contains("A line item"), "\(orderAdd)")
        let initZh = try cli.run("store", "init", "--help", "--lang", "zh").out
        #expect(initZh.contains("收银门店会升级到最新") && initZh.contains("门店：文件路径"), "\(initZh)")
        let enInit = try cli.run("store", "init", "--help").out
        #expect(enInit.contains("OVERVIEW: Create the store: an SQLite file, or the schema in an empty"), "\(enInit)")
        let enZ = try cli.run("report", "z", "--help").out
        #expect(enZ.contains("Refused while a shift or a payment of the day is open. A day is closed once:\n`report z` again\nis refused;"), "\(enZ)")
    }
}
