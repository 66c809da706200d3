import AlipayProtocol
import CashierCore
import PaymentPlatform

/// The Alipay-shaped front of the sandbox platform: verifies the merchant's signature, runs the
/// method against the sandbox (the same behaviours as the embedded one), and signs the answer
/// with the platform's key. Transport (HTTP, outages) is the server's business, not this one's.
public struct SandboxGateway: Sendable {
    public let sandbox: SandboxPlatform
    let merchant: AlipayVerifier
    let platform: AlipaySigner
    /// The only app_id accepted (`keys/alipay.toml`); nil accepts any.
    let appID: String?
    /// How a new trade's notifications go (the server's current notify mode).
    let policy: @Sendable () -> SandboxNoticePolicy
    /// Signs the bill download links; made at each start.
    let billLinks = BillLinks()

    public init(sandbox: SandboxPlatform, merchantKey: AlipayVerifier, platformKey: AlipaySigner, appID: String?,
                policy: @escaping @Sendable () -> SandboxNoticePolicy = { SandboxNoticePolicy() }) {
        self.sandbox = sandbox
        self.merchant = merchantKey
        self.platform = platformKey
        self.appID = appID
        self.policy = policy
    }

    /// The signed JSON body answering one request's parameters (query string and form merged).
    /// `billBase` ("http://host:port", where the gateway was reached) roots the bill download
    /// links it hands out (nil: no bills).
    public func answer(_ parameters: [String: String], billBase: String? = nil) async -> String {
        let method = parameters["method"] ?? ""
        let request: AlipayIncomingRequest
        do throws(AlipayRequestError) {
            request = try AlipayIncomingRequest.verified(parameters, verifier: merchant)
        } catch {
            let r = AlipayTradeResponse(code: AlipayCode.invalidParameters, msg: "Invalid Arguments",
                                        subCode: error.subCode, subMsg: error.description)
            let known = AlipayMethod.all.contains(method)
            return AlipayResponse.body(method: method, response: r, signer: platform, key: known ? nil : "error_response")
        }
        if let appID, request.appID != appID {
            let r = AlipayTradeResponse(code: AlipayCode.invalidParameters, msg: "Invalid Arguments", subCode: "isv.invalid-app-id",
                                        subMsg: "app_id \(request.appID) is not this gateway's app: use the app_id of keys/alipay.toml beside the store.")
            return AlipayResponse.body(method: method, response: r, signer: platform,
                                       key: AlipayMethod.all.contains(method) ? nil : "error_response")
        }
        guard AlipayMethod.all.contains(method) else {
            let r = AlipayTradeResponse(code: AlipayCode.invalidParameters, msg: "Invalid Arguments",
                                        subCode: "isv.invalid-method", subMsg: "The method \(method) is not offered by this gateway.")
            return AlipayResponse.body(method: method, response: r, signer: platform, key: "error_response")
        }
        let response: AlipayTradeResponse
        do throws(AlipayRequestError) {
            response = try await run(request, billBase: billBase)
        } catch {
            response = AlipayTradeResponse(code: AlipayCode.invalidParameters, msg: "Invalid Arguments",
                                           subCode: error.subCode, subMsg: error.description)
        }
        return AlipayResponse.body(method: method, response: response, signer: platform)
    }

    func run(_ request: AlipayIncomingRequest, billBase: String?) async throws(AlipayRequestError) -> AlipayTradeResponse {
        switch request.method {
        case AlipayMethod.billDownloadURLQuery: return billURL(try request.biz(BillDownloadBiz.self), base: billBase)
        case AlipayMethod.pay: return try await pay(request)
        case AlipayMethod.precreate: return try await precreate(request)
        case AlipayMethod.query:
            return await query(try request.biz(TradeRefBiz.self).outTradeNo)
        case AlipayMethod.cancel:
            let no = try request.biz(TradeRefBiz.self).outTradeNo
            return GatewayAnswers.cancel(await sandbox.cancel(tradeNo: no), outTradeNo: no, isCancel: true)
        case AlipayMethod.close:
            let no = try request.biz(TradeRefBiz.self).outTradeNo
            return GatewayAnswers.cancel(await sandbox.close(tradeNo: no), outTradeNo: no, isCancel: false)
        case AlipayMethod.refund: return try await refund(request)
        case AlipayMethod.refundQuery:
            let biz = try request.biz(RefundQueryBiz.self)
            return GatewayAnswers.refundQuery(await sandbox.refundQuery(tradeNo: biz.outTradeNo, refundNo: biz.outRequestNo), biz,
                                              amount: refundAmount(biz))
        default:
            return .failure("ACQ.INVALID_PARAMETER", "The method \(request.method) is not offered by this gateway.")
        }
    }

