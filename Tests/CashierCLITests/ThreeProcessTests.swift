import Foundation
import Testing

/// `cashier serve` as its own process, next to `cashier pay` processes on the same store.
@Suite(.serialized) struct ThreeProcessTests {
    @Test func theCounterProcessAndTheChannelAPIPayingTheSameOrdersMakeExactlyOnePaymentEach() throws {
        let cli = CLI()
        try cli.demo()
        let key = try cli.run("serve", "key", "add", "--channel", "web")
        #expect(key.code == 0, "\(key.err)")
        let apiKey = key.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(apiKey.hasPrefix("csk_"))
        let server = try ServeProcess(cli, ["serve", "--port", "0", "--no-poller"])
        defer { server.stop() }
        let orders = try cli.unpaid(4)
        for (i, number) in orders.enumerated() {
            // A counter process and an HTTP request for the same order, started together.
            let counter = try cli.start(["pay", number, "--code", CLI.code(0, 10 + i), "--channel", "counter"])
            // Staggered so that either may come first while the counter process starts up.
            usleep(UInt32(i) * 60_000)
            let api = try HTTP.call(port: server.port, "POST", "/v1/payments", key: apiKey,
                                    body: #"{"orders":["\#(number)"],"method":"code","code":"\#(CLI.code(0, 50 + i))"}"#)
            let desk = CLI.finish(counter)
            #expect((api.status == 201) != (desk.code == 0), "\(number): api \(api.status) \(api.body), counter \(desk.code) \(desk.err)")
            // The loser is told who holds the order, or (if it came after the end) that it is paid.
            if api.status != 201 {
                #expect(api.status == 409 && (api.body.contains("counter") || api.body.contains("already paid")), "\(api.body)")
            } else {
                #expect(desk.err.contains("web") || desk.err.contains("already paid"), "\(desk.err)")
            }
            #expect(try cli.status(number) == "paid")
        }
        let check = try cli.run("check")
        #expect(check.code == 0, "\(check.out)\(check.err)")
    }

    @Test func sandboxServeServeAndTheCounterTogetherSettleByCallback() throws {
        let cli = CLI()
        try cli.demo()
        let sandbox = try ServeProcess(cli, ["sandbox", "serve", "--port", "0"], marker: "Sandbox gateway: http://127.0.0.1:")
        defer { sandbox.stop() }
        let port = try freeLoopbackPort()
        // With its keys: on PostgreSQL the world's environment names its own gateway's.
        let platform = ["CASHIER_PLATFORM_URL": "http://127.0.0.1:\(sandbox.port)/gateway.do", "CASHIER_PLATFORM_KEYS": cli.filesFolder + "/keys",
                        "CASHIER_NOTIFY_URL": "http://127.0.0.1:\(port)/notify/alipay"]
        // No poller anywhere: what settles the counter's payment is the sandbox's callback to serve.
        let server = try ServeProcess(cli, ["serve", "--port", String(port), "--no-poller"], env: platform)
        defer { server.stop() }
        let orders = try cli.unpaid(2)
        // Code ending 3: the gateway answers "unknown" but takes the money.
        guard let payer = Child([CLI.binary, "pay", orders[0], "--code", CLI.code(3, 7), "--json"],
                                environment: cli.environment.merging(platform) { $1 }, capture: true) else {
            throw CLIError(message: "could not start cashier pay")
        }
        let paid = CLI.finish(payer)
        #expect(paid.code == 0, "\(paid.err)")
        // Usually "waiting"; on a slow machine the callback may land before pay's last read, and
        // then pay reports it paid. Either way it is serve's log that proves the callback settled it.
        #expect(paid.out.contains("\"outcome\" : \"waiting\"") || paid.out.contains("\"outcome\" : \"paid\""), "\(paid.out)")
        try server.waitForLog("applied")
        #expect(try cli.status(orders[0]) == "paid")
        // The channel API pays through the same gateway.
        let key = try cli.run("serve", "key", "add", "--channel", "mini-program").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let api = try HTTP.call(port: server.port, "POST", "/v1/payments", key: key,
                                body: #"{"orders":["\#(orders[1])"],"method":"code","code":"\#(CLI.code(0, 8))"}"#)
        #expect(api.status == 201 && api.body.contains("\"outcome\":\"paid\""), "\(api.body)")
        #expect(try HTTP.call(port: server.port, "GET", "/ready").status == 200)
        let check = try cli.run("check")
        #expect(check.code == 0, "\(check.out)\(check.err)")
    }

    @Test func keysAreListedAndRevokedAndTheServerStopsGracefullyOnSIGTERM() throws {
        let cli = CLI()
        try cli.demo()
        let key = try cli.run("serve", "key", "add", "--channel", "app", "--label", "shop app").out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let list = try cli.run("serve", "key", "list")
        #expect(list.out.contains("app") && list.out.contains("active") && !list.out.contains(key.dropFirst(6)))
        #expect(try cli.run("serve", "key", "add", "--channel", "counter").code == 1)
        #expect(try cli.run("serve", "key", "add", "--channel", "web", "--operator", "nobody").err.contains("no user"))
        // Real time (scale 1): the platform's "unknown" answer takes 2 s, long enough to stop meanwhile.
        let server = try ServeProcess(cli, ["serve", "--port", "0"], timeScale: "1")
        let number = try cli.unpaid(1)[0]
        #expect(try HTTP.call(port: server.port, "GET", "/v1/orders/\(number)", key: key).status == 200)
        #expect(try HTTP.call(port: server.port, "GET", "/health").status == 200)
        #expect(try HTTP.call(port: server.port, "GET", "/ready").status == 200)
        // Code ending 5: the platform answers after a delay (scaled); SIGTERM arrives meanwhile.
        let inFlight = Background {
            try? HTTP.call(port: server.port, "POST", "/v1/payments", key: key,
                           body: #"{"orders":["\#(number)"],"method":"code","code":"\#(CLI.code(5, 1))"}"#)
        }
        try server.waitForLog("starting a payment")
        kill(server.child.pid, SIGTERM)
        let answered = inFlight.value
        #expect(answered?.status == 201, "the request in flight finished: \(String(describing: answered))")
        #expect(server.child.terminationStatus == 0)
        // Nothing half-written: the payment is in the store with its next query time.
        let status = try cli.run("status", number, "--json")
        #expect(status.code == 0 && status.out.contains("\"payment_state\""), "\(status.out)\(status.err)")
        #expect(try cli.run("serve", "key", "revoke", "1").code == 0)
        #expect(try cli.run("serve", "key", "revoke", "1").code == 1)
        #expect(try cli.run("check").code == 0)
    }
}

/// A port nobody listens on right now (bound, read, released) for a server whose URL must be
/// known before it starts (the notify URL the platform is given).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard ok else { throw CLIError(message: "no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A running `cashier serve` (or `cashier sandbox serve`); its port is read from the line it prints.
final class ServeProcess: @unchecked Sendable {
    let child: Child
    private(set) var port = 0
    private var stdout = Data()
    private var stderr = Data()

    /// `marker`: the text just before the port in the line the process prints when it listens.
    init(_ cli: CLI, _ args: [String], timeScale: String? = nil, env extra: [String: String] = [:],
         marker: String = "listening on http://127.0.0.1:") throws {
        var env = cli.environment.merging(extra) { $1 }
        if let timeScale { env["CASHIER_TIME_SCALE"] = timeScale }
        guard let c = Child([CLI.binary] + args, environment: env, capture: true) else {
            throw CLIError(message: "could not start \(CLI.binary)")
        }
        child = c
        var found = 0
        let deadline = Date().addingTimeInterval(60)
        while found == 0, Date() < deadline, child.isRunning {
            pump(timeoutMillis: 200)
            let text = String(decoding: stdout, as: UTF8.self)
            if let r = text.range(of: marker), let p = Int(text[r.upperBound...].prefix { $0.isNumber }), p > 0 { found = p }
        }
        guard found > 0 else { throw CLIError(message: "\(args.prefix(2).joined(separator: " ")) did not start: \(String(decoding: stderr, as: UTF8.self))") }
        port = found
    }

    /// Reads what the child wrote so far (stdout and stderr), waiting up to `timeoutMillis`.
    func pump(timeoutMillis: Int32) {
        var fds = [pollfd(fd: child.outFD, events: Int16(POLLIN), revents: 0), pollfd(fd: child.errFD, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 2, timeoutMillis) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        for (i, fd) in fds.enumerated() where fd.revents & Int16(POLLIN) != 0 {
            let n = read(fd.fd, &buffer, buffer.count)
            if n > 0 { if i == 0 { stdout.append(contentsOf: buffer[0..<n]) } else { stderr.append(contentsOf: buffer[0..<n]) } }
        }
    }

    /// Waits (bounded) until the server's log on stderr mentions `text`.
    func waitForLog(_ text: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if String(decoding: stderr, as: UTF8.self).contains(text) { return }
            pump(timeoutMillis: 50)
        }
        throw CLIError(message: "the server never logged \"\(text)\": \(String(decoding: stderr, as: UTF8.self))")
    }

    func stop() {
        if child.isRunning { kill(child.pid, SIGTERM) }
        child.waitUntilExit()
        close(child.outFD)
        close(child.errFD)
    }
}

/// A minimal HTTP/1.1 client over a socket (this test target has no HTTP library).
enum HTTP {
    struct Reply { var status: Int; var body: String }

    static func call(port: Int, _ method: String, _ path: String, key: String? = nil, body: String? = nil) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIError(message: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CLIError(message: "cannot connect to 127.0.0.1:\(port)") }
        let payload = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(payload.count)\r\n"
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        if body != nil { head += "Content-Type: application/json\r\n" }
        let request = Array((head + "\r\n").utf8) + payload
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CLIError(message: "write failed") }
            sent += n
        }
        let text = String(decoding: Child.readAllKeepingOpen(fd), as: UTF8.self)
        guard let first = text.split(separator: "\r\n").first, let code = Int(first.split(separator: " ").dropFirst().first ?? "") else {
            throw CLIError(message: "no HTTP answer: \(text)")
        }
        let bodyText = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return Reply(status: code, body: bodyText)
    }
}

extension Child {
    static func readAllKeepingOpen(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            return data
        }
    }
}

/// Runs `body` on its own thread; `value` waits for it.
final class Background<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: T?

    init(_ body: @escaping @Sendable () -> T) {
        Thread.detachNewThread { [self] in
            result = body()
            done.signal()
        }
    }

    var value: T {
        done.wait()
        done.signal()
        return result!
    }
}
