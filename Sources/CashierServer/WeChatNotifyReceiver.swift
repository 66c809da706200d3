import CashierCore
import CashierEngine
import Hummingbird
import Logging
import WeChatPayProtocol

/// Applies WeChat Pay's v2 notifies, as `NotifyReceiver` does Alipay's: a payment notify whose
/// signature, appid, mch_id, out_trade_no and total_fee match the store goes through
/// `Engine.signedSuccess` (the poller's compare-and-set); a refund notify whose `req_info`
/// decrypts under our key, naming one of our refunds with its trade and amount, goes through
/// `Engine.signedRefundResult`. WeChat sends no notify id: a payment notify is known by its
/// trade number, a refund notify by its refund number, so the same one again is a duplicate and
/// one with other content under the same number is a replay.
public struct WeChatNotifyReceiver: Sendable {
    let engine: Engine
    let settings: WeChatMerchant?
    let logger = Logger(label: "cashier.notify.wechat")

    public init(engine: Engine, settings: WeChatMerchant?) {
        self.engine = engine
        self.settings = settings
    }

    /// Throws only when the store could not be written: WeChat will send it again.
    public func receive(_ body: String) async throws -> NotifyReceiver.Verdict {
        let fields = (try? WeChatXML.parse(body).fields) ?? [:]
        if fields["req_info"] != nil { return try await receiveRefund(fields) }
        let tradeNo = fields["out_trade_no"] ?? ""
        let status = fields["result_code"] ?? ""
        let notifyId = "wechat-pay:" + tradeNo
        let fingerprint = SHA256Hex.of(["appid", "mch_id", "out_trade_no", "transaction_id", "result_code", "total_fee"]
            .map { "\($0)=\(fields[$0] ?? "")" }.joined(separator: "&"))
        func refuse(_ reason: String, amount: Money? = nil) throws -> NotifyReceiver.Verdict {
            logger.warning("WeChat notify refused (\(tradeNo.isEmpty ? "no trade" : tradeNo), \(status)): \(reason)")
            try engine.recordNotifyRefused(notifyId: notifyId, tradeNo: tradeNo, status: status, bodyHash: fingerprint,
                                          claimedAmount: amount, reason: reason)
            return .refused(reason)
        }
        guard !fields.isEmpty else { return try refuse("the body is not WeChat Pay's XML") }
        guard let settings else { return try refuse("no WeChat Pay API key configured: notifies cannot be verified") }
        do throws(WeChatSignatureError) { try settings.key.verify(fields) } catch {
            return try refuse("signature does not verify (\(error))")
        }
        guard fields["appid"] == settings.appID, fields["mch_id"] == settings.mchID else {
            return try refuse("appid \(fields["appid"] ?? "none") / mch_id \(fields["mch_id"] ?? "none") is not ours")
        }
        guard fields["return_code"] == "SUCCESS", !tradeNo.isEmpty else { return try refuse("not a payment result (return_code \(fields["return_code"] ?? "none"))") }
        guard let po = try engine.paymentOrder(tradeNo: tradeNo) else { return try refuse("no payment with out_trade_no \(tradeNo)") }
        guard po.platform == .wechat else { return try refuse("payment \(tradeNo) is not a WeChat Pay payment") }
        guard let text = fields["total_fee"], let amount = try? Fen.parse(text, currency: po.amount.currency) else {
            return try refuse("total_fee \(fields["total_fee"] ?? "missing") is not an amount in fen")
        }
        guard amount == po.amount else {
            return try refuse("total_fee \(amount.decimal) does not match the payment's \(po.amount.decimal)", amount: amount)
        }
        switch try engine.notifySeen(notifyId: notifyId, bodyHash: fingerprint) {
        case .sameContent: return .accepted("duplicate")
        case .otherContent: return try refuse("a notify for \(tradeNo) was already accepted with other content (replayed)", amount: amount)
        case .new: break
        }
        // WeChat notifies only payments that succeeded; a FAIL result changes nothing here (the poller asks).
        var outcome = "ignored"
        if status == "SUCCESS" {
            outcome = try await engine.signedSuccess(tradeNo: tradeNo, platformTradeNo: fields["transaction_id"]).notifyOutcome
        }
        try engine.recordNotifyAccepted(notifyId: notifyId, tradeNo: tradeNo, status: status, bodyHash: fingerprint, outcome: outcome)
        logger.info("WeChat notify for \(tradeNo) \(status): \(outcome)")
        return .accepted(outcome)
    }

