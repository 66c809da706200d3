import CashierCore
import SQLSeam

public struct OrderRecord: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var type: String
    public var customer: String
    public var amount: Money
    public var status: OrderStatus
    public var paid: Int64
    public var refundReserved: Int64
    public var refunded: Int64
    public var cancelled: Bool
    public var expiresAt: Millis?
    public var note: String
    /// The business system's own JSON object, stored as sent (bounded by the schema).
    public var metadata: String?
    public var createdAt: Millis
    public var updatedAt: Millis

    public init(row: SQLRow) throws {
        id = try row.get("id"); number = try row.get("number"); type = try row.get("type"); customer = try row.get("customer")
        amount = try Money(minor: row.get("amount"), currency: Currency.named(row.get("currency")) ?? .cny)
        status = try OrderStatus(rawValue: row.get("status")) ?? .unpaid
        paid = try row.get("paid"); refundReserved = try row.get("refund_reserved"); refunded = try row.get("refunded")
        cancelled = try row.get("cancelled"); createdAt = try row.get("created_at")
        expiresAt = try row.get("expires_at"); note = try row.get("note") ?? ""; metadata = try row.get("metadata"); updatedAt = try row.get("updated_at") ?? createdAt
    }

    init(id: Int64, number: String, type: String, customer: String, amount: Money, status: OrderStatus, paid: Int64,
         refundReserved: Int64, refunded: Int64, cancelled: Bool, expiresAt: Millis?, note: String, metadata: String?,
         createdAt: Millis, updatedAt: Millis) {
        self.id = id; self.number = number; self.type = type; self.customer = customer; self.amount = amount
        self.status = status; self.paid = paid; self.refundReserved = refundReserved; self.refunded = refunded
        self.cancelled = cancelled; self.expiresAt = expiresAt; self.note = note; self.metadata = metadata
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public var currency: Currency { amount.currency }
    /// What refund requests may still ask for.
    public var refundable: Int64 { paid - refundReserved }
}

public struct OrderLineRecord: Sendable, Equatable {
    public var name: String
    public var quantity: Int
    public var unitPrice: Int64
    public init(row: SQLRow) throws { name = try row.get("name"); quantity = try row.get("quantity"); unitPrice = try row.get("unit_price") }
}

public struct CheckoutRecord: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable { case open, succeeded, failed }
    public var id: Int64
    public var state: State
    public var operatorName: String
    public var channel: String
    public var currency: Currency
    public var total: Int64
    public var coupon: Int64
    public var couponCode: String?
    public var cash: Int64
    public var tendered: Int64
    public var online: Int64
    public var onlineMode: String
    public var retryOf: Int64?
    public var createdAt: Millis
    public var finishedAt: Millis?
    /// The shift a counter payment was taken in (nil for other channels).
    public var shiftId: Int64?

    public init(row: SQLRow) throws {
        id = try row.get("id"); state = try State(rawValue: row.get("state")) ?? .open; operatorName = try row.get("operator")
        shiftId = try row.get("shift_id")
        channel = try row.get("channel"); currency = try Currency.named(row.get("currency")) ?? .cny; total = try row.get("total")
        coupon = try row.get("coupon"); couponCode = try row.get("coupon_code"); cash = try row.get("cash"); tendered = try row.get("tendered")
        online = try row.get("online"); onlineMode = try row.get("online_mode"); retryOf = try row.get("retry_of")
        createdAt = try row.get("created_at"); finishedAt = try row.get("finished_at")
    }

    public var changeDue: Int64 { tendered - cash }
}

public struct PaymentDetailRecord: Sendable, Equatable {
    public var id: Int64
    public var checkoutId: Int64
    public var orderId: Int64
    public var method: PaymentMethod
    public var amount: Int64
    public var currency: Currency
    public var state: PaymentDetailState
    public var reference: String?
    public var refundReserved: Int64
    public var refunded: Int64

    public init(row: SQLRow) throws {
        id = try row.get("id"); checkoutId = try row.get("checkout_id"); orderId = try row.get("order_id")
        method = try PaymentMethod(rawValue: row.get("method")) ?? .cash; amount = try row.get("amount")
        currency = try Currency.named(row.get("currency")) ?? .cny
        state = try PaymentDetailState(rawValue: row.get("state")) ?? .pending; reference = try row.get("reference")
        refundReserved = try row.get("refund_reserved"); refunded = try row.get("refunded")
    }
}

public struct PaymentOrderRecord: Sendable, Equatable {
    public var id: Int64
    public var checkoutId: Int64
    public var tradeNo: String
    public var platform: PlatformKind
    public var mode: String
    public var codeMasked: String?
    public var amount: Money
    public var state: PaymentOrderState
    public var attempt: Int
    public var deadline: Millis
    public var nextQueryAt: Millis?
    public var queries: Int
    public var platformTradeNo: String?
    public var qrContent: String?
    public var message: String?
    public var createdAt: Millis
    public var updatedAt: Millis

