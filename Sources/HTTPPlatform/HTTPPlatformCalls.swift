import AlipayProtocol
import CashierCore
import PaymentPlatform

/// Each PaymentPlatform call as one gateway method, its answer mapped to the engine's outcomes.
extension HTTPPlatform {
    public func pay(_ request: PayRequest) async -> PayOutcome {
        guard case .code(let code) = request.mode else { return .declined(reason: "a code payment needs the customer's payment code") }
        guard let amount = yuan(request.amount) else { return .declined(reason: Yuan.Error.notTwoDecimals(request.amount.currency).description) }
        let biz = TradePayBiz(outTradeNo: request.tradeNo, authCode: code.digits, subject: request.subject, totalAmount: amount)
        switch await call(AlipayMethod.pay, biz) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            switch r.code {
            case AlipayCode.success: return .succeeded(platformTradeNo: r.tradeNo ?? "")
            case AlipayCode.waiting: return .waitingForCustomer
            case AlipayCode.businessFailure, AlipayCode.invalidParameters: return .declined(reason: Self.reason(r))
            default: return .unknown(reason: Self.reason(r))
            }
        }
    }

    public func precreate(_ request: PayRequest) async -> PrecreateOutcome {
        guard case .qr = request.mode else { return .failed(reason: "a QR payment takes a platform, not a payment code") }
        guard let amount = yuan(request.amount) else { return .failed(reason: Yuan.Error.notTwoDecimals(request.amount.currency).description) }
        let biz = TradePrecreateBiz(outTradeNo: request.tradeNo, subject: request.subject, totalAmount: amount)
        switch await call(AlipayMethod.precreate, biz) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            switch r.code {
            case AlipayCode.success:
                guard let qr = r.qrCode, !qr.isEmpty else { return .unknown(reason: "the platform sent no qr_code") }
                return .created(qrContent: qr)
            case AlipayCode.businessFailure, AlipayCode.invalidParameters: return .failed(reason: Self.reason(r))
            default: return .unknown(reason: Self.reason(r))
            }
        }
    }

    public func query(tradeNo: String) async -> QueryOutcome {
        switch await call(AlipayMethod.query, TradeRefBiz(outTradeNo: tradeNo)) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            if r.code == AlipayCode.businessFailure && r.subCode == "ACQ.TRADE_NOT_EXIST" { return .trade(TradeQuery(status: .notFound)) }
            guard r.code == AlipayCode.success else { return .unknown(reason: Self.reason(r)) }
            let status: TradeStatus
            switch r.tradeStatus {
            case AlipayTradeStatus.waitBuyerPay: status = .waiting
            case AlipayTradeStatus.success, AlipayTradeStatus.finished: status = .succeeded
            case AlipayTradeStatus.closed:
                // Alipay's TRADE_CLOSED alone means closed; the sandbox says more.
                switch r.closeReason {
                case "REFUNDED": status = .refunded
                case "PAY_FAILED": status = .failed
                default: status = .closed
                }
            default: return .unknown(reason: "unknown trade_status \(r.tradeStatus ?? "(none)")")
            }
            let amount = r.totalAmount.flatMap { try? Yuan.parse($0, currency: configuration.currency) }
            let platformNo = r.tradeNo.flatMap { $0.isEmpty ? nil : $0 }
            return .trade(TradeQuery(status: status, platformTradeNo: platformNo, amount: amount))
        }
    }

    public func cancel(tradeNo: String) async -> CancelOutcome {
        switch await call(AlipayMethod.cancel, TradeRefBiz(outTradeNo: tradeNo)) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            switch r.code {
            case AlipayCode.success: return .closed(reversed: r.action == "refund")
            case AlipayCode.businessFailure: return .refused(reason: Self.reason(r))
            default: return .unknown(reason: Self.reason(r))
            }
        }
    }

    public func close(tradeNo: String) async -> CancelOutcome {
        switch await call(AlipayMethod.close, TradeRefBiz(outTradeNo: tradeNo)) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            switch r.code {
            case AlipayCode.success: return .closed(reversed: false)
            case AlipayCode.businessFailure: return .refused(reason: Self.reason(r))
            default: return .unknown(reason: Self.reason(r))
            }
        }
    }

    public func refund(_ request: RefundRequest) async -> RefundOutcome {
        guard let amount = yuan(request.amount) else { return .failed(reason: Yuan.Error.notTwoDecimals(request.amount.currency).description) }
        let biz = TradeRefundBiz(outTradeNo: request.tradeNo, refundAmount: amount, outRequestNo: request.refundNo,
                                 refundReason: request.reason.isEmpty ? nil : request.reason)
        switch await call(AlipayMethod.refund, biz) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            switch r.code {
            case AlipayCode.success: return r.fundChange == "Y" ? .succeeded : .processing
            case AlipayCode.businessFailure, AlipayCode.invalidParameters: return .failed(reason: Self.reason(r))
            default: return .unknown(reason: Self.reason(r))
            }
        }
    }

    public func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome {
        switch await call(AlipayMethod.refundQuery, RefundQueryBiz(outTradeNo: tradeNo, outRequestNo: refundNo)) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let r):
            guard r.code == AlipayCode.success else { return .unknown(reason: Self.reason(r)) }
            switch r.refundStatus {
            case "REFUND_SUCCESS": return .succeeded
            case "REFUND_PROCESSING": return .processing
            case "REFUND_FAIL": return .failed(reason: r.refundFailReason ?? "the refund failed")
            // Alipay's older answers carry only refund_amount for a refund that went through.
            case nil: return r.refundAmount == nil ? .notFound : .succeeded
            default: return .unknown(reason: "unknown refund_status \(r.refundStatus ?? "")")
            }
        }
    }

    static func reason(_ r: AlipayTradeResponse) -> String {
        let detail = [r.subMsg, r.subCode].compactMap { $0 }.first ?? r.msg
        return "\(detail) (\(r.code))"
    }
}
