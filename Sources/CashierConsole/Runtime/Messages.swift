import CashierCore

/// A backend call, with everything it needs: effects are values so update stays pure and
/// tests can compare them.
enum Call: Equatable, Sendable {
    case login(user: String, pin: String)
    case orders(OrderQuery, list: ListKind, cursors: [Int64?], cursorAt: CursorAt)
    case orderTypes
    case orderDetail(id: Int64, openRefund: Bool)
    case lock(orderIds: [Int64], session: UserSession, rows: [OrderRow])
    /// Keeps the tender's lock from lapsing while the cashier is still at it.
    case renewLock(orderIds: [Int64], session: UserSession)
    case coupon(code: String)
    case checkout(TenderPlan, session: UserSession)
    case payment(checkoutId: Int64)
    case cancel(checkoutId: Int64, session: UserSession)
    case repay(checkoutId: Int64, code: String?, session: UserSession)
    case requestRefund(orderId: Int64, amount: Money, reason: String, session: UserSession)
    case quickSale(QuickSale, session: UserSession)
    case pendingApprovals
    case approve(requestId: Int64, supervisor: String, pin: String)
    case reject(requestId: Int64, supervisor: String, pin: String, reason: String)
    case changeToken
    case drawer(DrawerCall)
    case admin(AdminCall)
    case recon(ReconCall)

    /// Calls in one slot supersede each other: only the newest answer counts.
    enum Slot: Hashable, Sendable {
        case login, list(ListKind), orderTypes, detail, lock, renewLock, coupon, payment, refund, quickSale, approvals, decision, changeToken
        case drawer(DrawerCall.Slot)
        case admin(AdminCall.Slot)
        case recon(ReconCall.Slot)
    }

    var slot: Slot {
        switch self {
        case .login: return .login
        case .orders(_, let list, _, _): return .list(list)
        case .orderTypes: return .orderTypes
        case .orderDetail: return .detail
        case .lock: return .lock
        case .renewLock: return .renewLock
        case .coupon: return .coupon
        case .checkout, .payment, .cancel, .repay: return .payment
        case .requestRefund: return .refund
        case .quickSale: return .quickSale
        case .pendingApprovals: return .approvals
        case .approve, .reject: return .decision
        case .changeToken: return .changeToken
        case .drawer(let call): return .drawer(call.slot)
        case .admin(let call): return .admin(call.slot)
        case .recon(let call): return .recon(call.slot)
        }
    }
}

/// Where the list cursor goes when a page arrives.
enum CursorAt: Equatable, Sendable {
    case top, bottom, keep(Int)

    /// The row it lands on in a page of `count` rows.
    func row(in count: Int) -> Int {
        switch self {
        case .top: return 0
        case .bottom: return max(0, count - 1)
        case .keep(let row): return min(max(0, row), max(0, count - 1))
        }
    }
}

/// What a backend call answered, with what the call was about: each case has the answer's own
/// type, so the screen that asked handles exactly the answers it can get.
enum Reply: Equatable, Sendable {
    case login(Result<UserSession, BackendError>)
    case page(ListKind, cursors: [Int64?], cursorAt: CursorAt, Result<OrderPage, BackendError>)
    case types(Result<[String], BackendError>)
    case detail(id: Int64, openRefund: Bool, Result<OrderDetail, BackendError>)
    /// The orders asked for and whether the lock was granted: an abandoned lock is released when
    /// its answer arrives.
    case locked([OrderRow], Result<Granted, BackendError>)
    case renewed(Result<Granted, BackendError>)
    case coupon(code: String, Result<CouponInfo, BackendError>)
    case payment(PaymentAsk, Result<PaymentView, BackendError>)
    case refundRequested(Result<RefundRequestRow, BackendError>)
    case quickSaleCreated(Result<OrderRow, BackendError>)
    case approvals(Result<[RefundRequestRow], BackendError>)
    case decided(Result<RefundRequestRow, BackendError>)
    case token(Int64)
    case drawer(DrawerReply)
    case admin(AdminReply)
    case recon(ReconReply)
}

/// A call that answers nothing but success.
struct Granted: Equatable, Sendable {}

/// Which payment call a payment answer belongs to.
enum PaymentAsk: Equatable, Sendable {
    case checkout(TenderPlan)
    case refresh
    case cancel
    /// A re-payment of `retried`: its answer is a new checkout that replaces the old one on screen.
    case repay(retried: Int64)
}

/// Everything that can happen to the console.
enum Action: Equatable, Sendable {
    /// A key, with the clock's now when it was pressed (update never reads a clock).
    case key(Key, at: Millis)
    /// Time passed (a timer or any wake-up); carries the clock's now.
    case tick(Millis)
    case resize(Size)
    case reply(id: Int, Reply)
    case quitRequested
}

/// What update asks the runtime to do.
enum Effect: Equatable, Sendable {
    case call(id: Int, Call)
    /// Fire and forget: releasing locks has no answer worth showing.
    case unlock(orderIds: [Int64], session: UserSession)
    case quit
}
