import CashierCore
import Foundation
import HTTPPlatform
import Logging
import PaymentPlatform
import WeChatPayProtocol

/// A `PaymentPlatform` speaking WeChat Pay's v2 merchant API over HTTP (`PlatformHTTP`'s
/// transport, shared with the Alipay adapter): requests and answers
/// signed with the API key, answers read only once verified. Whatever prevents a verified answer
/// — a timeout, a refused connection, a non-2xx status, an unsigned or badly signed answer,
/// `return_code` FAIL — is `unknown` (query later), never a failure; so are SYSTEMERROR,
/// BANKERROR and USERPAYING.
public final class WeChatPlatform: PaymentPlatform, Sendable {
    public struct Configuration: Sendable {
        /// The API's base, e.g. http://127.0.0.1:8480 (https://api.mch.weixin.qq.com for the real one).
        public var baseURL: String
        public var appID: String
        public var mchID: String
        public var apiKey: String
        /// Where NATIVE payment notifies go (WeChat requires one; the sandbox does not).
        public var notifyURL: String?
        /// The whole call's deadline (connecting, sending, the answer).
        public var timeoutSeconds: Double
        public var signType: WeChatSignType
        /// `spbill_create_ip`: the till's address as WeChat asks for it.
        public var clientIP: String
        /// How long to wait before calling reverse again when the platform answers recall=Y,
        /// and how many times at most.
        public var recallDelaySeconds: Double
        public var recallAttempts: Int
        public var currency: Currency

        public init(baseURL: String, appID: String, mchID: String, apiKey: String, notifyURL: String? = nil,
                    timeoutSeconds: Double = 10, signType: WeChatSignType = .md5, clientIP: String = "127.0.0.1",
                    recallDelaySeconds: Double = 1, recallAttempts: Int = 5, currency: Currency = .cny) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.appID = appID
            self.mchID = mchID
            self.apiKey = apiKey
            self.notifyURL = notifyURL
            self.timeoutSeconds = timeoutSeconds
            self.signType = signType
            self.clientIP = clientIP
            self.recallDelaySeconds = recallDelaySeconds
            self.recallAttempts = recallAttempts
            self.currency = currency
        }
    }

    public let configuration: Configuration
    let key: WeChatKey
    let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "cashier.wechat-platform")) {
        self.configuration = configuration
        self.key = WeChatKey(apiKey: configuration.apiKey)
        self.logger = logger
    }

    /// A verified answer: `result_code`, `err_code` and the method's fields.
    struct Answer {
        let fields: [String: String]
        var succeeded: Bool { fields["result_code"] == "SUCCESS" }
        var errCode: String { fields["err_code"] ?? "" }
        subscript(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }
        var reason: String { "\(fields["err_code_des"] ?? "the platform refused") (\(errCode))" }
    }

    struct Unanswered: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    func call(_ endpoint: String, _ fields: [String: String]) async -> Result<Answer, Unanswered> {
        var f = fields
        f["appid"] = configuration.appID
        f["mch_id"] = configuration.mchID
        f["nonce_str"] = WeChatNonce.make()
        let body: String
        switch await PlatformHTTP.post(configuration.baseURL + endpoint, contentType: "text/xml; charset=utf-8",
                                       body: WeChatMessage.signedBody(f, key: key, type: configuration.signType),
                                       timeoutSeconds: configuration.timeoutSeconds) {
        case .failure(let e): return .failure(Unanswered(e.reason))
        case .success(let text): body = text
        }
        do throws(WeChatAnswerError) {
            return .success(Answer(fields: try WeChatMessage.verifiedAnswer(body, key: key, type: configuration.signType,
                                                                             appID: configuration.appID, mchID: configuration.mchID)))
        } catch {
            logger.warning("unverifiable answer to \(endpoint): \(error)")
            return .failure(Unanswered(error.description))
        }
    }

    func fen(_ money: Money) -> String? { try? Fen.string(money) }
}

/// The sandbox server's customer simulator beside the WeChat API (`/sandbox/scan`), so
/// `cashier sandbox scan` can pay a NATIVE QR of a store that pays WeChat over HTTP.
extension WeChatPlatform {
    public var sandboxAdminBase: String { configuration.baseURL + "/sandbox/" }

    public func sandboxScan(tradeNo: String, outcome: String) async throws -> String {
        try await PlatformHTTP.sandboxScan(adminBase: sandboxAdminBase, tradeNo: tradeNo, outcome: outcome,
                                           timeoutSeconds: configuration.timeoutSeconds)
    }
}
