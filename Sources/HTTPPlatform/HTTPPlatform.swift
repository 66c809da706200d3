import AlipayProtocol
import AsyncHTTPClient
import CashierCore
import Foundation
import Logging
import NIOCore
import PaymentPlatform

/// A `PaymentPlatform` speaking the Alipay-shaped open API over HTTP: requests signed with the
/// merchant's key, answers verified with the platform's. Whatever prevents a verified answer —
/// a timeout, a refused connection, a non-2xx status, a bad or missing signature — is `unknown`
/// (query later), never a failure.
public final class HTTPPlatform: PaymentPlatform, Sendable {
    public struct Configuration: Sendable {
        /// The gateway, e.g. http://127.0.0.1:8480/gateway.do
        public var gatewayURL: String
        public var appID: String
        public var notifyURL: String?
        /// The whole call's deadline (connecting, sending, the answer).
        public var timeoutSeconds: Double
        public var currency: Currency

        public init(gatewayURL: String, appID: String, notifyURL: String? = nil, timeoutSeconds: Double = 10,
                    currency: Currency = .cny) {
            self.gatewayURL = gatewayURL
            self.appID = appID
            self.notifyURL = notifyURL
            self.timeoutSeconds = timeoutSeconds
            self.currency = currency
        }
    }

    public let configuration: Configuration
    let builder: AlipayRequestBuilder
    let platformKey: AlipayVerifier
    let clock: any Clock
    let logger: Logger

    public init(configuration: Configuration, merchantKey: AlipaySigner, platformKey: AlipayVerifier,
                clock: any Clock = SystemClock(), logger: Logger = Logger(label: "cashier.http-platform")) {
        self.configuration = configuration
        self.builder = AlipayRequestBuilder(appID: configuration.appID, signer: merchantKey, notifyURL: configuration.notifyURL)
        self.platformKey = platformKey
        self.clock = clock
        self.logger = logger
    }

    /// One client for the process: connecting gives up after 2 s, and each call has its own
    /// deadline. Never shut down, so it may outlive every platform that uses it.
    static let client: HTTPClient = {
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(2), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }()

    /// The verified answer, or why there is none.
    func call(_ method: String, _ biz: some Encodable) async -> Result<AlipayTradeResponse, Unanswered> {
        let parameters = builder.parameters(method: method, biz: biz, now: clock.now())
        var request = HTTPClientRequest(url: configuration.gatewayURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(parameters)))
        let deadline = Int64(max(0.05, configuration.timeoutSeconds) * 1000)
        let body: String
        do {
            let response = try await Self.client.execute(request, timeout: .milliseconds(deadline))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            guard (200..<300).contains(Int(response.status.code)) else {
                return .failure(Unanswered("the platform answered HTTP \(response.status.code)"))
            }
            body = String(buffer: bytes)
        } catch {
            return .failure(Unanswered("no answer from the platform (\(Self.describe(error)))"))
        }
        do throws(AlipayResponseError) {
            return .success(try AlipayResponse.parse(body: body, method: method, verifier: platformKey))
        } catch {
            logger.warning("unverifiable answer to \(method): \(error)")
            return .failure(Unanswered(error.description))
        }
    }

    struct Unanswered: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timeout"
            default: return "\(e)"
            }
        }
        return "\(error)"
    }

    func yuan(_ money: Money) -> String? { try? Yuan.string(money) }
}