    public init(row: SQLRow) throws {
        id = try row.get("id"); checkoutId = try row.get("checkout_id"); tradeNo = try row.get("trade_no")
        platform = try PlatformKind(rawValue: row.get("platform")) ?? .alipay; mode = try row.get("mode"); codeMasked = try row.get("code_masked")
        amount = try Money(minor: row.get("amount"), currency: Currency.named(row.get("currency")) ?? .cny)
        state = try PaymentOrderState(rawValue: row.get("state")) ?? .pending; attempt = try row.get("attempt")
        deadline = try row.get("deadline"); nextQueryAt = try row.get("next_query_at"); queries = try row.get("queries")
        platformTradeNo = try row.get("platform_trade_no"); qrContent = try row.get("qr_content"); message = try row.get("message")
        createdAt = try row.get("created_at"); updatedAt = try row.get("updated_at")
    }

    public var isQR: Bool { mode == "qr" }
}

public struct RefundRequestRecord: Sendable, Equatable {
    public var id: Int64
    public var orderId: Int64
    public var amount: Money
    public var reason: String
    public var requestedBy: String
    public var channel: String
    public var requestedAt: Millis
    public var state: RefundRequestState
    public var decidedBy: String?
    public var decidedAt: Millis?
    public var decisionNote: String?

    public init(row: SQLRow) throws {
        id = try row.get("id"); orderId = try row.get("order_id")
        amount = try Money(minor: row.get("amount"), currency: Currency.named(row.get("currency")) ?? .cny)
        reason = try row.get("reason"); requestedBy = try row.get("requested_by"); channel = try row.get("channel")
        requestedAt = try row.get("requested_at"); state = try RefundRequestState(rawValue: row.get("state")) ?? .requested
        decidedBy = try row.get("decided_by"); decidedAt = try row.get("decided_at"); decisionNote = try row.get("decision_note")
    }
}

public struct RefundOrderRecord: Sendable, Equatable {
    public var id: Int64
    public var requestId: Int64
    public var detailId: Int64
    public var orderId: Int64
    public var refundNo: String
    public var method: PaymentMethod
    public var amount: Money
    public var state: RefundOrderState
    public var tradeNo: String?
    public var attempts: Int
    public var nextQueryAt: Millis?
    public var message: String?
    public var createdAt: Millis

    public init(row: SQLRow) throws {
        id = try row.get("id"); requestId = try row.get("request_id"); detailId = try row.get("detail_id"); orderId = try row.get("order_id")
        refundNo = try row.get("refund_no"); method = try PaymentMethod(rawValue: row.get("method")) ?? .cash
        amount = try Money(minor: row.get("amount"), currency: Currency.named(row.get("currency")) ?? .cny)
        state = try RefundOrderState(rawValue: row.get("state")) ?? .created; tradeNo = try row.get("trade_no")
        attempts = try row.get("attempts"); nextQueryAt = try row.get("next_query_at"); message = try row.get("message")
        createdAt = try row.get("created_at")
    }
}

public struct UserRecord: Sendable, Equatable {
    public var name: String
    public var role: UserRole
    public var pinHash: String
    public var failedAttempts: Int
    public var lockedUntil: Millis?
    public var disabled: Bool

    public init(row: SQLRow) throws {
        name = try row.get("name"); role = try UserRole(rawValue: row.get("role")) ?? .cashier; pinHash = try row.get("pin_hash")
        failedAttempts = try row.get("failed_attempts"); lockedUntil = try row.get("locked_until"); disabled = try row.get("disabled")
    }
}

public struct CouponRecord: Sendable, Equatable {
    public var code: String
    public var faceValue: Money
    public var balance: Money
    public var expiresAt: Millis

    public init(row: SQLRow) throws {
        code = try row.get("code")
        let currency = try Currency.named(row.get("currency")) ?? .cny
        faceValue = try Money(minor: row.get("face_value"), currency: currency)
        balance = try Money(minor: row.get("balance"), currency: currency); expiresAt = try row.get("expires_at")
    }
}

public struct LockRecord: Sendable, Equatable {
    public var orderId: Int64
    public var owner: String
    public var channel: String
    public var session: String
    public var token: Int64
    public var acquiredAt: Millis
    public var expiresAt: Millis

    public init(row: SQLRow) throws {
        orderId = try row.get("order_id"); owner = try row.get("owner"); channel = try row.get("channel"); session = try row.get("session")
        token = try row.get("token"); acquiredAt = try row.get("acquired_at"); expiresAt = try row.get("expires_at")
    }
}
