import CashierCore
import CashierStore

/// What the front ends read: the store's queries, reached only through the engine so that no
/// front end holds the store itself (only the engine imports CashierStore).
extension Engine {
    public func orders(_ filter: OrderFilter) throws(CashierError) -> [OrderRecord] { try storeCall { try store.orders(filter) } }
    public func order(id: Int64) throws(CashierError) -> OrderRecord? { try storeCall { try store.order(id: id) } }
    public func order(number: String) throws(CashierError) -> OrderRecord? { try storeCall { try store.order(number: number) } }
    public func orderLines(orderId: Int64) throws(CashierError) -> [OrderLineRecord] { try storeCall { try store.orderLines(orderId: orderId) } }
    public func paymentDetails(orderId: Int64) throws(CashierError) -> [PaymentDetailRecord] {
        try storeCall { try store.paymentDetails(orderId: orderId) }
    }
    public func orderTypes() throws(CashierError) -> [String] { try storeCall { try store.orderTypes() } }
    public func orderCount() throws(CashierError) -> Int { try storeCall { try store.orderCount() } }
    /// The coupon with this code, whether or not it can pay now (`CouponBalance.problem` says).
    public func coupon(code: String) throws(CashierError) -> CouponBalance {
        guard let c = try storeCall({ try store.coupon(code: code) }) else { throw .noCoupon(code) }
        return CouponBalance(code: c.code, balance: c.balance, expiresAt: c.expiresAt)
    }
    public func lockHolder(orderId: Int64) throws(CashierError) -> LockRecord? { try storeCall { try store.lockHolder(orderId: orderId) } }

    public func checkout(id: Int64) throws(CashierError) -> CheckoutRecord? { try storeCall { try store.checkout(id: id) } }
    public func paymentOrder(tradeNo: String) throws(CashierError) -> PaymentOrderRecord? {
        try storeCall { try store.paymentOrder(tradeNo: tradeNo) }
    }
    public func latestCheckout(orderId: Int64) throws(CashierError) -> Int64? { try storeCall { try store.latestCheckout(orderId: orderId) } }

    public func refundRequest(id: Int64) throws(CashierError) -> RefundRequestRecord? { try storeCall { try store.refundRequest(id: id) } }
    public func refundRequests(state: RefundRequestState?, orderId: Int64? = nil) throws(CashierError) -> [RefundRequestRecord] {
        try storeCall { try store.refundRequests(state: state, orderId: orderId) }
    }
    public func refundOrders(requestId: Int64) throws(CashierError) -> [RefundOrderRecord] {
        try storeCall { try store.refundOrders(requestId: requestId) }
    }
    public func refundOrder(refundNo: String) throws(CashierError) -> Int64? { try storeCall { try store.refundOrder(refundNo: refundNo) } }

    public func receiptSummaries(limit: Int) throws(CashierError) -> [ReceiptSummary] { try storeCall { try store.receiptSummaries(limit: limit) } }

    public func currency() throws(CashierError) -> Currency { try storeCall { try store.currency() } }
    public func businessCalendar() throws(CashierError) -> BusinessCalendar { try storeCall { try store.businessCalendar() } }
    /// Whether the store holds any orders or users (demo refuses to overwrite such a store).
    public func storeHoldsData() throws(CashierError) -> Bool { try storeCall { try store.holdsData() } }
    public var storePath: String { store.path }
    /// Changes when any connection, in this process or another, commits. Cheap: ask it often.
    public func changeToken() -> Int64 { store.changeToken() }
}

/// `cashier check` and the readiness probe: every invariant, the audit chain, what waits for review.
extension Engine {
    public func violations() throws(CashierError) -> [Violation] {
        try storeCall { try store.checkInvariants() + store.receiptViolations() }
    }
    public func openReviewItems() throws(CashierError) -> [(id: Int64, kind: String, paymentOrderId: Int64?, amount: Money, note: String)] { try storeCall { try store.openReviewItems() } }
    public func auditCount() throws(CashierError) -> Int { try storeCall { try store.auditCount() } }
    /// Receipts settled before `before` and still in the outbox.
    public func overdueReceipts(before: Millis) throws(CashierError) -> [ReceiptRecord] {
        try storeCall { try store.overdueReceipts(before: before) }
    }
    public func migrationsCurrent() -> Bool { store.migrationsCurrent() }
}