    func receiveRefund(_ outer: [String: String]) async throws -> NotifyReceiver.Verdict {
        var info: [String: String] = [:]
        if let settings, let reqInfo = outer["req_info"] { info = (try? RefundInfo.decrypt(reqInfo, apiKey: settings.apiKey)) ?? [:] }
        let tradeNo = info["out_trade_no"] ?? ""
        let refundNo = info["out_refund_no"] ?? ""
        let status = info["refund_status"] ?? ""
        let notifyId = "wechat-refund:" + refundNo
        let fingerprint = SHA256Hex.of(["out_trade_no", "out_refund_no", "refund_id", "refund_fee", "refund_status"]
            .map { "\($0)=\(info[$0] ?? "")" }.joined(separator: "&"))
        func refuse(_ reason: String, amount: Money? = nil) throws -> NotifyReceiver.Verdict {
            logger.warning("WeChat refund notify refused (\(refundNo.isEmpty ? "no refund" : refundNo), \(status)): \(reason)")
            try engine.recordNotifyRefused(notifyId: notifyId, tradeNo: tradeNo, status: "refund " + status, bodyHash: fingerprint,
                                          claimedAmount: amount, reason: reason)
            return .refused(reason)
        }
        guard let settings else { return try refuse("no WeChat Pay API key configured: notifies cannot be verified") }
        // The encryption under our key is the proof: WeChat does not sign refund notifies.
        guard !info.isEmpty else { return try refuse("req_info does not decrypt under our API key") }
        guard outer["appid"] == settings.appID, outer["mch_id"] == settings.mchID else {
            return try refuse("appid \(outer["appid"] ?? "none") / mch_id \(outer["mch_id"] ?? "none") is not ours")
        }
        guard let ro = try engine.refundOrderRecord(refundNo: refundNo), ro.tradeNo == tradeNo else {
            return try refuse("no refund \(refundNo) of payment \(tradeNo)")
        }
        guard let text = info["refund_fee"], let amount = try? Fen.parse(text, currency: ro.amount.currency) else {
            return try refuse("refund_fee \(info["refund_fee"] ?? "missing") is not an amount in fen")
        }
        guard amount == ro.amount else {
            return try refuse("refund_fee \(amount.decimal) does not match the refund's \(ro.amount.decimal)", amount: amount)
        }
        let succeeded: Bool
        switch status {
        case "SUCCESS": succeeded = true
        case "REFUNDCLOSE", "CHANGE": succeeded = false
        default: return try refuse("unknown refund_status \(status.prefix(40))", amount: amount)
        }
        switch try engine.notifySeen(notifyId: notifyId, bodyHash: fingerprint) {
        case .sameContent: return .accepted("duplicate")
        case .otherContent: return try refuse("a notify for refund \(refundNo) was already accepted with other content (replayed)", amount: amount)
        case .new: break
        }
        let outcome = try await engine.signedRefundResult(refundNo: refundNo, succeeded: succeeded,
                                                          reason: "the platform says \(status)").notifyOutcome
        try engine.recordNotifyAccepted(notifyId: notifyId, tradeNo: tradeNo, status: "refund " + status, bodyHash: fingerprint, outcome: outcome)
        logger.info("WeChat refund notify for \(refundNo) \(status): \(outcome)")
        return .accepted(outcome)
    }

}

extension SettleResult {
    /// How the notifies table records what a notify did.
    var notifyOutcome: String {
        switch self {
        case .applied: "applied"
        case .duplicate: "duplicate"
        case .lateSuccess: "late_success"
        case .ignored: "ignored"
        }
    }
}

/// `POST /notify/wechat`: WeChat's XML in, WeChat's XML out — `return_code` SUCCESS only once the
/// result is stored; FAIL (400) when refused, FAIL (503) when the store could not be written.
struct WeChatNotifyRoute: Sendable {
    let receiver: WeChatNotifyReceiver

    static func answer(_ ok: Bool, _ message: String, status: HTTPResponse.Status = .ok) -> Response {
        let xml = WeChatXML.document(["return_code": ok ? "SUCCESS" : "FAIL", "return_msg": ok ? "OK" : message])
        return Response(status: status, headers: [.contentType: "text/xml; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    func handle(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        do {
            let body = try await request.smallBody(context)
            switch try await receiver.receive(String(decoding: body, as: UTF8.self)) {
            case .accepted: return Self.answer(true, "OK")
            case .refused(let reason): return Self.answer(false, reason, status: .badRequest)
            }
        } catch let e as APIError {
            return Self.answer(false, e.message, status: e.status)
        } catch {
            context.logger.error("WeChat notify could not be stored: \(error)")
            return Self.answer(false, "not stored", status: .serviceUnavailable)
        }
    }
}
