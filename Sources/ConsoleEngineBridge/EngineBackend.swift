import CashierConsole
import CashierCore
import CashierEngine
import Foundation

/// The console's narrow interface, implemented over the engine. Called on the console's effect
/// lanes, several at once (never the main thread), so blocking on the engine's async calls is fine here.
public final class EngineBackend: ConsoleBackend {
    let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    public func login(user: String, pin: String) throws(BackendError) -> UserSession {
        let u = try call { try engine.authenticate(user: user, pin: pin) }
        return UserSession(user: u.name, role: u.role)
    }

    public func orders(_ q: OrderQuery) throws(BackendError) -> OrderPage {
        let rows = try call {
            try engine.orders(OrderFilter(search: q.search, type: q.type, statuses: q.statuses, beforeId: q.afterId, limit: q.limit + 1))
        }
        return OrderPage(rows: rows.prefix(q.limit).map(Self.row), hasMore: rows.count > q.limit)
    }

    static func row(_ o: OrderRecord) -> OrderRow {
        OrderRow(id: o.id, number: o.number, type: o.type, customer: o.customer, amount: o.amount, status: o.status, createdAt: o.createdAt)
    }

    public func orderDetail(id: Int64) throws(BackendError) -> OrderDetail {
        try call {
            guard let o = try engine.order(id: id) else { throw CashierError.notFound("refusal.order.gone", ["id": "\(id)"]) }
            let lines = try engine.orderLines(orderId: id).map { OrderLine(name: $0.name, quantity: $0.quantity, unitPrice: Money(minor: $0.unitPrice, currency: o.currency)) }
            let details = try engine.paymentDetails(orderId: id).map {
                DetailRow(method: $0.method, amount: Money(minor: $0.amount, currency: $0.currency),
                          refunded: Money(minor: $0.refunded, currency: $0.currency), state: $0.state, reference: $0.reference)
            }
            let refunds = try engine.refundRequests(state: nil, orderId: id).map { try requestRow($0, order: o) }
            return OrderDetail(order: Self.row(o), lines: lines, details: details, refunds: refunds,
                               refundable: Money(minor: o.refundable, currency: o.currency))
        }
    }

    public func orderTypes() throws(BackendError) -> [String] { try call { try engine.orderTypes() } }

    public func lock(orderIds: [Int64], session: UserSession) throws(BackendError) {
        try call { try engine.lockOrders(orderIds, for: session.user) }
    }

    public func unlock(orderIds: [Int64], session: UserSession) {
        engine.unlockOrders(orderIds, for: session.user)
    }

    /// The coupon as it stands; the console checks whether it can pay (`CouponBalance.problem`).
    public func coupon(code: String) throws(BackendError) -> CouponInfo {
        try call { try engine.coupon(code: code) }
    }

    public func checkout(_ plan: TenderPlan, session: UserSession) throws(BackendError) -> PaymentView {
        let p = PaymentPlan(orderIds: plan.orderIds, tender: plan.tender, operatorName: session.user, channel: .counter)
        let engine = self.engine
        return try view(call { try runBlocking { try await engine.pay(p) } })
    }

    public func payment(checkoutId: Int64) throws(BackendError) -> PaymentView {
        try view(call { try engine.snapshot(checkoutId: checkoutId) })
    }

    public func cancel(checkoutId: Int64, session: UserSession) throws(BackendError) -> PaymentView {
        let engine = self.engine
        return try view(call { try runBlocking { try await engine.cancel(checkoutId: checkoutId, by: session.user) } })
    }

    public func repay(checkoutId: Int64, code: String?, session: UserSession) throws(BackendError) -> PaymentView {
        let engine = self.engine
        return try view(call { try runBlocking { try await engine.repay(checkoutId: checkoutId, code: code, operatorName: session.user) } })
    }

    public func quickSale(_ sale: QuickSale, session: UserSession) throws(BackendError) -> OrderRow {
        let lines = sale.lines.map { OrderDraft.Line(name: $0.name, quantity: Int64($0.quantity), unitPrice: $0.unitPrice.minor) }
        return try call {
            let currency = try engine.storeCurrency()
            let draft = OrderDraft(number: "", type: sale.type, customer: sale.customer, currency: currency, lines: lines)
            return Self.row(try engine.quickSale(draft, by: session.user))
        }
    }

