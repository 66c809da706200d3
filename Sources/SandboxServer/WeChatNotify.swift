import CashierCore
import PaymentPlatform
import WeChatPayProtocol

/// WeChat Pay's notifications: the signed payment notify of a NATIVE order, and the refund
/// notify whose `req_info` is encrypted with the API key. Delivered once the receiver answers
/// `<return_code>SUCCESS</return_code>`.
enum WeChatNotify {

    static func body(_ n: SandboxNotice, merchant: WeChatMerchant) -> String {
        let fen = { (m: Money) in (try? Fen.string(m)) ?? "0" }
        if let refundNo = n.refundNo, let amount = n.refundAmount {
            let info = RefundInfo.encrypt([
                "transaction_id": n.platformTradeNo, "out_trade_no": n.tradeNo, "out_refund_no": refundNo,
                "refund_id": n.platformTradeNo + "R" + refundNo, "total_fee": fen(n.amount), "settlement_total_fee": fen(n.amount),
                "refund_fee": fen(amount), "settlement_refund_fee": fen(amount), "refund_status": WeChatRefundStatus.success,
                "success_time": WeChatTime.spaced(n.changedAt), "refund_recv_accout": "支付用户的零钱",
                "refund_account": "REFUND_SOURCE_RECHARGE_FUNDS", "refund_request_source": "API",
            ], apiKey: merchant.apiKey)
            // No sign: the encryption is the proof, as in WeChat's own refund notify.
            return WeChatXML.document(["return_code": "SUCCESS", "appid": n.appID, "mch_id": merchant.mchID,
                                       "nonce_str": WeChatNonce.make(), "req_info": info])
        }
        return WeChatMessage.signedBody([
            "return_code": "SUCCESS", "result_code": "SUCCESS", "appid": n.appID, "mch_id": merchant.mchID,
            "nonce_str": WeChatNonce.make(), "openid": "oSandbox" + n.platformTradeNo, "is_subscribe": "N",
            "trade_type": "NATIVE", "bank_type": "OTHERS", "total_fee": fen(n.amount), "cash_fee": fen(n.amount),
            "fee_type": "CNY", "transaction_id": n.platformTradeNo, "out_trade_no": n.tradeNo,
            "time_end": WeChatTime.compact(n.changedAt),
        ], key: merchant.key, type: .md5)
    }

    /// The receiver took it: its answer is XML with return_code SUCCESS.
    static func accepted(_ answer: String) -> Bool {
        (try? WeChatXML.parse(answer))?.fields["return_code"] == "SUCCESS"
    }
}

/// WeChat retries a notify 15 s, 15 s, 30 s, 3 min, 10 min, 20 min, 30 min, 30 min, 30 min,
/// 60 min, 3 h, 3 h, 3 h, 6 h and 6 h after each failed attempt (24 h 4 min in all), as it
/// publishes; here multiplied by the time scale.
public enum WeChatNotifySchedule {
    public static let retrySeconds: [Double] = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]

    /// When to try again after `attempts` failed attempts, or nil once the schedule is spent.
    public static func retryAt(after attempts: Int, now: Millis, timeScale: TimeScale) -> Millis? {
        guard attempts >= 1, attempts <= retrySeconds.count else { return nil }
        return now + timeScale.millis(retrySeconds[attempts - 1])
    }
}
