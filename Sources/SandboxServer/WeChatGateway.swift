import CashierCore
import Foundation
import PaymentPlatform
import WeChatPayProtocol

/// The WeChat Pay v2 front of the sandbox platform, at the root of the same address as the
/// Alipay gateway and over the same ledger: checks the request (XML, appid/mch_id, signature),
/// runs it, and answers signed XML with the request's sign type. A request refused as such gets
/// WeChat's own `return_code` FAIL answer, never an HTTP error.
public struct WeChatGateway: Sendable {
    public let sandbox: SandboxPlatform
    public let merchant: WeChatMerchant
    let timeScale: TimeScale
    let policy: @Sendable () -> SandboxNoticePolicy
    let memory = WeChatGatewayMemory()

    public init(sandbox: SandboxPlatform, merchant: WeChatMerchant, timeScale: TimeScale,
                policy: @escaping @Sendable () -> SandboxNoticePolicy = { SandboxNoticePolicy() }) {
        self.sandbox = sandbox
        self.merchant = merchant
        self.timeScale = timeScale
        self.policy = policy
    }

    /// A request checked as WeChat checks it; `fields` are the request's.
    struct Call {
        let fields: [String: String]
        let type: WeChatSignType
        func text(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// A business answer before the common fields and the signature are added.
    struct Result {
        var fields: [String: String]
        static func success(_ fields: [String: String] = [:]) -> Result {
            var f = fields
            f["result_code"] = "SUCCESS"
            return Result(fields: f)
        }
        static func fail(_ code: String, _ description: String, _ extra: [String: String] = [:]) -> Result {
            var f = extra
            f["result_code"] = "FAIL"
            f["err_code"] = code
            f["err_code_des"] = description
            return Result(fields: f)
        }
    }

    /// The answer body to a POST of `body` at `endpoint` (one of `WeChatEndpoint.all`).
    public func answer(endpoint: String, body: String) async -> String {
        let call: Call
        switch check(body) {
        case .failure(let refusal): return refusal.body
        case .success(let c): call = c
        }
        let result = await run(endpoint, call)
        var f = result.fields
        f["return_code"] = "SUCCESS"
        f["return_msg"] = "OK"
        f["appid"] = merchant.appID
        f["mch_id"] = merchant.mchID
        f["nonce_str"] = WeChatNonce.make()
        return WeChatMessage.signedBody(f, key: merchant.key, type: call.type)
    }

    struct Refusal: Error {
        let body: String
        init(_ message: String, _ code: String) { body = WeChatMessage.refusalBody(message, errCode: code) }
    }

    func check(_ body: String) -> Swift.Result<Call, Refusal> {
        let fields: [String: String]
        do throws(WeChatXML.Error) { fields = try WeChatXML.parse(body).fields } catch {
            return .failure(Refusal("XML格式错误: \(error.description)", WeChatErrCode.xmlFormatError))
        }
        for name in ["appid", "mch_id", "nonce_str", "sign"] where (fields[name] ?? "").isEmpty {
            return .failure(Refusal("缺少参数 \(name): the request has no \(name).", WeChatErrCode.lackParams))
        }
        guard let type = WeChatSignType.of(fields) else {
            return .failure(Refusal("sign_type \(fields["sign_type"] ?? "") is not supported: use MD5 or HMAC-SHA256.", WeChatErrCode.signError))
        }
        guard fields["mch_id"] == merchant.mchID else {
            return .failure(Refusal("商户号不存在: mch_id \(fields["mch_id"]!) is not this sandbox's merchant.", WeChatErrCode.mchIDNotExist))
        }
        guard fields["appid"] == merchant.appID else {
            return .failure(Refusal("appid和mch_id不匹配: appid \(fields["appid"]!) is not bound to mch_id \(merchant.mchID).",
                                    WeChatErrCode.appIDMchIDNotMatch))
        }
        do throws(WeChatSignatureError) { try merchant.key.verify(fields, type: type) } catch {
            return .failure(Refusal("签名错误: \(error.description)", WeChatErrCode.signError))
        }
        return .success(Call(fields: fields, type: type))
    }

    func run(_ endpoint: String, _ call: Call) async -> Result {
        switch endpoint {
        case WeChatEndpoint.micropay: return await micropay(call)
        case WeChatEndpoint.orderQuery: return await orderQuery(call)
        case WeChatEndpoint.unifiedOrder: return await unifiedOrder(call)
        case WeChatEndpoint.closeOrder: return await closeOrder(call)
        case WeChatEndpoint.reverse: return await reverse(call)
        case WeChatEndpoint.refund: return await refund(call)
        case WeChatEndpoint.refundQuery: return await refundQuery(call)
        default: return .fail(WeChatErrCode.invalidRequest, "\(endpoint) is not offered by this gateway.")
        }
    }

    // MARK: Shared checks

    /// The first missing field among `names`, as WeChat's LACK_PARAMS answer.
    func missing(_ call: Call, _ names: [String]) -> Result? {
        guard let name = names.first(where: { call.text($0) == nil }) else { return nil }
        return .fail(WeChatErrCode.lackParams, "缺少参数 \(name): the request has no \(name).")
    }

    /// A positive amount in fen, or the answer refusing it.
    func amount(_ call: Call, _ name: String) -> Swift.Result<Money, Answered> {
        if let type = call.text("fee_type"), type != "CNY" {
            return .failure(Answered(.fail(WeChatErrCode.paramError, "fee_type \(type) is not offered: the sandbox takes CNY.")))
        }
        do throws(Fen.Error) {
            let money = try Fen.parse(call.text(name) ?? "")
            guard money.minor > 0 else { return .failure(Answered(.fail(WeChatErrCode.paramError, "\(name) must be a positive number of fen."))) }
            return .success(money)
        } catch {
            return .failure(Answered(.fail(WeChatErrCode.paramError, "\(name): \(error.description)")))
        }
    }

    /// A business refusal found while reading the request.
    struct Answered: Error { let result: Result; init(_ r: Result) { result = r } }

    /// Our trade number from out_trade_no, or from transaction_id (the platform's number).
    func tradeNo(_ call: Call) -> String? {
        if let no = call.text("out_trade_no") { return no }
        guard let id = call.text("transaction_id") else { return nil }
        return (try? sandbox.tradeNo(platformTradeNo: id)) ?? nil
    }

    /// The platform's own rule (not the merchant's poll schedule): WeChat revokes an unpaid code payment after about 45 s.
    static let autoRevokeSeconds: Double = 45

    /// WeChat revokes a code payment left unpaid for about 45 s; the sandbox does it the moment
    /// anyone looks at the trade after that.
    func revokeIfStale(_ tradeNo: String) async {
        let age = timeScale.millis(Self.autoRevokeSeconds)
        _ = try? await sandbox.revokeUnpaidCodePayment(tradeNo: tradeNo, createdBefore: sandbox.now - age)
    }

    func trade(_ tradeNo: String) -> SandboxTrade? { (try? sandbox.trade(tradeNo: tradeNo)) ?? nil }
}

/// What the WeChat gateway remembers beyond the ledger (for this server's life): the payment
/// codes already used, and how many reverses each trade had while the customer was paying.
final class WeChatGatewayMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var codes: [String: String] = [:]
    private var reverses: [String: Int] = [:]

    /// The trade that used this code first (it is this one if none had).
    func use(code: String, tradeNo: String) -> String {
        lock.withLock {
            if let first = codes[code] { return first }
            codes[code] = tradeNo
            return tradeNo
        }
    }

    func forget(code: String, tradeNo: String) {
        lock.withLock { if codes[code] == tradeNo { codes[code] = nil } }
    }

    /// Counts one more reverse of this trade; returns the count.
    func reverse(_ tradeNo: String) -> Int {
        lock.withLock {
            reverses[tradeNo, default: 0] += 1
            return reverses[tradeNo]!
        }
    }
}
