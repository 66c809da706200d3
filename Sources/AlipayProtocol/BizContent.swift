/// The `biz_content` JSON of each method, as Alipay names its fields. Amounts are yuan strings
/// (see `Yuan`). Encoded with sorted keys so a request is reproducible byte for byte.
public enum AlipayMethod {
    public static let pay = "alipay.trade.pay"
    public static let precreate = "alipay.trade.precreate"
    public static let query = "alipay.trade.query"
    public static let cancel = "alipay.trade.cancel"
    public static let close = "alipay.trade.close"
    public static let refund = "alipay.trade.refund"
    public static let refundQuery = "alipay.trade.fastpay.refund.query"
    /// The daily bill: answers a short-lived `bill_download_url` of a ZIP (PlatformBills.AlipayBill).
    public static let billDownloadURLQuery = "alipay.data.dataservice.bill.downloadurl.query"

    public static let all: Set<String> = [pay, precreate, query, cancel, close, refund, refundQuery, billDownloadURLQuery]
}

/// alipay.trade.pay: the customer shows a payment code (`auth_code`), `scene = bar_code`.
public struct TradePayBiz: Codable, Sendable, Equatable {
    public var outTradeNo: String
    public var scene: String
    public var authCode: String
    public var subject: String
    public var totalAmount: String

    public init(outTradeNo: String, authCode: String, subject: String, totalAmount: String, scene: String = "bar_code") {
        self.outTradeNo = outTradeNo
        self.scene = scene
        self.authCode = authCode
        self.subject = subject
        self.totalAmount = totalAmount
    }
}

/// alipay.trade.precreate: a QR code for the customer to scan.
public struct TradePrecreateBiz: Codable, Sendable, Equatable {
    public var outTradeNo: String
    public var subject: String
    public var totalAmount: String

    public init(outTradeNo: String, subject: String, totalAmount: String) {
        self.outTradeNo = outTradeNo
        self.subject = subject
        self.totalAmount = totalAmount
    }
}

/// query, cancel and close name the trade by our number only.
public struct TradeRefBiz: Codable, Sendable, Equatable {
    public var outTradeNo: String
    public init(outTradeNo: String) { self.outTradeNo = outTradeNo }
}

/// alipay.trade.refund: `out_request_no` tells partial refunds apart and makes retries idempotent.
public struct TradeRefundBiz: Codable, Sendable, Equatable {
    public var outTradeNo: String
    public var refundAmount: String
    public var outRequestNo: String
    public var refundReason: String?

    public init(outTradeNo: String, refundAmount: String, outRequestNo: String, refundReason: String?) {
        self.outTradeNo = outTradeNo
        self.refundAmount = refundAmount
        self.outRequestNo = outRequestNo
        self.refundReason = refundReason
    }
}

/// alipay.trade.fastpay.refund.query
public struct RefundQueryBiz: Codable, Sendable, Equatable {
    public var outTradeNo: String
    public var outRequestNo: String

    public init(outTradeNo: String, outRequestNo: String) {
        self.outTradeNo = outTradeNo
        self.outRequestNo = outRequestNo
    }
}

/// alipay.data.dataservice.bill.downloadurl.query: `bill_type` trade, `bill_date` yyyy-MM-dd.
public struct BillDownloadBiz: Codable, Sendable, Equatable {
    public var billType: String
    public var billDate: String

    public init(billType: String, billDate: String) {
        self.billType = billType
        self.billDate = billDate
    }
}

/// Result codes of Alipay's open API.
public enum AlipayCode {
    public static let success = "10000"
    /// Waiting for the customer (entering a password).
    public static let waiting = "10003"
    /// The platform's own trouble: the result is unknown.
    public static let unknown = "20000"
    /// Missing or invalid parameters, including a bad signature.
    public static let invalidParameters = "40002"
    /// Business failure: see sub_code.
    public static let businessFailure = "40004"
}

/// Trade statuses of alipay.trade.query and of notifies.
public enum AlipayTradeStatus {
    public static let waitBuyerPay = "WAIT_BUYER_PAY"
    public static let success = "TRADE_SUCCESS"
    public static let closed = "TRADE_CLOSED"
    public static let finished = "TRADE_FINISHED"
}
