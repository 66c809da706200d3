import Foundation
import Testing

@Suite(.serialized) struct ProcessRaceTests {
    @Test func severalProcessesPayingTheSameOrdersExactlyOneWinsEach() throws {
        let cli = CLI()
        try cli.configureBothPlatforms()
        try cli.demo()
        let orders = try cli.unpaid(3)
        let (a, b, c) = (orders[0], orders[1], orders[2])
        // Overlapping selections from four channels at once; a code that makes the customer wait.
        let attempts: [[String]] = [
            ["pay", a, b, "--code", CLI.code(1, 1), "--channel", "counter", "--operator", "cashier"],
            ["pay", b, c, "--code", CLI.wechatCode(1, 2), "--channel", "web", "--operator", "alice"],
            ["pay", a, "--code", CLI.code(1, 3), "--channel", "app", "--operator", "alice"],
            ["pay", c, "--code", CLI.wechatCode(1, 4), "--channel", "mini-program", "--operator", "cashier"],
            ["pay", a, b, c, "--code", CLI.code(1, 5), "--channel", "web", "--operator", "cashier"],
            ["pay", b, "--code", CLI.wechatCode(1, 6), "--channel", "app", "--operator", "alice"],
        ]
        let running = try attempts.map { try cli.start($0) }
        var winners: [[String]] = []
        for (i, child) in running.enumerated() {
            let r = CLI.finish(child)
            let e = r.err
            if r.code == 0 {
                winners.append(attempts[i].filter { orders.contains($0) })
            } else {
                #expect(e.contains("held by") || e.contains("is being paid by") || e.contains("already paid"), "unclear refusal: \(e)")
                #expect(e.split(separator: "\n").count == 1, "more than one line: \(e)")
            }
        }
        // No order is in two winning payments, and every winner's orders are now being paid.
        let won = winners.flatMap { $0 }
        #expect(Set(won).count == won.count, "an order was won twice: \(winners)")
        #expect(!winners.isEmpty)
        let r = try cli.run("poll", "--once")
        #expect(r.code == 0)
        for o in won { _ = try cli.run("status", o, "--wait", "10") }
        for o in won { #expect(try cli.status(o) == "paid") }
        let check = try cli.run("check")
        #expect(check.code == 0, "\(check.out)\(check.err)")
    }

    @Test func killedProcessesLeaveNothingPendingAfterRestart() throws {
        let cli = CLI()
        try cli.configureBothPlatforms()
        try cli.demo(orders: 80)
        let orders = try cli.unpaid(24)
        var rng = SystemRandomNumberGenerator()
        var victims: [Child] = []
        // Pay with behaviours that keep the platform busy (waiting, unknown, forever) and kill -9.
        for (i, number) in orders.enumerated() {
            let behaviour = [1, 3, 4, 5, 0, 2][i % 6]
            let code = i % 2 == 0 ? CLI.code(behaviour, i) : CLI.wechatCode(behaviour, i)
            let p = try cli.start(["pay", number, "--cash", "0.01", "--code", code, "--operator", "cashier"]
                .filter { $0 != "--cash" && $0 != "0.01" })
            victims.append(p)
            if i % 3 == 2 {
                let poller = try cli.start(["poll"])
                victims.append(poller)
            }
            usleep(UInt32.random(in: 0...60_000, using: &rng))
            if let v = victims.randomElement(using: &rng), v.isRunning { kill(v.pid, SIGKILL) }
        }
        for v in victims where v.isRunning { kill(v.pid, SIGKILL) }
        for v in victims {
            v.waitUntilExit()
            close(v.outFD)
            close(v.errFD)
        }
        // Restart: a poller finds every in-flight payment and drives it to a final state.
        let deadline = Date().addingTimeInterval(60)
        var pending = true
        while pending && Date() < deadline {
            _ = try cli.run("poll", "--once")
            let paying = try cli.json("orders", "--status", "paying", "--json") as? [[String: Any]] ?? []
            pending = !paying.isEmpty
            if pending { usleep(100_000) }
        }
        #expect(!pending, "orders still paying after restart")
        let check = try cli.run("check")
        #expect(check.code == 0, "\(check.out)\(check.err)")
    }
}

@Suite struct ApprovalRaceTests {
    /// Requests that fit alone but not together, approved by separate processes at once: the
    /// limit inside the database write lets exactly as many through as the paid amount allows.
    @Test func racingApprovalProcessesCannotOverRefund() throws {
        let cli = CLI()
        try cli.demo()
        let order = try cli.unpaid(1)[0]
        let list = try cli.json("orders", "--search", order, "--json") as? [[String: Any]] ?? []
        let amount = list.first?["amount"] as? String ?? "0"
        #expect(try cli.run("pay", order, "--cash", amount).code == 0)
        // Each asks for 60% of the order: any two together exceed it.
        let cents = Int((Double(amount) ?? 0) * 100)
        let part = String(format: "%d.%02d", cents * 6 / 10 / 100, cents * 6 / 10 % 100)
        var ids: [String] = []
        for i in 0..<4 {
            let r = try cli.run("refund", "request", order, "--amount", part, "--reason", "race \(i)", "--json")
            #expect(r.code == 0, "\(r.err)")
            ids.append(String((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["id"] as? Int ?? -1))
        }
        let running = try ids.map { try cli.start(["refund", "approve", $0, "--supervisor", "supervisor", "--pin", "9999"]) }
        var approved = 0
        for child in running {
            let r = CLI.finish(child)
            let e = r.err
            if r.code == 0 { approved += 1 } else { #expect(e.contains("left to refund"), "\(e)") }
        }
        #expect(approved == 1)
        #expect(try cli.status(order) == "partially_refunded")
        #expect(try cli.run("check").code == 0)
    }
}
