import AlipayProtocol
import CashierCore
import PaymentPlatform

/// The sandbox's outcomes written as Alipay answers (codes, sub_codes, statuses).
enum GatewayAnswers {
    static func unknown(_ reason: String) -> AlipayTradeResponse {
        var r = AlipayTradeResponse(code: AlipayCode.unknown, msg: "Service Currently Unavailable",
                                    subCode: "isp.unknow-error", subMsg: reason)
        r.retryFlag = "Y"
        return r
    }

    static func pay(_ outcome: PayOutcome, _ biz: TradePayBiz) -> AlipayTradeResponse {
        var r: AlipayTradeResponse
        switch outcome {
        case .succeeded(let platformTradeNo):
            r = .success()
            r.tradeNo = platformTradeNo
            r.totalAmount = biz.totalAmount
        case .waitingForCustomer:
            r = AlipayTradeResponse(code: AlipayCode.waiting, msg: "order success pay inprocess")
        case .declined(let reason):
            r = .failure("ACQ.PAYMENT_FAIL", reason)
        case .unknown(let reason):
            r = unknown(reason)
        }
        r.outTradeNo = biz.outTradeNo
        return r
    }

    /// TRADE_CLOSED covers several stories; `close_reason` (the sandbox's addition) tells them
    /// apart: PAY_FAILED, CLOSED, REVERSED (paid, then cancelled) or REFUNDED (in full).
    static func query(_ outcome: QueryOutcome, outTradeNo: String, trade: SandboxTrade?) -> AlipayTradeResponse {
        guard case .trade(let t) = outcome else {
            if case .unknown(let reason) = outcome { return unknown(reason) }
            return unknown("no answer")
        }
        if t.status == .notFound { return .failure("ACQ.TRADE_NOT_EXIST", "the platform has no trade \(outTradeNo)") }
        var r = AlipayTradeResponse.success()
        r.outTradeNo = outTradeNo
        r.tradeNo = t.platformTradeNo
        r.totalAmount = t.amount.flatMap { try? Yuan.string($0) }
        switch t.status {
        case .waiting: r.tradeStatus = AlipayTradeStatus.waitBuyerPay
        case .succeeded: r.tradeStatus = AlipayTradeStatus.success
        case .refunded: r.tradeStatus = AlipayTradeStatus.closed; r.closeReason = "REFUNDED"
        case .failed: r.tradeStatus = AlipayTradeStatus.closed; r.closeReason = "PAY_FAILED"
        case .closed:
            r.tradeStatus = AlipayTradeStatus.closed
            r.closeReason = (trade?.reversed ?? false) ? "REVERSED" : "CLOSED"
        case .notFound: break
        }
        return r
    }

    /// cancel answers `action` (close: nothing had been paid; refund: the money went back).
    static func cancel(_ outcome: CancelOutcome, outTradeNo: String, isCancel: Bool) -> AlipayTradeResponse {
        var r: AlipayTradeResponse
        switch outcome {
        case .closed(let reversed):
            r = .success()
            if isCancel {
                r.action = reversed ? "refund" : "close"
                r.retryFlag = "N"
            }
        case .refused(let reason):
            r = .failure("ACQ.TRADE_STATUS_ERROR", reason)
            if isCancel { r.retryFlag = "N" }
        case .unknown(let reason):
            r = unknown(reason)
        }
        r.outTradeNo = outTradeNo
        return r
    }

    /// A refund that moved money answers fund_change Y; one still processing answers N
    /// (query it later), as Alipay's does.
    static func refund(_ outcome: RefundOutcome, _ biz: TradeRefundBiz, refundedSoFar: Money?) -> AlipayTradeResponse {
        var r: AlipayTradeResponse
        switch outcome {
        case .succeeded:
            r = .success()
            r.fundChange = "Y"
            r.refundFee = refundedSoFar.flatMap { try? Yuan.string($0) }
        case .processing:
            r = .success()
            r.fundChange = "N"
        case .failed(let reason):
            r = .failure("ACQ.REFUND_FAIL", reason)
        case .unknown(let reason):
            r = unknown(reason)
        }
        r.outTradeNo = biz.outTradeNo
        r.outRequestNo = biz.outRequestNo
        return r
    }

    /// Alipay answers an unknown refund number with 10000 and no refund_status.
    static func refundQuery(_ outcome: RefundQueryOutcome, _ biz: RefundQueryBiz, amount: Money?) -> AlipayTradeResponse {
        var r = AlipayTradeResponse.success()
        switch outcome {
        case .succeeded: r.refundStatus = "REFUND_SUCCESS"
        case .processing: r.refundStatus = "REFUND_PROCESSING"
        case .failed(let reason): r.refundStatus = "REFUND_FAIL"; r.refundFailReason = reason
        case .notFound: break
        case .unknown(let reason): return unknown(reason)
        }
        if outcome != .notFound { r.refundAmount = amount.flatMap { try? Yuan.string($0) } }
        r.outTradeNo = biz.outTradeNo
        r.outRequestNo = biz.outRequestNo
        return r
    }
}
