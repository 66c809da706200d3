import Foundation
import PostgresTestSupport
import Testing

/// The real console (tmux) open on a PostgreSQL store while the server restarts: what the person
/// at the counter sees meanwhile, and that the counter works again once the server is back.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct PostgresConsoleFaultTests {
    @Test(.postgres) func aServerRestartUnderTheConsoleIsOneSentenceAndTheCounterCarriesOn() throws {
        let server = try PostgresTestServer.own()
        let s = try SharedStore(server)
        defer { s.stop() }
        let lane = try s.opened(orders: 20)
        let order = try lane.unpaid(1)[0]
        let t = Tmux()
        defer { t.stop() }
        t.start(lane)
        #expect(t.waitFor("Log in") != nil, "no log-in screen: \(t.screen())")
        t.type("cashier"); t.keys("Tab"); t.type("1111"); t.keys("Enter")
        #expect(t.waitFor("Nothing selected") != nil, "no orders screen: \(t.screen())")
        let console = try #require(t.consolePid())

        // Every screen the console shows while the server is down and coming back.
        var screens: [String] = []
        let restarted = DispatchSemaphore(value: 0)
        let failure = Locked<String?>(nil)
        Thread {
            do { try server.restart(down: 1) } catch { failure.set("\(error)") }
            restarted.signal()
        }.start()
        func look() {
            let now = t.screen()
            if now != screens.last { screens.append(now) }
        }
        while restarted.wait(timeout: .now() + 0.1) == .timedOut { look() }
        try #require(failure.get() == nil, "\(failure.get() ?? "")")
        // The console looks at the store once a second: a few more looks after the server is back.
        let back = Date().addingTimeInterval(4)
        while Date() < back { look(); usleep(100_000) }
        let all = screens.enumerated().map { "--- screen \($0) ---\n\($1)" }.joined(separator: "\n")
        #expect(kill(console, 0) == 0, "the console ended: \(t.screen())")
        // While the server is down: one plain sentence, whole on its line; never the driver's words.
        let sentence = "The store cannot be reached: wait a moment; if it goes on, have the database server checked."
        #expect(screens.contains { $0.contains(sentence) }, "the console never said the store was out of reach:\n\(all)")
        for raw in ["connectionError", "SingleConnectionFailure", "PSQLError", "could not be written", "Something went wrong"] {
            #expect(!screens.contains { $0.contains(raw) }, "\(raw) on screen:\n\(all)")
        }
        // Back: the sentence is gone by itself and the orders are listed (no stale screen).
        let last = t.screen()
        #expect(!last.contains(sentence) && last.contains(order) && last.contains("Nothing selected"), "\(last)")

        // The counter works again: a cash payment, shown paid.
        t.payCash(order)
        #expect(try lane.status(order) == "paid")
        expectOK(try lane.run("check"), "check")
        // The terminal is whole when the console ends.
        t.keys("F10")
        #expect(t.waitFor("AFTER-CONSOLE rc=0") != nil, "\(t.screen())")
    }
}

/// A value shared with another thread.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ v: T) { lock.withLock { value = v } }
}
