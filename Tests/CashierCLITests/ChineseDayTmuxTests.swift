import Foundation
import Testing

/// A cashier's whole day in Chinese: the real binary under LANG=zh_CN.UTF-8 (a locale a fresh
/// machine does not have) on a Chinese demo store, driven by keys and read by Chinese labels only.
/// Log in, open the shift, search in Chinese, pay two orders with a mixed payment, a refund request
/// with a Chinese reason, the supervisor's approval, close the shift, the X report.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ChineseDayTmuxTests {
    /// Words a Chinese screen may show in Latin letters: data (names, codes, the store's file), key caps.
    static let allowed: Set<String> = [
        "store", "sqlite", "cashier", "supervisor", "alice", "CNY", "PIN", "English", "USB", "Enter", "Esc", "Tab", "Shift",
        "Ctrl", "PgUp", "PgDn", "Home", "End", "Space", "Del", "Alice", "Bob", "Chloé", "David", "Emma", "Farid", "Grace",
        "Hiroshi", "Ines", "Jonas", "Zoë", "Mateo", "Smith", "Müller", "García", "Rossi", "Dubois", "Kowalski", "Tanaka",
        "O'Brien", "Brien", "Novak", "Silva", "test", "till",
    ]

    /// Every Latin word of three letters or more on the screen that is not data or a key cap.
    static func english(_ screen: String) -> [String] {
        let words = screen.split { !($0.isLetter && $0.isASCII) && !"éüíá'".contains($0) }.map(String.init)
        return words.filter { $0.count >= 3 && !allowed.contains($0) && !$0.allSatisfy(\.isUppercase) }
    }

    func read(_ t: Tmux, _ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let screen = t.waitFor(text, timeout: timeout)
        #expect(screen != nil, "no \(text): \(t.screen())", sourceLocation: sourceLocation)
        if let screen {
            #expect(Self.english(screen) == [], "English on a Chinese screen:\n\(screen)", sourceLocation: sourceLocation)
        }
        return screen
    }

    @Test func aCashiersDayInChinese() throws {
        let cli = CLI()
        let seeded = try cli.run("demo", "--orders", "120", "--lang", "zh")
        try #require(seeded.code == 0, "\(seeded.err)")
        #expect(seeded.out.contains("演示门店已就绪"))
        // The surname most unpaid orders share: the search typed in Chinese finds at least two.
        let unpaid = try cli.json("orders", "--status", "unpaid", "--limit", "200", "--json") as? [[String: Any]] ?? []
        let surnames = unpaid.compactMap { ($0["customer"] as? String)?.first }.filter { !$0.isASCII }
        let surname = try #require(Dictionary(grouping: surnames, by: { $0 }).max { $0.value.count < $1.value.count }?.key)
        let t = Tmux()
        defer { t.stop() }
        // No --lang: the locale chooses, and the missing zh_CN locale still draws and reads CJK.
        t.start(cli, width: 100, height: 30, extraEnv: ["LANG": "zh_CN.UTF-8"])
        _ = read(t, "用户")
        t.type("cashier"); t.keys("Tab"); t.type("1111"); t.keys("Enter")

        _ = read(t, "开班备用金")
        t.type("300"); t.keys("Enter")
        _ = read(t, "备用金 300.00 CNY")

        // A search typed in Chinese reaches the field whole and filters the orders.
        t.keys("/"); t.type(String(surname)); t.keys("Enter")
        let found = read(t, "搜索 \(surname)")
        #expect(found?.contains("商品") == true || found?.contains("服务") == true, "the Chinese shop's order types: \(found ?? "")")
        t.keys("Space", "Space", "F2")
        _ = read(t, "线上方式")
        // Mixed: 20.00 cash out of 50.00 tendered, the rest by payment code.
        t.keys("Up", "Up", "Up"); t.type("20"); t.keys("Tab"); t.type("50"); t.keys("Tab", "Down", "Down")
        t.type(CLI.code(0, 4242))
        let ready = read(t, "就绪：按 F2 开始支付")
        #expect(ready?.contains("找零 30.00") == true, "\(ready ?? "")")
        t.keys("F2")
        let paid = read(t, "已 支 付", timeout: 20)
        #expect(paid?.contains("已支付。找零 30.00。") == true, "\(paid ?? "")")
        t.keys("Enter")

        // A refund request with a Chinese reason, typed and corrected with Backspace.
        t.keys("F7")
        _ = read(t, "F4 提交退款申请")
        t.keys("F4")
        _ = read(t, "当前可退款")
        t.type("10"); t.keys("Tab"); t.type("盖子有划痕了"); t.keys("BSpace")
        let typed = read(t, "盖子有划痕")
        #expect(typed?.contains("盖子有划痕了") == false, "Backspace erases one whole character: \(typed ?? "")")
        t.keys("Enter")
        _ = read(t, "退款申请 #")

        // The supervisor approves it at this console with their own PIN.
        t.keys("F6")
        _ = read(t, "待审批")
        t.keys("End")
        _ = read(t, "原因：盖子有划痕")
        t.keys("a")
        _ = read(t, "批准退款申请")
        t.type("supervisor"); t.keys("Tab"); t.type("9999"); t.keys("Enter")
        _ = read(t, "已批准订单")

        // Back on the refund screen, the request shows as the supervisor left it.
        t.keys("Escape")
        let back = read(t, "金额 10.00 CNY：已批准")
        #expect(back?.contains("待审批") == false, "\(back ?? "")")

        // Close the shift with an exact count.
        t.keys("F7")
        _ = read(t, "未选择")
        t.keys("F8")
        // The drawer holds the 300.00 float and the 20.00 cash kept from the sale (the refund went
        // back online): the figures shown are the store's, not those from when the shift opened.
        let expected = 30_000 + 2_000
        let drawer = read(t, "320.00 CNY")
        #expect(Self.expected(drawer ?? "") == expected, "\(drawer ?? "")")
        t.keys("c")
        _ = read(t, "清点钱箱")
        // Let the form settle (the shift's figures are looked up again as it opens), then count at a
        // cashier's pace: a key lost under load would leave the count short.
        Thread.sleep(forTimeInterval: 0.5)
        Self.typeCount(t, minor: expected)
        _ = read(t, "0.00 无差额")
        t.type("1111"); t.keys("F2")
        _ = read(t, "班次已交班，只读")

        // The supervisor's X report.
        t.keys("Enter")
        _ = read(t, "用户")
        t.type("supervisor"); t.keys("Tab"); t.type("9999"); t.keys("Enter")
        _ = read(t, "开班备用金")
        t.keys("Escape")
        _ = read(t, "未开班")
        t.keys("r")
        let x = read(t, "按支付方式")
        #expect(x?.contains("X 报表") == true, "\(x ?? "")")
        #expect(try cli.run("check").code == 0)
    }

    /// A greedy count of `minor` into the rows (100, 50, 20, 10, 5, 1, 0.5, 0.1), a pause after each key.
    static func typeCount(_ t: Tmux, minor: Int) {
        var left = minor, counted = 0
        for d in [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10] {
            let q = left / d
            left %= d
            if q > 0 {
                t.type(String(q))
                counted += q * d
                // The running total shows the digit has landed before focus moves on.
                _ = t.waitFor(total(counted), timeout: 10)
            }
            t.keys("Tab")
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// The count screen's running total for `minor`: "实点 320.00".
    static func total(_ minor: Int) -> String { "实点 \(minor / 100).\(String(format: "%02d", minor % 100))" }

    /// "钱箱应有   423.00 CNY" → 42300.
    static func expected(_ screen: String) -> Int? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("钱箱应有") && $0.contains("CNY") }),
              let word = line.split(separator: " ").first(where: { $0.contains(".") }) else { return nil }
        let parts = word.split(separator: ".")
        guard parts.count == 2, let whole = Int(parts[0]), let cents = Int(parts[1]) else { return nil }
        return whole * 100 + cents
    }
}
