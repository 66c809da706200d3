import AlipayProtocol
import AsyncHTTPClient
import CashierCore
import Foundation
import HTTPPlatform
import Hummingbird
import Logging
import NIOCore
import PaymentPlatform
import SandboxServer

/// Shared by the loopback suites: real servers on 127.0.0.1, port 0, in this process.

/// A fresh folder per test, under the system's temporary folder.
func loopbackTempDir(_ name: String = "loopback") -> String {
    let dir = NSTemporaryDirectory() + "cashier-\(name)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Stopping a server by cancelling it is how tests end; its complaints about that are noise.
let quietLogger: Logger = {
    var logger = Logger(label: "loopback")
    logger.logLevel = .critical
    return logger
}()

/// One set of key pairs for the whole run: RSA-2048 generation is slow on a busy machine.
enum LoopbackKeys {
    static let shared: AlipayKeyFiles = {
        let keys = AlipayKeyFiles(directory: loopbackTempDir("keys"))
        try! keys.ensure()
        return keys
    }()
}

/// Runs a server body in a task until `stop()`; `start` waits for the bound port.
final class RunningServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    static func start(_ body: @escaping @Sendable (@escaping @Sendable (Int) async -> Void) async throws -> Void) async throws -> RunningServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await body { continuation.yield($0) } }
        for await port in ports { return RunningServer(port: port, task: task) }
        throw CancellationError()
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// `cashier sandbox serve` in-process: its own sandbox file and keys in a temporary folder.
final class LoopbackSandbox: Sendable {
    let dir: String
    let server: SandboxHTTPServer
    let running: RunningServer
    var keys: AlipayKeyFiles { server.options.keys }
    var sandbox: SandboxPlatform { server.sandbox }
    var controls: SandboxControls { server.controls }
    var base: String { "http://127.0.0.1:\(running.port)" }
    var gatewayURL: String { base + "/gateway.do" }

    /// `timeScale` 0.01 turns Alipay's 4-minute first retry into 2.4 s and the sandbox's 10 s
    /// "user paying" into 0.1 s.
    /// `dir`: an earlier server's folder (a restart).
    init(timeScale: Double = 0.01, mode: NotifyMode = .normal, delaySeconds: Double = 15, dir: String? = nil,
         keysFrom: AlipayKeyFiles? = nil) async throws {
        self.dir = dir ?? loopbackTempDir("sandbox")
        var options = SandboxHTTPServer.Options(sandboxPath: self.dir + "/sandbox.sqlite", keys: keysFrom ?? LoopbackKeys.shared)
        options.timeScale = TimeScale(timeScale)
        options.notifyMode = mode
        options.notifyDelaySeconds = delaySeconds
        let server = try SandboxHTTPServer(options: options, logger: quietLogger)
        self.server = server
        running = try await RunningServer.start { ready in try await server.run(handleSignals: false, onReady: ready) }
    }

    func stop() async { await running.stop() }

    /// A client adapter for this gateway, with the merchant's key and the platform's public key.
    /// A generous deadline: a busy machine (the whole suite runs in parallel) must not turn an
    /// answer into "unknown".
    func client(notifyURL: String? = nil, timeoutSeconds: Double = 120, url: String? = nil) throws -> HTTPPlatform {
        HTTPPlatform(configuration: .init(gatewayURL: url ?? gatewayURL, appID: "2021000000000001", notifyURL: notifyURL,
                                          timeoutSeconds: timeoutSeconds),
                     merchantKey: try keys.merchantSigner(), platformKey: try keys.platformVerifier())
    }

    /// POST to an admin endpoint (`/sandbox/...`); the status and the text.
    func admin(_ pathAndQuery: String) async throws -> (Int, String) {
        try await loopbackPost(base + pathAndQuery, body: "")
    }
}

/// POST a form body (or nothing); the status and the text of the answer.
func loopbackPost(_ url: String, body: String, contentType: String = "application/x-www-form-urlencoded",
                  timeoutSeconds: Int64 = 10) async throws -> (Int, String) {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: contentType)
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeoutSeconds))
    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
}

func loopbackGet(_ url: String) async throws -> (Int, String) {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
}

/// A tiny receiver at `path`: records every body POSTed to it and answers what `answer` says.
final class BodyRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    private let path: String
    private(set) var running: RunningServer!

    var url: String { "http://127.0.0.1:\(running.port)\(path)" }
    var received: [String] { lock.withLock { bodies } }

    init(path: String, answer: @escaping @Sendable (_ body: String, _ count: Int) -> String) async throws {
        self.path = path
        let router = Router()
        router.post(RouterPath(path)) { [self] request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let count = lock.withLock { bodies.append(body); return bodies.count }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: answer(body, count))))
        }
        let responder = router.buildResponder()
        running = try await RunningServer.start { ready in
            let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { await ready($0.localAddress?.port ?? 0) }, logger: quietLogger)
            try await app.run()
        }
    }

    func stop() async { await running.stop() }

    /// Waits (polling, no fixed sleep) until `condition` holds on what was received, up to `seconds`
    /// (generous: it returns as soon as the condition holds).
    @discardableResult
    func wait(seconds: Double = 60, until condition: ([String]) -> Bool) async -> [String] {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let now = received
            if condition(now) { return now }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return received
    }
}

/// An Alipay notify receiver: the forms it gets, answered by `answer` (by default `success`).
final class NotifyRecorder: Sendable {
    let bodies: BodyRecorder

    var url: String { bodies.url }
    var received: [[String: String]] { bodies.received.map { FormEncoding.decode($0) } }

    init(answer: @escaping @Sendable (_ form: [String: String], _ count: Int) -> String = { _, _ in "success" }) async throws {
        bodies = try await BodyRecorder(path: "/notify") { body, count in answer(FormEncoding.decode(body), count) }
    }

    func stop() async { await bodies.stop() }

    @discardableResult
    func wait(seconds: Double = 60, until condition: ([[String: String]]) -> Bool) async -> [[String: String]] {
        await bodies.wait(seconds: seconds) { condition($0.map { FormEncoding.decode($0) }) }.map { FormEncoding.decode($0) }
    }
}

/// Polls `body` until it returns non-nil, up to `seconds`.
func eventually<T>(seconds: Double = 60, _ body: () async throws -> T?) async rethrows -> T? {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if let value = try await body() { return value }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return try await body()
}

/// Payment codes by last digit (the sandbox's behaviour table).
func alipayCode(_ digit: Int, serial: Int = 0) -> PaymentCode {
    let middle = String(format: "%013d", serial)
    return try! PaymentCode("28" + middle + String(digit))
}
