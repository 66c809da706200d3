import AlipayProtocol
import AsyncHTTPClient
import CashierCore
import Foundation
import Hummingbird
import Logging
import PaymentPlatform
import WeChatPayProtocol

/// `cashier sandbox serve`: the sandbox platform as its own HTTP server.
///   GET|POST /gateway.do            the Alipay-shaped gateway (parameters in the query, the form body, or both)
///   POST /pay/micropay, /pay/orderquery, /pay/unifiedorder, /pay/closeorder, /secapi/pay/reverse,
///        /secapi/pay/refund, /pay/refundquery   WeChat Pay's v2 API (XML; no client certificate asked)
///   POST /pay/downloadbill          WeChat Pay's daily bill (text, or gzip with tar_type=GZIP)
///   GET  /sandbox/bill/alipay?…     the Alipay bill ZIP behind a signed bill_download_url
///   POST /sandbox/outage?seconds=N  the gateway answers 503 for N seconds (0 ends it); notifies pause too
///   POST /sandbox/notify?mode=M[&delay=S]   normal | lost | duplicate | delayed | reorder
///   POST /sandbox/scan?trade_no=T[&outcome=success|fail|abandon]   the customer scans a QR code
///   GET  /sandbox/notices[?trade_no=T]      the notification queue, as JSON
///   GET  /sandbox/health
public final class SandboxHTTPServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 0
        public var sandboxPath: String
        public var keys: AlipayKeyFiles
        public var timeScale = TimeScale(1)
        public var notifyMode = NotifyMode.normal
        public var notifyDelaySeconds = 15.0
        /// The WeChat merchant (`wechat.toml`) and the Alipay app (`alipay.toml`), beside the keys.
        public var wechatFile: String
        public var alipayAppFile: String

        public init(sandboxPath: String, keys: AlipayKeyFiles) {
            self.sandboxPath = sandboxPath
            self.keys = keys
            let folder = (keys.merchantPrivate as NSString).deletingLastPathComponent
            wechatFile = WeChatMerchant.path(inKeys: folder.isEmpty ? "." : folder)
            alipayAppFile = AlipayApp.path(inKeys: folder.isEmpty ? "." : folder)
        }
    }

    public let options: Options
    public let sandbox: SandboxPlatform
    public let controls: SandboxControls
    public let gateway: SandboxGateway
    public let wechat: WeChatGateway
    /// The only Alipay app_id the gateway accepts.
    public let alipayAppID: String
    /// Key pairs and files created by this start ("merchant", "platform", "wechat").
    public let createdKeys: [String]
    let platformSigner: AlipaySigner
    let logger: Logger

    public init(options: Options, logger: Logger = Logger(label: "cashier.sandbox-server")) throws {
        self.options = options
        self.logger = logger
        var created = try options.keys.ensure()
        let (merchant, wechatCreated) = try WeChatMerchant.ensure(path: options.wechatFile)
        if wechatCreated { created.append("wechat") }
        createdKeys = created
        alipayAppID = try AlipayApp.ensure(path: options.alipayAppFile)
        sandbox = try SandboxPlatform(path: options.sandboxPath, timeScale: options.timeScale)
        let controls = SandboxControls(mode: options.notifyMode, delaySeconds: options.notifyDelaySeconds)
        self.controls = controls
        platformSigner = try options.keys.platformSigner()
        let timeScale = options.timeScale
        gateway = SandboxGateway(sandbox: sandbox, merchantKey: try options.keys.merchantVerifier(), platformKey: platformSigner,
                                 appID: alipayAppID, policy: { controls.noticePolicy(timeScale: timeScale) })
        wechat = WeChatGateway(sandbox: sandbox, merchant: merchant, timeScale: timeScale,
                               policy: { controls.noticePolicy(timeScale: timeScale) })
    }

    /// Serves until cancelled, or until SIGINT/SIGTERM when `handleSignals` (in-flight requests
    /// finish first). `onReady` gets the bound port (useful with port 0).
    public func run(handleSignals: Bool, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var clientConfig = HTTPClient.Configuration()
        clientConfig.timeout = .init(connect: .seconds(2), read: .seconds(10))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfig)
        let dispatcher = NotifyDispatcher(sandbox: sandbox, signer: platformSigner, wechat: wechat.merchant, controls: controls,
                                          timeScale: options.timeScale, client: client, logger: logger)
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "cashier-sandbox"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        let notifying = Task { await dispatcher.run() }
        defer { notifying.cancel() }
        do {
            if handleSignals { try await app.runService() } else { try await app.run() }
        } catch is CancellationError {
        } catch {
            notifying.cancel()
            try? await client.shutdown()
            throw error
        }
        notifying.cancel()
        _ = await notifying.value
        try? await client.shutdown()
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let gateway = self.gateway
        let controls = self.controls
        router.get("/gateway.do") { request, _ in try await Self.gatewayCall(request, gateway, controls) }
        router.post("/gateway.do") { request, _ in try await Self.gatewayCall(request, gateway, controls) }
        let wechat = self.wechat
        for endpoint in WeChatEndpoint.all {
            router.post(RouterPath(endpoint)) { request, _ in try await Self.wechatCall(request, endpoint, wechat, controls) }
            router.get(RouterPath(endpoint)) { _, _ in
                Self.xml(WeChatMessage.refusalBody("请使用post方法: WeChat Pay's API takes POST.", errCode: "REQUIRE_POST_METHOD"))
            }
        }
        router.post(RouterPath(WeChatEndpoint.downloadBill)) { request, _ in
            guard !controls.inOutage else { return Self.outage() }
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let (bytes, gzip) = await wechat.downloadBill(body: String(buffer: body))
            let type = gzip ? "application/x-gzip" : bytes.starts(with: Array("<xml>".utf8)) ? "text/xml; charset=utf-8" : "text/plain; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get(RouterPath(BillLinks.path)) { request, _ in
            guard !controls.inOutage else { return Self.outage() }
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            guard let zip = try gateway.billZip(query) else {
                return SandboxAdmin.text(.forbidden, "The bill link is not valid or has expired (links last 30 s): ask for a new one.")
            }
            return Response(status: .ok, headers: [.contentType: "application/zip",
                                                   .contentDisposition: "attachment; filename*=UTF-8''\(zip.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "bill.zip")"],
                            body: .init(byteBuffer: ByteBuffer(bytes: zip.bytes)))
        }
        SandboxAdmin(sandbox: sandbox, controls: controls).add(to: router)
        return router
    }

    static func wechatCall(_ request: Request, _ endpoint: String, _ gateway: WeChatGateway, _ controls: SandboxControls) async throws -> Response {
        guard !controls.inOutage else { return outage() }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        return xml(await gateway.answer(endpoint: endpoint, body: String(buffer: body)))
    }

    static func xml(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func outage() -> Response {
        Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "the platform is unreachable (sandbox outage)")))
    }

    static func gatewayCall(_ request: Request, _ gateway: SandboxGateway, _ controls: SandboxControls) async throws -> Response {
        guard !controls.inOutage else { return outage() }
        var request = request
        var parameters = FormEncoding.decode(request.uri.query ?? "")
        let body = try await request.collectBody(upTo: 1 << 20)
        // The body's fields win over the query string's (as Alipay's gateway reads them).
        for (k, v) in FormEncoding.decode(String(buffer: body)) { parameters[k] = v }
        let answer = await gateway.answer(parameters, billBase: request.head.authority.map { "http://\($0)" })
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
}
