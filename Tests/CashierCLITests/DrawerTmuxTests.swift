import Foundation
import Testing

/// A cashier's day in the real console: open a shift with a float, take a cash payment and a
/// mixed one (coupon + cash + payment code), cash out, close with a count, then the supervisor's
/// Z report; the CLI checks the store after each step.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct DrawerTmuxTests {
    /// Two unpaid orders of at least 50.00 (the mixed payment needs room for coupon, cash and online).
    func orders(_ cli: CLI) throws -> [(number: String, amount: String)] {
        let all = try cli.json("orders", "--status", "unpaid", "--limit", "40", "--json") as? [[String: Any]] ?? []
        return all.compactMap { o -> (String, String)? in
            guard let n = o["number"] as? String, let a = o["amount"] as? String, (Double(a) ?? 0) >= 50 else { return nil }
            return (n, a)
        }.prefix(2).map { $0 }
    }

    /// The orders screen filtered to one order, then its tender.
    func tender(_ t: Tmux, _ number: String) {
        // Esc in the search field clears what the last search left there.
        t.keys("/", "Escape", "/"); t.type(number); t.keys("Enter")
        // The header names the search at once; the order's row comes once the list has loaded
        // (F2 before then has no order to pay; on PostgreSQL the wait is long enough to see).
        #expect(t.waitUntil(Self.listsOnly(number)) != nil, "\(t.screen())")
        t.keys("F2")
        #expect(t.waitFor("Online method") != nil, "\(t.screen())")
    }

    /// Whether the screen is the search for `number` with its results in: no other order number
    /// on it. The header names the search at once, but each typed character reloads the list, and
    /// until the last load answers (on PostgreSQL long enough to see) the rows, and the row under
    /// the cursor that F2 or p acts on, are a shorter prefix's.
    static func listsOnly(_ number: String) -> (String) -> Bool {
        { screen in
            let words: [Substring] = screen.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            let numbers = words.map(String.init).filter { word in
                word.count == number.count && word.first?.isUppercase == true && word.dropFirst().allSatisfy(\.isNumber)
            }
            return screen.contains("Search \(number)") && numbers.count >= 2 && Set(numbers) == [number]
        }
    }

    @Test func openSellCashOutCloseAndZ() throws {
        let cli = CLI()
        try cli.demo(orders: 40, openShift: false)
        let picked = try orders(cli)
        try #require(picked.count == 2)
        let t = Tmux()
        defer { t.stop() }
        t.start(cli, width: 100, height: 30)
        #expect(t.waitFor("Log in") != nil, "\(t.screen())")
        t.type("cashier"); t.keys("Tab"); t.type("1111"); t.keys("Enter")

        // No shift yet: the console asks for the float.
        let ask = t.waitFor("Opening float")
        #expect(ask?.contains("You have no open shift here") == true, "\(t.screen())")
        t.type("3x")
        #expect(t.waitFor("is not a number") != nil, "no inline error: \(t.screen())")
        t.keys("BSpace", "BSpace"); t.type("300"); t.keys("Enter")
        #expect(t.waitFor("with a float of 300.00 CNY") != nil, "\(t.screen())")
        #expect(try cli.run("shift", "show").out.contains("open"))

        // A cash payment: method "none" puts the whole amount in cash.
        tender(t, picked[0].number)
        t.keys("Right", "Right", "Right")
        #expect(t.waitFor("Ready: F2") != nil, "\(t.screen())")
        t.keys("F2")
        #expect(t.waitFor("P A I D") != nil, "\(t.screen())")
        t.keys("Enter")
        #expect(try cli.status(picked[0].number) == "paid")

        // A mixed payment: coupon WELCOME10, 20.00 cash out of 50.00 (30.00 change), the rest by payment code.
        tender(t, picked[1].number)
        t.keys("Up", "Up", "Up", "Up"); t.type("WELCOME10"); t.keys("Tab")
        #expect(t.waitFor("balance 10.00") != nil, "\(t.screen())")
        t.type("20"); t.keys("Tab"); t.type("50"); t.keys("Tab", "Tab", "Tab")
        t.type(CLI.code(0, 4242))
        #expect(t.waitFor("Ready: F2") != nil, "\(t.screen())")
        #expect(t.screen().contains("change due 30.00"))
        t.keys("F2")
        #expect(t.waitFor("P A I D") != nil, "\(t.screen())")
        t.keys("Enter")
        #expect(try cli.status(picked[1].number) == "paid")

        // Its receipt from history, and a reprint.
        t.keys("F7")
        #expect(t.waitFor("Status paid or refunded") != nil, "\(t.screen())")
        t.keys("/", "Escape", "/"); t.type(picked[1].number); t.keys("Enter")
        #expect(t.waitUntil(Self.listsOnly(picked[1].number)) != nil, "\(t.screen())")
        t.keys("p")
        // The frame is drawn before the receipt's lines arrive: wait for the line, not the title.
        let receipt = t.waitFor("Coupon WELCOME10")
        #expect(receipt?.contains("Receipt 1 of 1") == true, "\(t.screen())")
        t.keys("p")
        #expect(t.waitFor("(copy 1)") != nil, "\(t.screen())")
        t.keys("Escape")
        #expect(t.waitFor("Status paid or refunded") != nil, "\(t.screen())")
        t.keys("F7")
        #expect(t.waitFor("Status unpaid") != nil, "\(t.screen())")

        // The drawer: float + both cash parts taken − change; then a cash-out with a reason.
        t.keys("F8")
        let drawer = t.waitFor("Expected in the drawer")
        #expect(drawer?.contains("Cash out                              0.00") == true, "\(t.screen())")
        t.keys("o"); t.type("100"); t.keys("Tab"); t.type("bank drop"); t.keys("Enter")
        let after = t.waitFor("Recorded cash out of 100.00 CNY: bank drop.")
        #expect(after?.contains("Cash out                          - 100.00") == true, "\(t.screen())")

        // Close: count exactly what is expected, by denomination, signed with the PIN.
        let expected = try #require(expectedAmount(after ?? t.screen()))
        t.keys("c")
        #expect(t.waitFor("Count the drawer") != nil, "\(t.screen())")
        typeCount(t, minor: expected)
        #expect(t.waitFor("0.00 balanced") != nil, "count does not balance: \(t.screen())")
        t.type("1111"); t.keys("F2")
        let closed = t.waitFor("The shift is closed and read-only")
        #expect(closed?.contains("Difference                            0.00 balanced") == true, "\(t.screen())")
        #expect(try cli.run("shift", "show").out.contains("No open shift"))

        // Back to log-in; the supervisor reads the X report and closes the day with Z.
        t.keys("Enter")
        #expect(t.waitFor("Log in") != nil, "\(t.screen())")
        t.type("supervisor"); t.keys("Tab"); t.type("9999"); t.keys("Enter")
        #expect(t.waitFor("Opening float") != nil, "\(t.screen())")
        t.keys("Escape")
        #expect(t.waitFor("paying needs one") != nil, "\(t.screen())")
        t.keys("r")
        let x = t.waitFor("Payments by method")
        #expect(x?.contains("X report") == true, "\(t.screen())")
        #expect(x?.contains("coupon") == true, "\(x ?? "")")
        t.keys("z")
        #expect(t.waitFor("Close the business day") != nil, "\(t.screen())")
        t.type("9999"); t.keys("Enter")
        let z = t.waitFor("Z report #1 made")
        #expect(z != nil, "\(t.screen())")
        t.keys("End")
        let end = t.waitFor("Cash over/short by shift")
        #expect(end?.contains("Cash out                                                           -100.00") == true, "\(t.screen())")
        // A second Z for the same day is refused with the engine's sentence.
        t.keys("z"); t.type("9999"); t.keys("Enter")
        #expect(t.waitFor("is already closed by Z report 1") != nil, "\(t.screen())")
        #expect(try cli.run("check").code == 0)
    }

    /// "Expected in the drawer   423.00 CNY" → 42300.
    func expectedAmount(_ screen: String) -> Int? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("Expected in the drawer") && $0.contains("CNY") }),
              let word = line.split(separator: " ").first(where: { $0.contains(".") }) else { return nil }
        let parts = word.split(separator: ".")
        guard parts.count == 2, let whole = Int(parts[0]), let cents = Int(parts[1]) else { return nil }
        return whole * 100 + cents
    }

    /// Types a greedy count of `minor` into the form (rows 100, 50, 20, 10, 5, 1, 0.5, 0.1).
    func typeCount(_ t: Tmux, minor: Int) {
        var left = minor
        for d in [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10] {
            let q = left / d
            left %= d
            if q > 0 { t.type(String(q)) }
            t.keys("Tab")
        }
        // Eight Tabs: the focus is on the cashier's PIN now.
    }
}
