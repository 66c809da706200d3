import CashierCore
import Localization

/// What the console needs from the engine: a narrow interface the `cashier` executable implements
/// over CashierEngine. Every call may block on SQLite or the platform, so the runtime calls them off
/// the main thread, several at once on independent lanes (see `Lanes`), and feeds the results back
/// as actions. Errors are one clear sentence.
public protocol ConsoleBackend: DrawerBackend, UserAdminBackend, ReconciliationBackend {
    func login(user: String, pin: String) throws(BackendError) -> UserSession

    /// One page of orders, newest first, after `query.after` (keyset paging: fast at any size).
    func orders(_ query: OrderQuery) throws(BackendError) -> OrderPage
    func orderDetail(id: Int64) throws(BackendError) -> OrderDetail
    /// The order types the store holds, for the filter.
    func orderTypes() throws(BackendError) -> [String]

    /// Takes the order lock for the tender screen; the error names who holds an order and since when.
    func lock(orderIds: [Int64], session: UserSession) throws(BackendError)
    func unlock(orderIds: [Int64], session: UserSession)
    func coupon(code: String) throws(BackendError) -> CouponInfo

    /// Starts the checkout: cash and coupon are recorded, the online part is sent to the platform.
    /// Returns at once with the payment's state (waiting included).
    func checkout(_ plan: TenderPlan, session: UserSession) throws(BackendError) -> PaymentView
    func payment(checkoutId: Int64) throws(BackendError) -> PaymentView
    /// Cancels an online payment still waiting (closed at the platform first).
    func cancel(checkoutId: Int64, session: UserSession) throws(BackendError) -> PaymentView
    /// Re-payment of a failed/closed checkout: a new checkout (new id) with the same split and a new trade number.
    /// `code` is a new payment code for code payments (nil for QR).
    func repay(checkoutId: Int64, code: String?, session: UserSession) throws(BackendError) -> PaymentView

    /// A walk-in customer's order, created on the spot (the store numbers it); then tendered like any other.
    func quickSale(_ sale: QuickSale, session: UserSession) throws(BackendError) -> OrderRow

    func requestRefund(orderId: Int64, amount: Money, reason: String, session: UserSession) throws(BackendError) -> RefundRequestRow
    func pendingApprovals() throws(BackendError) -> [RefundRequestRow]
    /// The supervisor's own PIN, entered for this decision.
    func approve(requestId: Int64, supervisor: String, pin: String) throws(BackendError) -> RefundRequestRow
    func reject(requestId: Int64, supervisor: String, pin: String, reason: String) throws(BackendError) -> RefundRequestRow

    /// Changes whenever any process commits to the store (PRAGMA data_version): cheap to ask often.
    func changeToken() -> Int64
    func now() -> Millis
}

/// A refusal as the console shows it: the engine's kind kept (a conflict, a wrong PIN…) and one
/// sentence, the remedy worded with the console's keys (`Remedy.consoleWords`).
public struct BackendError: Error, Equatable, Sendable, CustomStringConvertible {
    public var kind: CashierError.Kind
    /// The console's own sentence (already worded), or the engine's refusal kept as data, so it
    /// is worded in the language shown when it shows.
    var base: Base
    enum Base: Equatable, Sendable {
        case text(String)
        case engine(CashierError)
    }
    /// The console's own refusals (bad input in a form).
    public init(_ message: String, kind: CashierError.Kind = .invalid) { self.kind = kind; self.base = .text(message) }
    /// The engine's refusal, its remedy worded for the console.
    public init(_ error: CashierError) {
        kind = error.kind
        base = .engine(error)
    }
    /// The sentence in English.
    public var message: String { text(.en) }
    /// The sentence in the language shown, the engine's remedy in the console's words.
    public func text(_ l: Language) -> String {
        switch base {
        case .text(let text): return text
        case .engine(let e):
            guard let remedy = e.remedy else { return l.words(e) }
            return l.t("console.error.with_remedy", ["what": l.words(e), "remedy": remedy.consoleWords(l)])
        }
    }
    public var description: String { message }

    /// The store could not be reached (the engine's refusal for a server restarting, a network gone).
    static let storeUnreachable = BackendError(CashierError(.internal, "refusal.store_unreachable"))
}