    public func requestRefund(orderId: Int64, amount: Money, reason: String, session: UserSession) throws(BackendError) -> RefundRequestRow {
        try call {
            let r = try engine.requestRefund(orderId: orderId, amount: amount.minor, reason: reason, by: session.user)
            return try requestRow(r, order: try engine.order(id: orderId)!)
        }
    }

    public func pendingApprovals() throws(BackendError) -> [RefundRequestRow] {
        try call {
            try engine.refundRequests(state: .requested).map { r in try requestRow(r, order: try engine.order(id: r.orderId)!) }
        }
    }

    public func approve(requestId: Int64, supervisor: String, pin: String) throws(BackendError) -> RefundRequestRow {
        let engine = self.engine
        return try call {
            _ = try runBlocking { try await engine.approve(requestId: requestId, supervisor: supervisor, pin: pin) }
            let r = try engine.refundRequest(id: requestId)!
            return try requestRow(r, order: try engine.order(id: r.orderId)!)
        }
    }

    public func reject(requestId: Int64, supervisor: String, pin: String, reason: String) throws(BackendError) -> RefundRequestRow {
        try call {
            let r = try engine.reject(requestId: requestId, supervisor: supervisor, pin: pin, reason: reason)
            return try requestRow(r, order: try engine.order(id: r.orderId)!)
        }
    }

    public func changeToken() -> Int64 { engine.changeToken() }
    public func now() -> Millis { engine.clock.now() }

    // MARK: - Mapping

    func requestRow(_ r: RefundRequestRecord, order o: OrderRecord) throws -> RefundRequestRow {
        let refunds = try engine.refundOrders(requestId: r.id).map {
            RefundOrderRow(refundNo: $0.refundNo, method: $0.method, amount: $0.amount, state: $0.state)
        }
        return RefundRequestRow(id: r.id, orderId: o.id, orderNumber: o.number, customer: o.customer, orderAmount: o.amount,
                                paid: Money(minor: o.paid, currency: o.currency),
                                refundedSoFar: Money(minor: o.refundReserved, currency: o.currency), amount: r.amount,
                                reason: r.reason, requestedBy: r.requestedBy, requestedAt: r.requestedAt, state: r.state,
                                decidedBy: r.decidedBy, refundOrders: refunds)
    }

    func view(_ s: PaymentSnapshot) -> PaymentView {
        let c = s.checkout
        let cur = c.currency
        func m(_ minor: Int64) -> Money { Money(minor: minor, currency: cur) }
        let outcome: PaymentView.Outcome = switch c.state {
        case .open: .waiting
        case .succeeded: .paid
        case .failed: s.paymentOrder?.state == .closed ? .closed : .failed
        }
        let po = s.paymentOrder
        return PaymentView(checkoutId: c.id, outcome: outcome, total: m(c.total), cash: m(c.cash), changeDue: m(c.changeDue),
                           coupon: m(c.coupon), online: m(c.online), tradeNo: po?.tradeNo, platform: po?.platform,
                           paymentState: po?.state, deadline: po?.deadline, qrContent: po?.qrContent, attempt: po?.attempt ?? 1,
                           message: po?.message,
                           shares: s.shares.map {
                               OrderShare(orderId: $0.order.id, number: $0.order.number, customer: $0.order.customer,
                                          amount: $0.order.amount, cash: m($0.cash), online: m($0.online),
                                          coupon: m($0.coupon), status: $0.order.status)
                           })
    }

    /// Every engine error reaches the console with its kind; its remedy is worded there.
    func call<T>(_ body: () throws -> T) throws(BackendError) -> T {
        do { return try body() } catch let e as CashierError {
            throw BackendError(e)
        } catch {
            throw BackendError(CashierError(.internal, "refusal.unexpected", ["error": "\(error)"]))
        }
    }
}
