import CashierEngine
import Foundation
import Hummingbird
import WeChatPayProtocol
import Logging
import ServiceLifecycle

/// `cashier serve`: the channel API, the notify receiver and health on one Hummingbird server,
/// with the engine's poller running beside it so callbacks and polling settle the same rows.
public struct StoreServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        /// 0 picks a free port; `onListening` is told the real one.
        public var port: Int
        public var runPoller: Bool
        public var notify: NotifySettings?
        /// `/notify/wechat`'s merchant; nil refuses every WeChat notify (and says so in the log).
        public var wechatNotify: WeChatMerchant?

        public init(host: String = "127.0.0.1", port: Int = 0, runPoller: Bool = true, notify: NotifySettings? = nil,
                    wechatNotify: WeChatMerchant? = nil) {
            self.host = host; self.port = port; self.runPoller = runPoller; self.notify = notify; self.wechatNotify = wechatNotify
        }
    }

    let engine: Engine
    let options: Options
    let logger: Logger

    public init(engine: Engine, options: Options, logger: Logger = Logger(label: "cashier.serve")) {
        self.engine = engine
        self.options = options
        self.logger = logger
    }

    /// Serves until SIGINT/SIGTERM (when `signals`) or `stop`, then stops taking connections,
    /// lets the requests in flight finish, and stops the poller between two of its store writes.
    public func run(signals: Bool = true, stop: StopHandle? = nil, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let router = Routes.router(api: ChannelAPI(engine: engine),
                                   notify: NotifyRoute(receiver: NotifyReceiver(engine: engine, settings: options.notify)),
                                   wechatNotify: WeChatNotifyRoute(receiver: WeChatNotifyReceiver(engine: engine, settings: options.wechatNotify)),
                                   health: HealthRoutes(engine: engine))
        let logger = self.logger
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "cashier"),
            onServerRunning: { channel in
                logger.info("listening on \(channel.localAddress.map { "\($0)" } ?? "?")")
                onListening(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        // Shut down in reverse order: the server drains first, then the poller stops.
        let services: [any Service] = (options.runPoller ? [PollerService(engine: engine)] : []) + [app]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [],
                                                      logger: logger))
        async let stopped: Void = {
            guard let stop else { return }
            await stop.wait()
            await group.triggerGracefulShutdown()
        }()
        defer { stop?.release() }
        try await group.run()
        stop?.release()
        await stopped
        logger.info("stopped")
    }
}

/// Stops a server started with `run(stop:)` gracefully (tests and embedding code).
public final class StopHandle: Sendable {
    private let stream: AsyncStream<Bool>
    private let continuation: AsyncStream<Bool>.Continuation

    public init() { (stream, continuation) = AsyncStream.makeStream(of: Bool.self) }

    /// Asks the server to stop; returns at once (await the task running it to know it stopped).
    public func stop() { continuation.yield(true); continuation.finish() }

    func release() { continuation.finish() }

    /// Returns on `stop()` (true) or once released without a stop (false).
    @discardableResult
    func wait() async -> Bool {
        for await asked in stream { return asked }
        return false
    }
}

/// The engine's poller as a service: it stops at shutdown, between two items.
struct PollerService: Service {
    let engine: Engine

    func run() async throws {
        await cancelWhenGracefulShutdown { await engine.runPoller() }
    }
}
