import CashierCore
import PaymentPlatform
import WeChatPayProtocol

/// Each PaymentPlatform call as WeChat Pay v2 calls, the answers mapped to the engine's outcomes.
extension WeChatPlatform {
    public func pay(_ request: PayRequest) async -> PayOutcome {
        guard case .code(let code) = request.mode else { return .declined(reason: "a code payment needs the customer's payment code") }
        guard let fee = fen(request.amount) else { return .declined(reason: Fen.Error.notTwoDecimals(request.amount.currency).description) }
        let answer = await call(WeChatEndpoint.micropay, ["body": request.subject, "out_trade_no": request.tradeNo, "total_fee": fee,
                                                           "spbill_create_ip": configuration.clientIP, "auth_code": code.digits])
        switch answer {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let a):
            if a.succeeded { return .succeeded(platformTradeNo: a["transaction_id"] ?? "") }
            switch a.errCode {
            case WeChatErrCode.userPaying: return .waitingForCustomer
            case WeChatErrCode.systemError, WeChatErrCode.bankError, "": return .unknown(reason: a.reason)
            case WeChatErrCode.orderPaid:
                // Paid by an earlier submission whose answer was lost: the query confirms it.
                if case .trade(let t) = await query(tradeNo: request.tradeNo), t.status == .succeeded || t.status == .refunded {
                    return .succeeded(platformTradeNo: t.platformTradeNo ?? "")
                }
                return .unknown(reason: a.reason)
            default: return .declined(reason: a.reason)
            }
        }
    }

    public func precreate(_ request: PayRequest) async -> PrecreateOutcome {
        guard case .qr = request.mode else { return .failed(reason: "a QR payment takes a platform, not a payment code") }
        guard let fee = fen(request.amount) else { return .failed(reason: Fen.Error.notTwoDecimals(request.amount.currency).description) }
        var fields = ["body": request.subject, "out_trade_no": request.tradeNo, "total_fee": fee, "trade_type": "NATIVE",
                      "spbill_create_ip": configuration.clientIP, "product_id": request.tradeNo]
        if let url = configuration.notifyURL { fields["notify_url"] = url }
        switch await call(WeChatEndpoint.unifiedOrder, fields) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let a):
            if a.succeeded {
                guard let url = a["code_url"] else { return .unknown(reason: "the platform sent no code_url") }
                return .created(qrContent: url)
            }
            // ORDERPAID: the trade is paid already; the poller's query finds it.
            if [WeChatErrCode.systemError, WeChatErrCode.orderPaid, ""].contains(a.errCode) { return .unknown(reason: a.reason) }
            return .failed(reason: a.reason)
        }
    }

    public func query(tradeNo: String) async -> QueryOutcome {
        switch await call(WeChatEndpoint.orderQuery, ["out_trade_no": tradeNo]) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let a):
            guard a.succeeded else {
                return a.errCode == WeChatErrCode.orderNotExist ? .trade(TradeQuery(status: .notFound)) : .unknown(reason: a.reason)
            }
            let status: TradeStatus
            switch a["trade_state"] {
            case WeChatTradeState.success: status = .succeeded
            case WeChatTradeState.refund: status = .refunded
            case WeChatTradeState.notPay, WeChatTradeState.userPaying: status = .waiting
            case WeChatTradeState.closed, WeChatTradeState.revoked: status = .closed
            case WeChatTradeState.payError: status = .failed
            default: return .unknown(reason: "unknown trade_state \(a["trade_state"] ?? "(none)")")
            }
            let amount = a["total_fee"].flatMap { try? Fen.parse($0, currency: configuration.currency) }
            return .trade(TradeQuery(status: status, platformTradeNo: a["transaction_id"], amount: amount))
        }
    }

    /// reverse, called again while the platform answers recall=Y. WeChat's answer does not say
    /// whether money moved: a query first tells whether the trade had been paid.
    public func cancel(tradeNo: String) async -> CancelOutcome {
        var paidBefore = false
        if case .trade(let t) = await query(tradeNo: tradeNo) { paidBefore = t.status == .succeeded || t.status == .refunded }
        var last = "no answer"
        for attempt in 1...max(1, configuration.recallAttempts) {
            switch await call(WeChatEndpoint.reverse, ["out_trade_no": tradeNo]) {
            case .failure(let e): return .unknown(reason: e.reason)
            case .success(let a):
                if a.succeeded { return .closed(reversed: paidBefore) }
                guard a["recall"] == "Y" else { return .refused(reason: a.reason) }
                last = a.reason
            }
            if attempt < configuration.recallAttempts {
                try? await Task.sleep(nanoseconds: UInt64(max(0, configuration.recallDelaySeconds) * 1_000_000_000))
            }
        }
        return .unknown(reason: "reverse still asks to be called again (recall=Y): \(last)")
    }

    public func close(tradeNo: String) async -> CancelOutcome {
        switch await call(WeChatEndpoint.closeOrder, ["out_trade_no": tradeNo]) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let a):
            if a.succeeded { return .closed(reversed: false) }
            if [WeChatErrCode.systemError, ""].contains(a.errCode) { return .unknown(reason: a.reason) }
            return .refused(reason: a.reason)
        }
    }

    /// WeChat's refund answer means "accepted": the refund's own status comes from refundquery,
    /// asked at once so that an instant refund is known as such.
    public func refund(_ request: RefundRequest) async -> RefundOutcome {
        guard let fee = fen(request.amount) else { return .failed(reason: Fen.Error.notTwoDecimals(request.amount.currency).description) }
        guard case .trade(let t) = await query(tradeNo: request.tradeNo), let total = t.amount.flatMap(fen) else {
            return .unknown(reason: "the order's total could not be read before the refund")
        }
        var fields = ["out_trade_no": request.tradeNo, "out_refund_no": request.refundNo, "total_fee": total, "refund_fee": fee]
        if !request.reason.isEmpty { fields["refund_desc"] = request.reason }
        // The refund notify goes to the same receiver as the payment notify.
        if let url = configuration.notifyURL { fields["notify_url"] = url }
        switch await call(WeChatEndpoint.refund, fields) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let a):
            guard a.succeeded else {
                if [WeChatErrCode.systemError, WeChatErrCode.bankError, ""].contains(a.errCode) { return .unknown(reason: a.reason) }
                return .failed(reason: a.reason)
            }
            switch await refundQuery(tradeNo: request.tradeNo, refundNo: request.refundNo) {
            case .succeeded: return .succeeded
            default: return .processing
            }
        }
    }

    public func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome {
        switch await call(WeChatEndpoint.refundQuery, ["out_refund_no": refundNo]) {
        case .failure(let e): return .unknown(reason: e.reason)
        case .success(let a):
            guard a.succeeded else {
                return a.errCode == WeChatErrCode.refundNotExist ? .notFound : .unknown(reason: a.reason)
            }
            guard a["out_trade_no"] == tradeNo else { return .unknown(reason: "refund \(refundNo) belongs to another order") }
            switch a["refund_status_0"] {
            case WeChatRefundStatus.success: return .succeeded
            case WeChatRefundStatus.processing: return .processing
            case WeChatRefundStatus.refundClose: return .failed(reason: "the refund was closed (REFUNDCLOSE)")
            case WeChatRefundStatus.change: return .failed(reason: "the refund could not reach the customer (CHANGE)")
            default: return .unknown(reason: "unknown refund_status \(a["refund_status_0"] ?? "(none)")")
            }
        }
    }
}
