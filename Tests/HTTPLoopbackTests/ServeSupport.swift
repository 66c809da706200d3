import AsyncHTTPClient
import CashierCore
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeamPostgres
import SQLSeam
import Logging
import NIOCore
import PaymentPlatform
import Synchronization
import Testing
import WeChatPayProtocol

/// A real `StoreServer` on 127.0.0.1 and a free port, over a store, sandbox and engine on
/// temporary files (real clock, time scale 0.01 unless told otherwise).
final class ServeWorld: @unchecked Sendable {
    let dir: String
    /// The store's file, or its postgres:// URL.
    let storeAddress: String
    private let postgresDatabase: PostgresLocation?
    let store: Store
    let sandbox: SandboxPlatform
    let platform: FlakyPlatform
    let engine: Engine
    let port: Int
    private let task: Task<Void, any Error>
    private let stopper: StopHandle

    static let orders: [(String, Int64)] = [("G001", 10_000), ("S002", 3_333), ("M003", 29_900), ("D004", 50_000), ("G005", 2_500)]

    /// `gateway`: the engine talks to that sandbox server over HTTP instead of the embedded sandbox.
    /// `clock`: a hand-driven clock for the store and the sandbox (deadlines then pass only when told).
    /// `routes`: the server's engine routes each kind there instead of one platform for all;
    /// `wechatNotify`: the merchant `/notify/wechat` trusts.
    init(scale: Double = 0.01, runPoller: Bool = false, notify: NotifySettings? = nil, gateway: LoopbackSandbox? = nil,
         clock: any CashierCore.Clock = SystemClock(), wechatNotify: WeChatMerchant? = nil,
         routes: PlatformRoutes? = nil) async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cashier-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // The suites run on either store (CASHIER_TEST_BACKEND), a PostgreSQL database of its own per world.
        (storeAddress, postgresDatabase) = try TestBackend.storeAddress(sqlitePath: dir + "/store.sqlite") { url in
            _ = try Store.initialize(at: url)
        }
        store = try Store(path: storeAddress, mode: .createIfMissing, clock: clock, filesFolder: dir)
        sandbox = try SandboxPlatform(path: dir + "/sandbox.sqlite", clock: clock, timeScale: TimeScale(scale))
        platform = FlakyPlatform(sandbox)
        if let routes {
            engine = Engine(store: store, routes: routes, config: EngineConfig(timeScale: TimeScale(scale)), session: "serve-test")
        } else {
            engine = Engine(store: store, platform: try gateway?.client() ?? platform, config: EngineConfig(timeScale: TimeScale(scale)),
                            session: "serve-test")
        }
        try store.addUser(name: "cashier", role: .cashier, pin: "1111", rounds: 1_000)
        try store.addUser(name: "supervisor", role: .supervisor, pin: "9999", rounds: 1_000)
        // The counter takes money into a drawer: its cashier has a shift open (channels need none).
        _ = try store.openShift(terminal: "till-1", operatorName: "cashier", float: 50_000)
        let now = store.clock.now()
        try store.insertOrders(ServeWorld.orders.map { number, amount in
            NewOrder(number: number, type: number.hasPrefix("G") ? "goods" : "service", customer: "Zoë Müller", currency: .cny,
                     lines: [(name: "item", quantity: 1, unitPrice: amount)], createdAt: now)
        })
        // Quiet unless asked: the server logs every refusal, which tests provoke on purpose.
        var logger = Logger(label: "cashier.serve.test")
        logger.logLevel = ProcessInfo.processInfo.environment["CASHIER_TEST_LOG"] == nil ? .critical : .debug
        let server = StoreServer(engine: engine, options: .init(host: "127.0.0.1", port: 0, runPoller: runPoller, notify: notify,
                                                                wechatNotify: wechatNotify),
                                 logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let stopHandle = StopHandle()
        stopper = stopHandle
        task = Task { try await server.run(signals: false, stop: stopHandle) { continuation.yield($0) } }
        var it = ports.makeAsyncIterator()
        guard let p = await it.next(), p > 0 else { throw TestFailure("the server did not start") }
        port = p
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
        if let postgresDatabase, let server = try? PostgresTestServer.shared() { server.drop(postgresDatabase) }
    }

    /// Another process's connections to the same store.
    func openStore() throws -> Store { try Store(path: storeAddress, filesFolder: dir) }

    /// A graceful stop, as SIGTERM does it; throws if the server ended with an error.
    func stop() async {
        stopper.stop()
        if case .failure(let error) = await task.result { Issue.record("the server stopped with \(error)") }
    }

    func key(_ channel: CashierCore.Channel = .web) throws -> String {
        try store.addChannelKey(channel: channel, operatorName: "cashier", label: "test").1
    }

