import CashierCore

/// An asynchronous notification (`notify_type = trade_status_sync`), POSTed form-encoded to the
/// merchant's notify_url and signed by the platform over every field but `sign` and `sign_type`.
/// The receiver answers exactly `success`, or the platform tries again later.
public struct AlipayNotify: Sendable, Equatable {
    public var notifyID: String
    public var notifyTime: Millis
    public var appID: String
    /// The platform's trade number.
    public var tradeNo: String
    /// Ours (the merchant trade number).
    public var outTradeNo: String
    /// WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED or TRADE_FINISHED.
    public var tradeStatus: String
    public var totalAmount: Money
    public var gmtPayment: Millis?
    public var gmtClose: Millis?
    /// Refunded so far, when refunds happened.
    public var refundFee: Money?

    public init(notifyID: String, notifyTime: Millis, appID: String, tradeNo: String, outTradeNo: String,
                tradeStatus: String, totalAmount: Money, gmtPayment: Millis? = nil, gmtClose: Millis? = nil,
                refundFee: Money? = nil) {
        self.notifyID = notifyID
        self.notifyTime = notifyTime
        self.appID = appID
        self.tradeNo = tradeNo
        self.outTradeNo = outTradeNo
        self.tradeStatus = tradeStatus
        self.totalAmount = totalAmount
        self.gmtPayment = gmtPayment
        self.gmtClose = gmtClose
        self.refundFee = refundFee
    }

    /// The signed form fields, ready for `FormEncoding.encode`.
    public func form(signer: AlipaySigner) throws(Yuan.Error) -> [String: String] {
        var f: [String: String] = [
            "notify_id": notifyID, "notify_time": AlipayTime.string(notifyTime),
            "notify_type": "trade_status_sync", "app_id": appID, "charset": "utf-8", "version": "1.0",
            "trade_no": tradeNo, "out_trade_no": outTradeNo, "trade_status": tradeStatus,
            "total_amount": try Yuan.string(totalAmount),
        ]
        if let gmtPayment { f["gmt_payment"] = AlipayTime.string(gmtPayment) }
        if let gmtClose { f["gmt_close"] = AlipayTime.string(gmtClose) }
        if let refundFee { f["refund_fee"] = try Yuan.string(refundFee) }
        f["sign"] = signer.sign(AlipayCanonical.string(f, excluding: AlipayCanonical.notifyExcluded))
        f["sign_type"] = "RSA2"
        return f
    }

    /// Checks the signature first, then reads the fields strictly. Whether it matches a
    /// payment of ours (app_id, out_trade_no, amount) is the receiver's business.
    public static func verified(_ form: [String: String], verifier: AlipayVerifier,
                                currency: Currency = .cny) throws(AlipayNotifyError) -> AlipayNotify {
        if let type = form["sign_type"], type != "RSA2" { throw .signature(.unsupportedSignType(type)) }
        do throws(AlipaySignatureError) {
            try verifier.verify(AlipayCanonical.string(form, excluding: AlipayCanonical.notifyExcluded), signature: form["sign"])
        } catch {
            throw .signature(error)
        }
        func field(_ name: String) throws(AlipayNotifyError) -> String {
            guard let v = form[name], !v.isEmpty else { throw .missing(name) }
            return v
        }
        func time(_ name: String) throws(AlipayNotifyError) -> Millis? {
            guard let text = form[name], !text.isEmpty else { return nil }
            guard let t = AlipayTime.parse(text) else { throw .malformed(name, text) }
            return t
        }
        func amount(_ name: String) throws(AlipayNotifyError) -> Money? {
            guard let text = form[name], !text.isEmpty else { return nil }
            do { return try Yuan.parse(text, currency: currency) } catch { throw .malformed(name, text) }
        }
        guard try field("notify_type") == "trade_status_sync" else { throw .malformed("notify_type", form["notify_type"] ?? "") }
        let status = try field("trade_status")
        let known = [AlipayTradeStatus.waitBuyerPay, AlipayTradeStatus.success, AlipayTradeStatus.closed, AlipayTradeStatus.finished]
        guard known.contains(status) else { throw .malformed("trade_status", status) }
        guard let total = try amount("total_amount") else { throw .missing("total_amount") }
        guard let notifyTime = try time("notify_time") else { throw .missing("notify_time") }
        return AlipayNotify(notifyID: try field("notify_id"), notifyTime: notifyTime, appID: try field("app_id"),
                            tradeNo: try field("trade_no"), outTradeNo: try field("out_trade_no"), tradeStatus: status,
                            totalAmount: total, gmtPayment: try time("gmt_payment"), gmtClose: try time("gmt_close"),
                            refundFee: try amount("refund_fee"))
    }
}

public enum AlipayNotifyError: Error, Equatable, Sendable, CustomStringConvertible {
    case signature(AlipaySignatureError)
    case missing(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .signature(let e): return "The notify is not signed by the platform: \(e.description)"
        case .missing(let name): return "The notify has no \(name): it is refused."
        case .malformed(let name, let value): return "The notify's \(name) \"\(value)\" is not valid: it is refused."
        }
    }
}
