import CashierCore
import PaymentPlatform
import WeChatPayProtocol

/// refund and refundquery over the sandbox ledger. A refund number (`out_refund_no`) is one
/// refund; the same number again is answered from the ledger, never paid twice; at most 50
/// per trade. Codes ending in 6 keep refunds PROCESSING a while; 7 declines each refund
/// number's first attempt (NOTENOUGH).
extension WeChatGateway {
    func refund(_ call: Call) async -> Result {
        if let m = missing(call, ["out_refund_no", "total_fee", "refund_fee"]) { return m }
        guard let tradeNo = tradeNo(call) else {
            if call.text("transaction_id") != nil { return .fail(WeChatErrCode.orderNotExist, "订单不存在.") }
            return .fail(WeChatErrCode.paramError, "transaction_id和out_trade_no至少填一个: name the order.")
        }
        let total: Money, refundAmount: Money
        switch (amount(call, "total_fee"), amount(call, "refund_fee")) {
        case (.failure(let a), _), (_, .failure(let a)): return a.result
        case (.success(let t), .success(let r)): (total, refundAmount) = (t, r)
        }
        guard let before = trade(tradeNo) else { return .fail(WeChatErrCode.orderNotExist, "订单不存在: \(tradeNo).") }
        guard before.amount == total else {
            return .fail(WeChatErrCode.paramError, "订单金额不一致: total_fee \(total.minor) is not the order's \(before.amount.minor).")
        }
        let refundNo = call.text("out_refund_no")!
        let outcome = await sandbox.refund(RefundRequest(tradeNo: tradeNo, refundNo: refundNo, amount: refundAmount,
                                                         reason: call.text("refund_desc") ?? ""))
        switch outcome {
        case .succeeded, .processing:
            if let url = call.text("notify_url") {
                try? await sandbox.watchRefund(tradeNo: tradeNo, refundNo: refundNo, url: url, appID: merchant.appID)
            }
            let t = trade(tradeNo) ?? before
            let fen = { (m: Money) in (try? Fen.string(m)) ?? "0" }
            return .success(["out_trade_no": tradeNo, "transaction_id": t.platformTradeNo ?? "", "out_refund_no": refundNo,
                             "refund_id": Self.refundID(t, refundNo), "refund_fee": fen(refundAmount),
                             "total_fee": fen(t.amount), "cash_fee": fen(t.amount), "refund_channel": "ORIGINAL"])
        case .failed(let reason):
            if reason == SandboxPlatform.declinedOnce { return .fail(WeChatErrCode.notEnough, "余额不足: \(reason).") }
            if before.status != .succeeded && before.status != .refunded {
                return .fail(WeChatErrCode.tradeStateError, "订单状态错误: \(reason).")
            }
            return .fail(WeChatErrCode.invalidRequest, "参数错误: \(reason).")
        case .unknown(let reason):
            return .fail(WeChatErrCode.systemError, "系统超时: \(reason); retry with the same out_refund_no.")
        }
    }

    /// Refunds by out_trade_no or transaction_id (all of the trade's), out_refund_no or refund_id (one).
    func refundQuery(_ call: Call) async -> Result {
        var tradeNo = tradeNo(call)
        var only: String? = call.text("out_refund_no")
        if tradeNo == nil, let refundNo = only { tradeNo = (try? sandbox.tradeNo(refundNo: refundNo)) ?? nil }
        if tradeNo == nil, let id = call.text("refund_id"), let (platformNo, refundNo) = Self.splitRefundID(id),
           let t = (try? sandbox.tradeNo(platformTradeNo: platformNo)) ?? nil {
            tradeNo = t
            only = refundNo
        }
        guard let tradeNo else {
            if call.fields.keys.contains(where: ["out_refund_no", "refund_id", "transaction_id"].contains) {
                return .fail(WeChatErrCode.refundNotExist, "退款订单查询失败: no such refund.")
            }
            return .fail(WeChatErrCode.paramError, "name the refund: out_refund_no, refund_id, out_trade_no or transaction_id.")
        }
        // The ledger settles slow refunds as it answers.
        _ = await sandbox.refundQuery(tradeNo: tradeNo, refundNo: only ?? "")
        guard let t = trade(tradeNo) else { return .fail(WeChatErrCode.refundNotExist, "退款订单查询失败: no trade \(tradeNo).") }
        let refunds = t.refunds.filter { only == nil || $0.refundNo == only }
        guard !refunds.isEmpty else { return .fail(WeChatErrCode.refundNotExist, "退款订单查询失败: no such refund.") }
        let fen = { (m: Money) in (try? Fen.string(m)) ?? "0" }
        var f = ["out_trade_no": tradeNo, "transaction_id": t.platformTradeNo ?? "", "total_fee": fen(t.amount),
                 "cash_fee": fen(t.amount), "refund_count": String(refunds.count)]
        for (n, r) in refunds.enumerated() {
            f["out_refund_no_\(n)"] = r.refundNo
            f["refund_id_\(n)"] = Self.refundID(t, r.refundNo)
            f["refund_fee_\(n)"] = fen(r.amount)
            f["refund_channel_\(n)"] = "ORIGINAL"
            f["refund_recv_accout_\(n)"] = "支付用户的零钱"
            f["refund_status_\(n)"] = switch r.status {
            case .succeeded: WeChatRefundStatus.success
            case .processing: WeChatRefundStatus.processing
            case .failed: WeChatRefundStatus.refundClose
            }
        }
        return .success(f)
    }

    /// The platform's refund number: the trade's (`SBX` and 12 digits), `R`, the merchant's refund number.
    static func refundID(_ t: SandboxTrade, _ refundNo: String) -> String { (t.platformTradeNo ?? "SBX") + "R" + refundNo }

    static func splitRefundID(_ id: String) -> (String, String)? {
        let platformNo = String(id.prefix(15))
        let rest = id.dropFirst(15)
        guard platformNo.hasPrefix("SBX"), rest.first == "R", rest.count > 1 else { return nil }
        return (platformNo, String(rest.dropFirst()))
    }
}
