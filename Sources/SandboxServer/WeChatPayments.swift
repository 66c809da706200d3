import CashierCore
import PaymentPlatform
import WeChatPayProtocol

/// micropay, unifiedorder (NATIVE), orderquery, closeorder and reverse over the sandbox ledger,
/// answered with WeChat's codes. The last digit of a payment code picks the behaviour, as in
/// the embedded sandbox: 1 USERPAYING then paid, 2 NOTENOUGH, 3 SYSTEMERROR (paid), 4
/// USERPAYING until reversed or revoked, 5 BANKERROR (failed).
extension WeChatGateway {
    func micropay(_ call: Call) async -> Result {
        if let m = missing(call, ["body", "out_trade_no", "total_fee", "spbill_create_ip", "auth_code"]) { return m }
        let money: Money
        switch amount(call, "total_fee") {
        case .failure(let a): return a.result
        case .success(let m): money = m
        }
        let tradeNo = call.text("out_trade_no")!
        let authCode = call.text("auth_code")!
        guard let code = try? PaymentCode(authCode), code.platform == .wechat else {
            return .fail(WeChatErrCode.authCodeInvalid, "付款码无效: \(authCode) is not a WeChat payment code (18 digits starting 10–15).")
        }
        // A payment code pays once: shown again for another trade, it has expired.
        guard memory.use(code: code.digits, tradeNo: tradeNo) == tradeNo else {
            return .fail(WeChatErrCode.authCodeExpire, "二维码已过期，请用户在微信上刷新后再试: the payment code was already used.")
        }
        await revokeIfStale(tradeNo)
        let before = trade(tradeNo)
        if let before, before.status == .succeeded || before.status == .refunded {
            return .fail(WeChatErrCode.orderPaid, "订单已支付: trade \(tradeNo) is already paid.", ["out_trade_no": tradeNo])
        }
        let outcome = await sandbox.pay(PayRequest(tradeNo: tradeNo, amount: money, subject: call.text("body")!, mode: .code(code)))
        switch outcome {
        case .succeeded(let platformNo):
            var f = paid(tradeNo, platformNo, money, tradeType: "MICROPAY")
            f["time_end"] = WeChatTime.compact(sandbox.now)
            return .success(f)
        case .waitingForCustomer:
            return .fail(WeChatErrCode.userPaying, "需要用户输入支付密码: query the order until the customer has paid.")
        case .declined(let reason):
            // Refused before any trade was made: the code was not spent.
            if before == nil && trade(tradeNo) == nil { memory.forget(code: code.digits, tradeNo: tradeNo) }
            return declined(reason, before: before, digit: code.lastDigit)
        case .unknown(let reason):
            if code.lastDigit == 5 { return .fail(WeChatErrCode.bankError, "银行系统异常: the result is unknown (\(reason)); query the order.") }
            return .fail(WeChatErrCode.systemError, "系统超时: the result is unknown (\(reason)); query the order.")
        }
    }

    func declined(_ reason: String, before: SandboxTrade?, digit: Int) -> Result {
        if reason == SandboxPlatform.reusedAmount {
            return .fail(WeChatErrCode.outTradeNoUsed, "商户订单号重复: \(reason).")
        }
        if reason == SandboxPlatform.burntNumber { return .fail(WeChatErrCode.orderReversed, "订单已撤销: \(reason).") }
        if let before, before.status == .closed {
            return before.isQR ? .fail(WeChatErrCode.orderClosed, "订单已关闭.") : .fail(WeChatErrCode.orderReversed, "订单已撤销.")
        }
        if digit == 2 { return .fail(WeChatErrCode.notEnough, "余额不足: \(reason).") }
        return .fail(WeChatErrCode.tradeError, "交易错误: \(reason).")
    }

    /// The fields of a paid trade, as micropay and orderquery show them.
    func paid(_ tradeNo: String, _ platformNo: String, _ money: Money, tradeType: String) -> [String: String] {
        let fen = (try? Fen.string(money)) ?? "0"
        return ["out_trade_no": tradeNo, "transaction_id": platformNo, "trade_type": tradeType, "total_fee": fen,
                "cash_fee": fen, "fee_type": "CNY", "bank_type": "OTHERS", "is_subscribe": "N",
                "openid": "oSandbox" + platformNo]
    }

