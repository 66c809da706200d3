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

    static var client: HTTPClient { PlatformHTTP.client }

    /// The verified answer, or why there is none.
    func call(_ method: String, _ biz: some Encodable) async -> Result<AlipayTradeResponse, Unanswered> {
        let parameters = builder.parameters(method: method, biz: biz, now: clock.now())
        let body: String
        switch await PlatformHTTP.post(configuration.gatewayURL, contentType: "application/x-www-form-urlencoded; charset=utf-8",
                                       body: FormEncoding.encode(parameters), timeoutSeconds: configuration.timeoutSeconds) {
        case .failure(let e): return .failure(Unanswered(e.reason))
        case .success(let text): body = text
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

    static func describe(_ error: any Error) -> String { PlatformHTTP.describe(error) }

    func yuan(_ money: Money) -> String? { try? Yuan.string(money) }
}
