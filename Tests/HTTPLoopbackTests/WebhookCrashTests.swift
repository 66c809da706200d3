import Foundation
import Testing
import Webhooks

/// The `cashier` binary built beside this test bundle, run as its own process on a store of its own.
struct CashierProcess {
    static let binary: String = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            let candidate = url.deletingLastPathComponent().appendingPathComponent("cashier").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return "cashier"
    }()

    let dir: String
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CASHIER_STORE"] = dir + "/store.sqlite"
        env["CASHIER_TIME_SCALE"] = "0.05"
        env["CASHIER_PIN_ROUNDS"] = "1000"
        env["CASHIER_TERMINAL"] = "crash-test"
        return env
    }

    func start(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.environment = environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs to the end; returns standard output, throwing with standard error on a failure.
    @discardableResult
    func run(_ args: String...) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestFailure("cashier \(args.joined(separator: " ")): \(String(decoding: e, as: UTF8.self))") }
        return String(decoding: o, as: UTF8.self)
    }
}

@Suite(.serialized) struct WebhookCrashTests {
    /// kill -9 of `cashier serve` while its deliveries are on the wire: nothing is lost (the next
    /// process sends every event once the dead one's lease lapses) and the only repeats are events
    /// sent before, with the same id and body, which is what a receiver deduplicates.
    @Test func killNineMidDeliveryLosesNothingAndRepeatsOnlyWithTheSameId() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-crash-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cashier = CashierProcess(dir: dir)
        let receiver = try await WebhookReceiver()
        defer { receiver.setHolding(false) }
        try cashier.run("demo", "--orders", "20")
        let secret = try cashier.run("webhook", "add", receiver.url, "--events", "order.cancelled").trimmingCharacters(in: .whitespacesAndNewlines)
        let unpaid = try JSONSerialization.jsonObject(with: Data(try cashier.run("orders", "--status", "unpaid", "--limit", "6", "--json").utf8))
        let numbers = (unpaid as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
        #expect(numbers.count == 6)
        for n in numbers { try cashier.run("order", "cancel", n, "--reason", "crash test") }
        let all = Set((1...numbers.count).map { "evt_\($0)" })

        // The first server sends them all, and the receiver holds every answer: then kill -9.
        receiver.setHolding(true)
        let first = try cashier.start(["serve", "--port", "0", "--no-poller"])
        let end = Date().addingTimeInterval(60)
        while receiver.received.count < numbers.count, Date() < end { try await Task.sleep(nanoseconds: 50_000_000) }
        let beforeKill = Set(receiver.received.compactMap { Self.eventId($0.body) })
        #expect(beforeKill == all, "the first server had sent \(beforeKill.sorted())")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        receiver.setHolding(false)
        #expect(try cashier.run("webhook", "events").split(separator: "\n").allSatisfy { $0.contains("\tpending\t") })

        // The next process takes them over when the dead one's lease (20 s) lapses.
        let second = try cashier.start(["serve", "--port", "0", "--no-poller"])
        defer { second.terminate(); second.waitUntilExit() }
        let deadline = Date().addingTimeInterval(180)
        var events = ""
        repeat {
            try await Task.sleep(nanoseconds: 250_000_000)
            events = try cashier.run("webhook", "events")
        } while Date() < deadline && !events.split(separator: "\n").allSatisfy({ $0.contains("\tdelivered\t") })
        #expect(events.split(separator: "\n").count == numbers.count && events.split(separator: "\n").allSatisfy { $0.contains("\tdelivered\t") }, "\(events)")

        let got = receiver.received
        let ids = got.compactMap { Self.eventId($0.body) }
        #expect(Set(ids) == all)
        // A repeat (the one cut off by the kill, or one whose answer came too late on a loaded
        // machine) carries the same id and the same body: what a receiver deduplicates.
        var bodies: [String: String] = [:]
        for r in got {
            guard let id = Self.eventId(r.body) else { continue }
            if let seen = bodies[id] { #expect(seen == r.body, "evt \(id) changed between deliveries") } else { bodies[id] = r.body }
            let now = Int64(Date().timeIntervalSince1970)
            #expect(WebhookSignature.verify(header: r.signature, body: r.body, secret: secret, now: now))
        }
        await receiver.stop()
    }

    static func eventId(_ body: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["id"] as? String
    }
}
