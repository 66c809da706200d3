import CashierConsole
import CashierCore
import CashierEngine
import ConsoleEngineBridge
import Foundation

/// Counts wakes so the benchmark can wait for the console's background work without sleeping.
final class CountingWaker: Waker, @unchecked Sendable {
    let signal = DispatchSemaphore(value: 0)
    func wake() { signal.signal() }
}

/// The console on a large store, driven in-process: keys in, frames out, as the terminal would.
struct ConsoleBench {
    let engine: Engine
    /// A cashier without an open shift on the console's terminal.
    let user: String
    let pin: String
    let size = Size(width: 120, height: 40)

    func percentile(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count - 1) * p))]
    }

    func ms(_ x: Double) -> String { String(format: "%.3f ms", x * 1000) }

    /// Handles one key; while it has background work in flight, waits for the answers and applies them.
    func press(_ app: ConsoleApp, _ waker: CountingWaker, _ key: Key) {
        _ = app.handle(.key(key))
        while app.isWorking {
            _ = waker.signal.wait(timeout: .now() + 10)
            _ = app.handle(.wake)
        }
        _ = app.render(size: size)
    }

    func run() {
        let waker = CountingWaker()
        let started = DispatchTime.now().uptimeNanoseconds
        let app = ConsoleApp(backend: EngineBackend(engine: engine), theme: ThemeLoader.builtinDefault, clock: SystemClock(),
                             waker: waker, storeLabel: "bench")
        _ = app.handle(.resize(size))
        _ = app.render(size: size)
        let firstFrame = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // A cashier with no shift yet: log-in leads to the open-shift screen, then the orders.
        for ch in user { _ = app.handle(.key(.char(ch))) }
        _ = app.handle(.key(.tab))
        for ch in pin { _ = app.handle(.key(.char(ch))) }
        let loginStart = DispatchTime.now().uptimeNanoseconds
        press(app, waker, .enter)      // log in (PBKDF2 of the PIN), then the shift lookup
        let shiftFrame = app.render(size: size)
        let login = Double(DispatchTime.now().uptimeNanoseconds - loginStart) / 1e9
        precondition(shiftFrame.text.contains("Opening float"), "the open-shift screen did not appear after log-in")
        for ch in "200.00" { _ = app.handle(.key(.char(ch))) }
        let openStart = DispatchTime.now().uptimeNanoseconds
        press(app, waker, .enter)      // open the shift, then the first orders page
        let ordersFrame = app.render(size: size)
        let open = Double(DispatchTime.now().uptimeNanoseconds - openStart) / 1e9
        precondition(ordersFrame.text.contains("Nothing selected"), "the orders screen did not appear after opening the shift")
        say("Console at \(try! engine.orderCount()) orders (\(size.width)×\(size.height)):")
        say("  start to first frame: \(ms(firstFrame)) (store already open); log-in to the open-shift screen: \(ms(login)) (PBKDF2 at the bench's 1,000 rounds)")
        say("  open the shift to the first orders page: \(ms(open))")

        var renders: [Double] = []
        for _ in 0..<300 {
            let t = DispatchTime.now().uptimeNanoseconds
            _ = app.render(size: size)
            renders.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
        }
        say("  render a frame: median \(ms(percentile(renders, 0.5))), worst \(ms(renders.max()!))")

        var moves: [Double] = []
        for i in 0..<400 {
            let t = DispatchTime.now().uptimeNanoseconds
            press(app, waker, i % 50 < 25 ? .down : .up)
            moves.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
        }
        say("  arrow key (update + frame): median \(ms(percentile(moves, 0.5))), worst \(ms(moves.max()!))")

        var pages: [Double] = []
        // Forty pages down and back: every press loads a page (the first page has no PgUp).
        for i in 0..<80 {
            let t = DispatchTime.now().uptimeNanoseconds
            press(app, waker, i < 40 ? .pageDown : .pageUp)
            pages.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
        }
        say("  PgDn/PgUp (query + frame): median \(ms(percentile(pages, 0.5))), worst \(ms(pages.max()!))")

        press(app, waker, .char("/"))
        var searches: [Double] = []
        for ch in "王小明" {
            let t = DispatchTime.now().uptimeNanoseconds
            press(app, waker, .char(ch))
            searches.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
        }
        say("  search keystroke (query + frame): median \(ms(percentile(searches, 0.5))), worst \(ms(searches.max()!))")
        say("  memory at rest: \(residentMegabytes()) MB resident (whole benchmark process)")
    }

    func residentMegabytes() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return "?" }
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
        return String(format: "%.0f", kb / 1024)
    }
}

/// Unbuffered, so figures appear as they are measured even when written to a file.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