    func pay(_ request: AlipayIncomingRequest) async throws(AlipayRequestError) -> AlipayTradeResponse {
        let biz = try request.biz(TradePayBiz.self)
        let amount = try Self.amount(biz.totalAmount)
        guard biz.scene == "bar_code" else {
            return .failure("ACQ.INVALID_PARAMETER", "scene must be bar_code for a payment code")
        }
        let code: PaymentCode
        do throws(PaymentCode.CodeError) { code = try PaymentCode(biz.authCode) } catch {
            return .failure("ACQ.PAYMENT_AUTH_CODE_INVALID", error.description)
        }
        let outcome = await sandbox.pay(PayRequest(tradeNo: biz.outTradeNo, amount: amount, subject: biz.subject, mode: .code(code)))
        await watch(request, biz.outTradeNo)
        return GatewayAnswers.pay(outcome, biz)
    }

    func precreate(_ request: AlipayIncomingRequest) async throws(AlipayRequestError) -> AlipayTradeResponse {
        let biz = try request.biz(TradePrecreateBiz.self)
        let amount = try Self.amount(biz.totalAmount)
        let outcome = await sandbox.precreate(PayRequest(tradeNo: biz.outTradeNo, amount: amount, subject: biz.subject, mode: .qr(.alipay)))
        await watch(request, biz.outTradeNo)
        switch outcome {
        case .created(let qr):
            var r = AlipayTradeResponse.success()
            r.outTradeNo = biz.outTradeNo
            r.qrCode = qr
            return r
        case .failed(let reason): return .failure("ACQ.TRADE_STATUS_ERROR", reason)
        case .unknown(let reason): return GatewayAnswers.unknown(reason)
        }
    }

    func query(_ outTradeNo: String) async -> AlipayTradeResponse {
        let outcome = await sandbox.query(tradeNo: outTradeNo)
        let trade = (try? sandbox.trade(tradeNo: outTradeNo)) ?? nil
        return GatewayAnswers.query(outcome, outTradeNo: outTradeNo, trade: trade)
    }

    func refund(_ request: AlipayIncomingRequest) async throws(AlipayRequestError) -> AlipayTradeResponse {
        let biz = try request.biz(TradeRefundBiz.self)
        let amount = try Self.amount(biz.refundAmount)
        let outcome = await sandbox.refund(RefundRequest(tradeNo: biz.outTradeNo, refundNo: biz.outRequestNo,
                                                         amount: amount, reason: biz.refundReason ?? ""))
        let refunded = ((try? sandbox.trade(tradeNo: biz.outTradeNo)) ?? nil)?.refunded
        return GatewayAnswers.refund(outcome, biz, refundedSoFar: refunded)
    }

    func refundAmount(_ biz: RefundQueryBiz) -> Money? {
        let trade = (try? sandbox.trade(tradeNo: biz.outTradeNo)) ?? nil
        return trade?.refunds.first { $0.refundNo == biz.outRequestNo }?.amount
    }

    /// Trades created with a notify_url are watched: their changes are announced there.
    func watch(_ request: AlipayIncomingRequest, _ tradeNo: String) async {
        guard let url = request.notifyURL else { return }
        try? await sandbox.watch(tradeNo: tradeNo, url: url, appID: request.appID, policy: policy())
    }

    static func amount(_ text: String) throws(AlipayRequestError) -> Money {
        let money: Money
        do throws(Yuan.Error) { money = try Yuan.parse(text) } catch { throw .badBizContent(error.description) }
        guard money.minor > 0 else { throw .badBizContent("the amount must be positive") }
        return money
    }
}