public struct UserSession: Equatable, Sendable {
    public var user: String
    public var role: UserRole
    public init(user: String, role: UserRole) { self.user = user; self.role = role }
}

public struct OrderQuery: Equatable, Sendable {
    /// Matches an order number prefix or a customer name prefix (case-insensitive).
    public var search: String
    public var type: String?
    public var statuses: [OrderStatus]
    /// Keyset cursor: rows with a smaller id than this (the last row of the previous page).
    public var afterId: Int64?
    public var limit: Int

    public init(search: String = "", type: String? = nil, statuses: [OrderStatus] = [.unpaid],
                afterId: Int64? = nil, limit: Int = 50) {
        self.search = search
        self.type = type
        self.statuses = statuses
        self.afterId = afterId
        self.limit = limit
    }
}

public struct OrderRow: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var number: String
    public var type: String
    public var customer: String
    public var amount: Money
    public var status: OrderStatus
    public var createdAt: Millis

    public init(id: Int64, number: String, type: String, customer: String, amount: Money, status: OrderStatus, createdAt: Millis) {
        self.id = id; self.number = number; self.type = type; self.customer = customer
        self.amount = amount; self.status = status; self.createdAt = createdAt
    }
}

/// What the quick sale screen sends: the order's type, an optional customer and its lines.
public struct QuickSale: Equatable, Sendable {
    public var type: String
    public var customer: String
    public var lines: [OrderLine]
    public init(type: String, customer: String, lines: [OrderLine]) { self.type = type; self.customer = customer; self.lines = lines }
}

public struct OrderPage: Equatable, Sendable {
    public var rows: [OrderRow]
    public var hasMore: Bool
    public init(rows: [OrderRow], hasMore: Bool) { self.rows = rows; self.hasMore = hasMore }
}

public struct OrderLine: Equatable, Sendable {
    public var name: String
    public var quantity: Int
    public var unitPrice: Money
    public init(name: String, quantity: Int, unitPrice: Money) { self.name = name; self.quantity = quantity; self.unitPrice = unitPrice }
}

public struct DetailRow: Equatable, Sendable {
    public var method: PaymentMethod
    public var amount: Money
    public var refunded: Money
    public var state: PaymentDetailState
    /// Trade number for online details, coupon code for coupons.
    public var reference: String?
    public init(method: PaymentMethod, amount: Money, refunded: Money, state: PaymentDetailState, reference: String?) {
        self.method = method; self.amount = amount; self.refunded = refunded; self.state = state; self.reference = reference
    }
}

public struct RefundOrderRow: Equatable, Sendable {
    public var refundNo: String
    public var method: PaymentMethod
    public var amount: Money
    public var state: RefundOrderState
    public init(refundNo: String, method: PaymentMethod, amount: Money, state: RefundOrderState) {
        self.refundNo = refundNo; self.method = method; self.amount = amount; self.state = state
    }
}

public struct RefundRequestRow: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var orderId: Int64
    public var orderNumber: String
    public var customer: String
    public var orderAmount: Money
    /// Paid on the order, and already refunded or reserved by approved refunds.
    public var paid: Money
    public var refundedSoFar: Money
    public var amount: Money
    public var reason: String
    public var requestedBy: String
    public var requestedAt: Millis
    public var state: RefundRequestState
    public var decidedBy: String?
    public var refundOrders: [RefundOrderRow]

    public init(id: Int64, orderId: Int64, orderNumber: String, customer: String, orderAmount: Money, paid: Money,
                refundedSoFar: Money, amount: Money, reason: String, requestedBy: String, requestedAt: Millis,
                state: RefundRequestState, decidedBy: String?, refundOrders: [RefundOrderRow]) {
        self.id = id; self.orderId = orderId; self.orderNumber = orderNumber; self.customer = customer
        self.orderAmount = orderAmount; self.paid = paid; self.refundedSoFar = refundedSoFar; self.amount = amount
        self.reason = reason; self.requestedBy = requestedBy; self.requestedAt = requestedAt; self.state = state
        self.decidedBy = decidedBy; self.refundOrders = refundOrders
    }
}

