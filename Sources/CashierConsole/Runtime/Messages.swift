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
    case pendingApprovals
    case approve(requestId: Int64, supervisor: String, pin: String)
    case reject(requestId: Int64, supervisor: String, pin: String, reason: String)
    case changeToken
    case drawer(DrawerCall)
    case admin(AdminCall)

    /// Calls in one slot supersede each other: only the newest answer counts.
    enum Slot: Hashable, Sendable {
        case login, list(ListKind), orderTypes, detail, lock, renewLock, coupon, payment, refund, approvals, decision, changeToken
        case drawer(DrawerCall.Slot)
        case admin(AdminCall.Slot)
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
        case .pendingApprovals: return .approvals
        case .approve, .reject: return .decision
        case .changeToken: return .changeToken
        case .drawer(let call): return .drawer(call.slot)
        case .admin(let call): return .admin(call.slot)
        }
    }
}

/// Where the list cursor goes when a page arrives.
enum CursorAt: Equatable, Sendable {
    case top, bottom, keep(Int)
}

/// What a backend call answered.
enum Reply: Equatable, Sendable {
    case session(UserSession)
    case page(OrderPage)
    case types([String])
    case detail(OrderDetail)
    /// The orders that were locked: an abandoned lock is released when its answer arrives.
    case locked([Int64])
    case coupon(CouponInfo)
    case payment(PaymentView)
    case refundRequest(RefundRequestRow)
    case approvals([RefundRequestRow])
    case token(Int64)
    case drawer(DrawerReply)
    case admin(AdminReply)
}

/// Everything that can happen to the console.
enum Action: Equatable, Sendable {
    case key(Key)
    /// Time passed (a timer or any wake-up); carries the clock's now.
    case tick(Millis)
    case resize(Size)
    case reply(id: Int, Result<Reply, BackendError>)
    case quitRequested
}

/// What update asks the runtime to do.
enum Effect: Equatable, Sendable {
    case call(id: Int, Call)
    /// Fire and forget: releasing locks has no answer worth showing.
    case unlock(orderIds: [Int64], session: UserSession)
    case quit
}
