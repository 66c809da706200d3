import CashierCore

/// How the customer pays online: by showing a payment code, or by scanning our QR code.
public enum PayMode: Sendable, Equatable {
    case code(PaymentCode)
    case qr(PlatformKind)

    public var platform: PlatformKind {
        switch self {
        case .code(let code): return code.platform
        case .qr(let platform): return platform
        }
    }
}

public struct PayRequest: Sendable, Equatable {
    /// The merchant trade number (`out_trade_no`): our idempotency key for this attempt.
    public var tradeNo: String
    public var amount: Money
    public var subject: String
    public var mode: PayMode

    public init(tradeNo: String, amount: Money, subject: String, mode: PayMode) {
        self.tradeNo = tradeNo
        self.amount = amount
        self.subject = subject
        self.mode = mode
    }
}

/// The answer to a code payment. `unknown` is not `failed`: only a query can tell.
public enum PayOutcome: Sendable, Equatable {
    case succeeded(platformTradeNo: String)
    /// "User paying": the customer is entering a password. Query again.
    case waitingForCustomer
    case declined(reason: String)
    case unknown(reason: String)
}

public enum PrecreateOutcome: Sendable, Equatable {
    /// The text to encode in the QR code the customer scans.
    case created(qrContent: String)
    case failed(reason: String)
    case unknown(reason: String)
}

public enum TradeStatus: String, Sendable, Equatable {
    /// WAIT_BUYER_PAY / USERPAYING / NOTPAY
    case waiting
    /// TRADE_SUCCESS / SUCCESS (also after a partial refund)
    case succeeded
    /// Paid, then refunded in full (Alipay reports TRADE_CLOSED, WeChat REFUND).
    case refunded
    /// PAYERROR or a declined payment
    case failed
    /// TRADE_CLOSED unpaid / CLOSED / REVOKED
    case closed
    /// The platform never received this trade number.
    case notFound
}

public struct TradeQuery: Sendable, Equatable {
    public var status: TradeStatus
    public var platformTradeNo: String?
    public var amount: Money?

    public init(status: TradeStatus, platformTradeNo: String? = nil, amount: Money? = nil) {
        self.status = status
        self.platformTradeNo = platformTradeNo
        self.amount = amount
    }
}

public enum QueryOutcome: Sendable, Equatable {
    case trade(TradeQuery)
    case unknown(reason: String)
}

public enum CancelOutcome: Sendable, Equatable {
    /// The trade is closed at the platform; `reversed` when money it had taken was returned.
    case closed(reversed: Bool)
    case refused(reason: String)
    case unknown(reason: String)
}

public struct RefundRequest: Sendable, Equatable {
    public var tradeNo: String
    /// The merchant refund number (`out_request_no`): distinct per partial refund, reused on retry.
    public var refundNo: String
    public var amount: Money
    public var reason: String

    public init(tradeNo: String, refundNo: String, amount: Money, reason: String) {
        self.tradeNo = tradeNo
        self.refundNo = refundNo
        self.amount = amount
        self.reason = reason
    }
}

public enum RefundOutcome: Sendable, Equatable {
    case succeeded
    /// Accepted; the result comes later (query for it).
    case processing
    case failed(reason: String)
    case unknown(reason: String)
}

public enum RefundQueryOutcome: Sendable, Equatable {
    case succeeded
    case processing
    case failed(reason: String)
    case notFound
    case unknown(reason: String)
}

/// An online payment platform, as the engine sees it. Every call may be slow; none throws:
/// transport trouble is `unknown`, which the poller resolves by querying.
public protocol PaymentPlatform: Sendable {
    /// Code payment (Alipay trade.pay / WeChat micropay).
    func pay(_ request: PayRequest) async -> PayOutcome
    /// QR payment: create the trade and get the content for the customer to scan.
    func precreate(_ request: PayRequest) async -> PrecreateOutcome
    func query(tradeNo: String) async -> QueryOutcome
    /// Cancel/reverse: closes an unpaid trade, or returns the money of a paid one.
    func cancel(tradeNo: String) async -> CancelOutcome
    /// Close an unpaid trade (QR payments that expired).
    func close(tradeNo: String) async -> CancelOutcome
    func refund(_ request: RefundRequest) async -> RefundOutcome
    func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome
}