public struct OrderDetail: Equatable, Sendable {
    public var order: OrderRow
    public var lines: [OrderLine]
    public var details: [DetailRow]
    public var refunds: [RefundRequestRow]
    /// What may still be requested: paid minus refunds approved or succeeded.
    public var refundable: Money
    public init(order: OrderRow, lines: [OrderLine], details: [DetailRow], refunds: [RefundRequestRow], refundable: Money) {
        self.order = order; self.lines = lines; self.details = details; self.refunds = refunds; self.refundable = refundable
    }
}

/// A coupon as it stands: the console checks whether it can pay (`CouponBalance.problem`).
public typealias CouponInfo = CouponBalance

/// The checkout the tender screen asks for: its orders and CashierCore's one model of a tender.
public struct TenderPlan: Equatable, Sendable {
    public var orderIds: [Int64]
    public var tender: Tender
    public var currency: Currency

    public init(orderIds: [Int64], tender: Tender, currency: Currency) {
        self.orderIds = orderIds; self.tender = tender; self.currency = currency
    }

    /// `tendered` nil means exactly `cash`.
    public init(orderIds: [Int64], cash: Money, tendered: Money?, online: Money, onlineMode: Tender.Online,
                couponCode: String?, coupon: Money) {
        self.init(orderIds: orderIds,
                  tender: Tender(coupon: coupon.minor, couponCode: couponCode, cash: cash.minor, tendered: tendered?.minor,
                                 online: online.minor, onlineMode: onlineMode),
                  currency: cash.currency)
    }

    public var onlineMode: Tender.Online { tender.onlineMode }
    public var cash: Money { Money(minor: tender.cash, currency: currency) }
    public var tendered: Money? { tender.tendered.map { Money(minor: $0, currency: currency) } }
    public var online: Money { Money(minor: tender.online, currency: currency) }
    public var coupon: Money { Money(minor: tender.coupon, currency: currency) }
}

public struct OrderShare: Equatable, Sendable {
    public var orderId: Int64
    public var number: String
    public var customer: String
    public var amount: Money
    public var cash: Money
    public var online: Money
    public var coupon: Money
    public var status: OrderStatus
    public init(orderId: Int64, number: String, customer: String, amount: Money, cash: Money, online: Money, coupon: Money, status: OrderStatus) {
        self.orderId = orderId; self.number = number; self.customer = customer; self.amount = amount
        self.cash = cash; self.online = online; self.coupon = coupon; self.status = status
    }
}

/// A checkout as the live payment screen shows it.
public struct PaymentView: Equatable, Sendable {
    public enum Outcome: String, Equatable, Sendable {
        /// Waiting for the customer or for the platform's answer.
        case waiting
        case paid
        /// Declined by the platform: re-pay or change method.
        case failed
        /// Cancelled or timed out, closed at the platform.
        case closed
    }

    public var checkoutId: Int64
    public var outcome: Outcome
    public var total: Money
    public var cash: Money
    public var changeDue: Money
    public var coupon: Money
    public var online: Money
    /// Nil when the checkout has no online part.
    public var tradeNo: String?
    public var platform: PlatformKind?
    public var paymentState: PaymentOrderState?
    /// When a waiting payment is cancelled at the latest.
    public var deadline: Millis?
    /// For QR payments: what the QR code encodes.
    public var qrContent: String?
    public var attempt: Int
    /// Why it failed, or a note such as "result unknown, asking the platform".
    public var message: String?
    public var shares: [OrderShare]

    public init(checkoutId: Int64, outcome: Outcome, total: Money, cash: Money, changeDue: Money, coupon: Money,
                online: Money, tradeNo: String?, platform: PlatformKind?, paymentState: PaymentOrderState?,
                deadline: Millis?, qrContent: String?, attempt: Int, message: String?, shares: [OrderShare]) {
        self.checkoutId = checkoutId; self.outcome = outcome; self.total = total; self.cash = cash
        self.changeDue = changeDue; self.coupon = coupon; self.online = online; self.tradeNo = tradeNo
        self.platform = platform; self.paymentState = paymentState; self.deadline = deadline
        self.qrContent = qrContent; self.attempt = attempt; self.message = message; self.shares = shares
    }
}
