import Foundation
import Testing

/// `cashier sandbox serve` as its own process, and `cashier` commands paying through it over HTTP.
@Suite(.serialized) struct SandboxServeTests {
    @Test func commandsPayOverHTTPThroughTheSandboxServerWhichStopsOnSIGTERM() throws {
        let cli = CLI()
        try cli.demo()
        guard let server = Child([CLI.binary, "sandbox", "serve", "--port", "0"], environment: cli.environment, capture: true) else {
            throw CLIError(message: "could not start \(CLI.binary)")
        }
        var output = Data()
        defer {
            if server.isRunning { kill(server.pid, SIGKILL) }
            server.waitUntilExit()
            close(server.outFD)
            close(server.errFD)
        }
        // Port 0: the server prints the port it got.
        let port = try Self.readUntil(server, &output) { text in
            text.range(of: "Sandbox gateway: http://127.0.0.1:").flatMap { r in
                text[r.upperBound...].split(separator: "/").first.flatMap { Int($0) }
            }
        }
        let printed = String(decoding: output, as: UTF8.self)
        let keys = cli.filesFolder + "/keys"
        #expect(printed.contains("Merchant private key: \(keys)/merchant_private.pem"))
        #expect(printed.contains("Platform public key: \(keys)/platform_public.pem"))
        let mode = try FileManager.default.attributesOfItem(atPath: keys + "/merchant_private.pem")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        // The WeChat merchant beside them, secret too; the Alipay app the gateway accepts.
        #expect(printed.contains("WeChat merchant: \(keys)/wechat.toml"))
        #expect(printed.contains("WeChat Pay v2: http://127.0.0.1:\(port)/"))
        #expect(printed.contains("Alipay app_id: 2021000000000001 (\(keys)/alipay.toml)"))
        let wechatMode = try FileManager.default.attributesOfItem(atPath: keys + "/wechat.toml")[.posixPermissions] as? NSNumber
        #expect(wechatMode?.intValue == 0o600)

        var env = cli.environment
        env["CASHIER_PLATFORM_URL"] = "http://127.0.0.1:\(port)/gateway.do"
        // Its keys (the default on SQLite; a PostgreSQL world's environment names its own gateway's).
        env["CASHIER_PLATFORM_KEYS"] = keys
        let orders = try cli.unpaid(2)
        let paid = try Self.run(env, ["pay", orders[0], "--code", CLI.code(0, 1)])
        #expect(paid.code == 0, "\(paid.err)")
        #expect(try cli.status(orders[0]) == "paid")

        // A QR payment, the customer scanning at the server (not in the store's sandbox file).
        let qr = try Self.run(env, ["pay", orders[1], "--qr"])
        #expect(qr.code == 0, "\(qr.err)")
        let tradeNo = try #require(qr.out.split(separator: " ").first { $0.hasPrefix("CSH") }.map(String.init))
        let scan = try Self.run(env, ["sandbox", "scan", tradeNo])
        #expect(scan.code == 0 && scan.out.contains("success"), "\(scan.err)")
        let waited = try Self.run(env, ["status", orders[1], "--wait", "20"])
        #expect(waited.out.contains("paid"), "\(waited.out)\(waited.err)")
        let unknown = try Self.run(env, ["sandbox", "scan", "CSH-NOPE"])
        #expect(unknown.code == 1 && unknown.err.contains("no trade"))

        kill(server.pid, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        // The platform gone: a payment is pending (unknown), never failed.
        let more = try cli.unpaid(1)
        let pending = try Self.run(env, ["pay", more[0], "--code", CLI.code(0, 2)])
        #expect(pending.code == 0 && pending.out.contains("pending"), "\(pending.out)\(pending.err)")
        let check = try cli.run("check")
        #expect(check.code == 0, "\(check.out)\(check.err)")
    }

    static func run(_ env: [String: String], _ args: [String]) throws -> CLI.Result {
        guard let child = Child([CLI.binary] + args, environment: env, capture: true) else {
            throw CLIError(message: "could not start \(CLI.binary)")
        }
        return CLI.finish(child)
    }

    /// Reads the child's stdout until `found` extracts a value (bounded: a minute).
    static func readUntil<T>(_ child: Child, _ output: inout Data, _ found: (String) -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(60)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline, child.isRunning {
            if let value = found(String(decoding: output, as: UTF8.self)) { return value }
            var fds = [pollfd(fd: child.outFD, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 200) > 0 else { continue }
            let n = read(child.outFD, &buffer, buffer.count)
            if n > 0 { output.append(contentsOf: buffer[0..<n]) }
        }
        if let value = found(String(decoding: output, as: UTF8.self)) { return value }
        throw CLIError(message: "cashier sandbox serve did not start: \(String(decoding: output, as: UTF8.self))")
    }
}