    struct Reply {
        var status: Int
        var text: String
        var headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    func call(_ method: String, _ path: String, key: String? = nil, json: String? = nil, form: String? = nil,
              headers: [String: String] = [:], xml: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .RAW(value: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        } else if let xml {
            request.body = .bytes(ByteBuffer(string: xml))
        } else if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        // Generous, like every loopback client: the whole suite runs at once on two cores.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 20)
        var h: [String: String] = [:]
        for (name, value) in response.headers { h[name.lowercased()] = value }
        return Reply(status: Int(response.status.code), text: String(buffer: body), headers: h)
    }

    var notifyURL: String { "http://127.0.0.1:\(port)/notify/alipay" }
    var wechatNotifyURL: String { "http://127.0.0.1:\(port)/notify/wechat" }

    /// The counter in another engine on the same store, one platform per kind.
    func counter(routes: PlatformRoutes, scale: Double = 0.01) throws -> Engine {
        Engine(store: try openStore(), routes: routes, config: EngineConfig(timeScale: TimeScale(scale)),
               session: "counter-\(UUID().uuidString.prefix(6))")
    }

    /// The counter in another engine (its own connections and session) on the same store.
    func counter(platform: any PaymentPlatform, scale: Double = 0.01) throws -> Engine {
        Engine(store: try openStore(), platform: platform, config: EngineConfig(timeScale: TimeScale(scale)),
               session: "counter-\(UUID().uuidString.prefix(6))")
    }

    func paymentOrder(_ tradeNo: String) throws -> PaymentOrderRecord { try store.paymentOrder(tradeNo: tradeNo)! }
    func order(_ number: String) throws -> OrderRecord { try store.order(number: number)! }

    /// Waits (bounded; the assertion is on the state, not on the time) until `condition` holds.
    /// A loaded machine (the whole suite in parallel on two cores) can be very slow: the bound is generous.
    func eventually(_ what: String, seconds: Double = 90, _ condition: () throws -> Bool) async throws {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            if try condition() { return }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw TestFailure("never happened: \(what)")
    }

    func violations() throws -> [String] { try store.checkInvariants().map(\.description) }

    /// Payment codes choosing the sandbox's behaviour by their last digit (Alipay, 18 digits).
    static func code(_ behaviour: Int, _ n: Int = 1) -> String { "28" + String(format: "%015d", n) + String(behaviour) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The sandbox behind a switch: while down, calls answer "unknown" the way a dead connection
/// does. A payment sent while down still reaches the sandbox (the answer is what is lost).
final class FlakyPlatform: PaymentPlatform, Sendable {
    let inner: SandboxPlatform
    private let down = Atomic<Bool>(false)
    private let queriesWhileDown = Atomic<Int>(0)

    init(_ inner: SandboxPlatform) { self.inner = inner }

    func setDown(_ value: Bool) { down.store(value, ordering: .sequentiallyConsistent) }
    var isDown: Bool { down.load(ordering: .sequentiallyConsistent) }
    var failedQueries: Int { queriesWhileDown.load(ordering: .sequentiallyConsistent) }

    private var lost: String { "connection refused (platform down)" }

    func pay(_ request: PayRequest) async -> PayOutcome {
        let r = await inner.pay(request)
        return isDown ? .unknown(reason: lost) : r
    }
    func precreate(_ request: PayRequest) async -> PrecreateOutcome { isDown ? .unknown(reason: lost) : await inner.precreate(request) }
    func query(tradeNo: String) async -> QueryOutcome {
        if isDown {
            queriesWhileDown.add(1, ordering: .sequentiallyConsistent)
            return .unknown(reason: lost)
        }
        return await inner.query(tradeNo: tradeNo)
    }
    func cancel(tradeNo: String) async -> CancelOutcome { isDown ? .unknown(reason: lost) : await inner.cancel(tradeNo: tradeNo) }
    func close(tradeNo: String) async -> CancelOutcome { isDown ? .unknown(reason: lost) : await inner.close(tradeNo: tradeNo) }
    func refund(_ request: RefundRequest) async -> RefundOutcome { isDown ? .unknown(reason: lost) : await inner.refund(request) }
    func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome {
        isDown ? .unknown(reason: lost) : await inner.refundQuery(tradeNo: tradeNo, refundNo: refundNo)
    }
}

extension Store {
    /// One value read through the store's own SQL seam, on either backend.
    func probe<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ values: any SQLBindable...) throws -> T? {
        try read { x in try x.rows(SQLStatement(sql), values.map(\.sqlValue)).first?.get(at: 0, as: T.self) }
    }

    /// A column read through the seam.
    func probeAll<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ values: any SQLBindable...) throws -> [T] {
        try read { x in try x.rows(SQLStatement(sql), values.map(\.sqlValue)).map { try $0.get(at: 0, as: T.self) } }
    }
}
