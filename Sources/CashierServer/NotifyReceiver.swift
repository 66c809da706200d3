import CashierCore
import CashierEngine
import Logging

/// What the receiver needs to trust a notify: the app id it must carry and a check of the
/// platform's signature over the form (Alipay: RSA2 over the sorted parameters without
/// `sign` and `sign_type`, verified with the platform's public key).
public struct NotifySettings: Sendable {
    public var appId: String
    public var verifySignature: @Sendable ([String: String]) -> Bool

    public init(appId: String, verifySignature: @escaping @Sendable ([String: String]) -> Bool) {
        self.appId = appId
        self.verifySignature = verifySignature
    }
}

/// Applies Alipay-shaped asynchronous notifies. A signed notify whose app id, trade number and
/// amount match the store is as good as a query's answer (it comes from the platform's key), so
/// TRADE_SUCCESS goes through `Engine.signedSuccess`, the poller's own compare-and-set: a
/// duplicate changes nothing, and a success for a payment already failed or closed here becomes
/// a review item and is reversed. TRADE_CLOSED closes an open payment the way the poller does
/// when a query says closed, and changes nothing once the payment succeeded (a full refund).
public struct NotifyReceiver: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// Stored (or already stored): answer `success`.
        case accepted(String)
        /// Changed nothing: answer `failure`.
        case refused(String)
    }

    let engine: Engine
    let settings: NotifySettings?
    let logger = Logger(label: "cashier.notify")

    public init(engine: Engine, settings: NotifySettings?) {
        self.engine = engine
        self.settings = settings
    }

    /// Throws only when the store could not be written: the platform will send it again.
    public func receive(_ form: [String: String]) async throws -> Verdict {
        let tradeNo = form["out_trade_no"] ?? ""
        let status = form["trade_status"] ?? ""
        let notifyId = form["notify_id"] ?? ""
        // What makes two notifies the same notify: a retry repeats these exactly.
        let fingerprint = SHA256Hex.of(["app_id", "out_trade_no", "trade_no", "trade_status", "total_amount"]
            .map { "\($0)=\(form[$0] ?? "")" }.joined(separator: "&"))
        func refuse(_ reason: String, amount: Money? = nil) throws -> Verdict {
            logger.warning("notify refused (\(tradeNo.isEmpty ? "no trade" : tradeNo), \(status)): \(reason)")
            try engine.recordNotifyRefused(notifyId: notifyId, tradeNo: tradeNo, status: status, bodyHash: fingerprint,
                                          claimedAmount: amount, reason: reason)
            return .refused(reason)
        }
        guard let settings else { return try refuse("no platform key configured: notifies cannot be verified") }
        guard form["sign"] != nil, settings.verifySignature(form) else { return try refuse("signature does not verify") }
        guard form["app_id"] == settings.appId else { return try refuse("app_id \(form["app_id"] ?? "none") is not ours") }
        guard !notifyId.isEmpty else { return try refuse("no notify_id") }
        guard let po = try engine.paymentOrder(tradeNo: tradeNo) else { return try refuse("no payment with out_trade_no \(tradeNo)") }
        guard let text = form["total_amount"], let amount = try? Money.parse(text, currency: po.amount.currency) else {
            return try refuse("total_amount \(form["total_amount"] ?? "missing") is not an amount")
        }
        guard amount == po.amount else {
            return try refuse("total_amount \(amount.decimal) does not match the payment's \(po.amount.decimal)", amount: amount)
        }
        switch try engine.notifySeen(notifyId: notifyId, bodyHash: fingerprint) {
        case .sameContent: return .accepted("duplicate")
        case .otherContent: return try refuse("notify_id \(notifyId) was already used for other content (replayed)", amount: amount)
        case .new: break
        }
        let outcome: String
        switch status {
        case "TRADE_SUCCESS", "TRADE_FINISHED":
            outcome = try await engine.signedSuccess(tradeNo: tradeNo, platformTradeNo: form["trade_no"]).notifyOutcome
        case "TRADE_CLOSED":
            // The poller's own step for a trade the platform calls closed.
            outcome = switch try engine.platformClosed(paymentId: po.id, reason: "closed by the platform (notify)") {
            case .applied: "applied"
            case .duplicate: "duplicate"
            case .lateSuccess, .ignored: "ignored"
            }
        case "WAIT_BUYER_PAY":
            outcome = "ignored"
        default:
            return try refuse("unknown trade_status \(Validate.clip(status))", amount: amount)
        }
        try engine.recordNotifyAccepted(notifyId: notifyId, tradeNo: tradeNo, status: status, bodyHash: fingerprint, outcome: outcome)
        logger.info("notify \(notifyId) for \(tradeNo) \(status): \(outcome)")
        return .accepted(outcome)
    }

}