    func unifiedOrder(_ call: Call) async -> Result {
        // notify_url, required by WeChat, is optional here: without one the merchant queries.
        if let m = missing(call, ["body", "out_trade_no", "total_fee", "spbill_create_ip", "trade_type"]) { return m }
        guard call.text("trade_type") == "NATIVE" else {
            return .fail(WeChatErrCode.paramError, "trade_type \(call.text("trade_type")!) is not offered: the sandbox takes NATIVE (QR) orders.")
        }
        let money: Money
        switch amount(call, "total_fee") {
        case .failure(let a): return a.result
        case .success(let m): money = m
        }
        let tradeNo = call.text("out_trade_no")!
        if let before = trade(tradeNo) {
            if before.status == .succeeded || before.status == .refunded { return .fail(WeChatErrCode.orderPaid, "订单已支付.") }
            if before.status == .closed { return .fail(WeChatErrCode.orderClosed, "订单已关闭.") }
            if !before.isQR { return .fail(WeChatErrCode.outTradeNoUsed, "商户订单号重复: the number is in use by a code payment.") }
        }
        let outcome = await sandbox.precreate(PayRequest(tradeNo: tradeNo, amount: money, subject: call.text("body")!, mode: .qr(.wechat)))
        switch outcome {
        case .created:
            if let url = call.text("notify_url") {
                try? await sandbox.watch(tradeNo: tradeNo, url: url, appID: merchant.appID, policy: policy(), protocol: .wechat)
            }
            return .success(["trade_type": "NATIVE", "prepay_id": "wx" + tradeNo,
                             "code_url": "weixin://wxpay/bizpayurl?pr=" + tradeNo])
        case .failed(let reason):
            if reason == SandboxPlatform.reusedAmount { return .fail(WeChatErrCode.outTradeNoUsed, "商户订单号重复: \(reason).") }
            return .fail(WeChatErrCode.orderClosed, "订单已关闭: \(reason).")
        case .unknown(let reason):
            return .fail(WeChatErrCode.systemError, "系统超时: \(reason); try again with the same out_trade_no.")
        }
    }

    func orderQuery(_ call: Call) async -> Result {
        guard let tradeNo = tradeNo(call) else {
            if call.text("transaction_id") != nil { return .fail(WeChatErrCode.orderNotExist, "此交易订单号不存在.") }
            return .fail(WeChatErrCode.paramError, "transaction_id和out_trade_no至少填一个: name the order.")
        }
        await revokeIfStale(tradeNo)
        guard case .trade(let q) = await sandbox.query(tradeNo: tradeNo) else {
            return .fail(WeChatErrCode.systemError, "系统错误: query again.")
        }
        if q.status == .notFound { return .fail(WeChatErrCode.orderNotExist, "此交易订单号不存在: \(tradeNo).") }
        guard let t = trade(tradeNo) else {
            // A number closed before any trade came (a reverse or close of nothing).
            return .success(["out_trade_no": tradeNo, "trade_state": WeChatTradeState.closed, "trade_state_desc": "订单已关闭"])
        }
        let tradeType = t.isQR ? "NATIVE" : "MICROPAY"
        var f: [String: String] = t.platformTradeNo.map { paid(tradeNo, $0, t.amount, tradeType: tradeType) }
            ?? ["out_trade_no": tradeNo, "trade_type": tradeType, "total_fee": (try? Fen.string(t.amount)) ?? "0", "fee_type": "CNY"]
        let (state, desc) = Self.state(t)
        f["trade_state"] = state
        f["trade_state_desc"] = desc
        return .success(f)
    }

    /// `trade_state`: a refund of any size turns SUCCESS into REFUND, as WeChat's does.
    static func state(_ t: SandboxTrade) -> (String, String) {
        switch t.status {
        case .waiting: return t.isQR ? (WeChatTradeState.notPay, "未支付") : (WeChatTradeState.userPaying, "用户支付中")
        case .succeeded:
            return t.refunds.contains { $0.status != .failed } ? (WeChatTradeState.refund, "转入退款") : (WeChatTradeState.success, "支付成功")
        case .refunded: return (WeChatTradeState.refund, "转入退款")
        case .failed: return (WeChatTradeState.payError, "支付失败")
        case .closed, .notFound: return t.isQR ? (WeChatTradeState.closed, "已关闭") : (WeChatTradeState.revoked, "已撤销")
        }
    }

    func closeOrder(_ call: Call) async -> Result {
        if let m = missing(call, ["out_trade_no"]) { return m }
        let tradeNo = call.text("out_trade_no")!
        await revokeIfStale(tradeNo)
        switch await sandbox.close(tradeNo: tradeNo) {
        case .closed: return .success()
        case .refused(let reason): return .fail(WeChatErrCode.orderPaid, "订单已支付，不能发起关单: \(reason).")
        case .unknown(let reason): return .fail(WeChatErrCode.systemError, "系统错误: \(reason); close again.")
        }
    }

    /// A reverse while the customer is still entering the password cannot stop them at once:
    /// the first two answer SYSTEMERROR with recall=Y (call again), the third closes the trade.
    func reverse(_ call: Call) async -> Result {
        guard let tradeNo = tradeNo(call) else {
            if call.text("transaction_id") != nil { return .fail(WeChatErrCode.orderNotExist, "此交易订单号不存在.", ["recall": "N"]) }
            return .fail(WeChatErrCode.paramError, "transaction_id和out_trade_no至少填一个: name the order.", ["recall": "N"])
        }
        await revokeIfStale(tradeNo)
        if let t = trade(tradeNo), t.status == .waiting, !t.isQR, memory.reverse(tradeNo) <= 2 {
            return .fail(WeChatErrCode.systemError, "系统超时: the customer is still paying; call reverse again.", ["recall": "Y"])
        }
        switch await sandbox.cancel(tradeNo: tradeNo) {
        case .closed: return .success(["recall": "N"])
        case .refused(let reason): return .fail(WeChatErrCode.tradeStateError, "订单状态错误: \(reason).", ["recall": "N"])
        case .unknown(let reason): return .fail(WeChatErrCode.systemError, "系统超时: \(reason).", ["recall": "Y"])
        }
    }
}
