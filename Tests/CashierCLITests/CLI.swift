import Foundation
import Testing

/// Runs the real `cashier` binary (built beside this test bundle) on a temporary store.
final class CLI: @unchecked Sendable {
    let dir: String
    let store: String

    static let binary: String = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            let candidate = url.deletingLastPathComponent().appendingPathComponent("cashier").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return "cashier"
    }()

    init() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = dir + "/store.sqlite"
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CASHIER_STORE"] = store
        env["CASHIER_TIME_SCALE"] = "0.05"
        env["CASHIER_PIN_ROUNDS"] = "1000"
        env.removeValue(forKey: "NO_COLOR")
        return env
    }

    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    func start(_ args: [String]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return (p, out, err)
    }

    @discardableResult
    func run(_ args: String...) throws -> Result { try run(args) }

    func run(_ args: [String]) throws -> Result {
        let (p, out, err) = try start(args)
        return CLI.finish(p, out, err)
    }

    /// Reads both outputs to the end and waits for the exit.
    static func finish(_ p: Process, _ out: Pipe, _ err: Pipe) -> Result {
        let o = readAll(out), e = readAll(err)
        p.waitUntilExit()
        return Result(code: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// read(2) until end of file, retrying EINTR (FileHandle.readDataToEndOfFile traps on it when
    /// a child's SIGCHLD lands mid-read).
    static func readAll(_ pipe: Pipe) -> Data {
        let fd = pipe.fileHandleForReading.fileDescriptor
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            return data
        }
    }

    func json(_ args: String...) throws -> Any {
        let r = try run(args)
        guard r.code == 0 else { throw CLIError(message: "\(args) failed: \(r.err)") }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    }

    func demo(orders: Int = 60) throws {
        let r = try run("demo", "--orders", String(orders))
        guard r.code == 0 else { throw CLIError(message: "demo failed: \(r.err)") }
    }

    /// Unpaid order numbers, newest first.
    func unpaid(_ limit: Int = 10) throws -> [String] {
        (try json("orders", "--status", "unpaid", "--limit", String(limit), "--json") as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
    }

    func status(_ number: String) throws -> String {
        let all = try json("orders", "--search", number, "--json") as? [[String: Any]] ?? []
        return all.first { $0["number"] as? String == number }?["status"] as? String ?? "?"
    }

    static func code(_ behaviour: Int, _ n: Int) -> String { "28" + String(format: "%015d", n) + String(behaviour) }
}

struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
