import CashierCore

/// Runs one backend call (blocking) and turns its answer into a reply.
func perform(_ call: Call, on backend: any ConsoleBackend) -> Result<Reply, BackendError> {
    do throws(BackendError) {
        switch call {
        case .login(let user, let pin):
            return .success(.session(try backend.login(user: user, pin: pin)))
        case .orders(let query, _, _, _):
            return .success(.page(try backend.orders(query)))
        case .orderTypes:
            return .success(.types(try backend.orderTypes()))
        case .orderDetail(let id, _):
            return .success(.detail(try backend.orderDetail(id: id)))
        case .lock(let ids, let session, _):
            try backend.lock(orderIds: ids, session: session)
            return .success(.locked(ids))
        case .renewLock(let ids, let session):
            try backend.lock(orderIds: ids, session: session)
            return .success(.locked(ids))
        case .coupon(let code):
            return .success(.coupon(try backend.coupon(code: code)))
        case .checkout(let plan, let session):
            return .success(.payment(try backend.checkout(plan, session: session)))
        case .payment(let id):
            return .success(.payment(try backend.payment(checkoutId: id)))
        case .cancel(let id, let session):
            return .success(.payment(try backend.cancel(checkoutId: id, session: session)))
        case .repay(let id, let code, let session):
            return .success(.payment(try backend.repay(checkoutId: id, code: code, session: session)))
        case .requestRefund(let orderId, let amount, let reason, let session):
            return .success(.refundRequest(try backend.requestRefund(orderId: orderId, amount: amount, reason: reason, session: session)))
        case .pendingApprovals:
            return .success(.approvals(try backend.pendingApprovals()))
        case .approve(let id, let supervisor, let pin):
            return .success(.refundRequest(try backend.approve(requestId: id, supervisor: supervisor, pin: pin)))
        case .reject(let id, let supervisor, let pin, let reason):
            return .success(.refundRequest(try backend.reject(requestId: id, supervisor: supervisor, pin: pin, reason: reason)))
        case .changeToken:
            return .success(.token(backend.changeToken()))
        case .drawer(let call):
            return performDrawer(call, on: backend)
        case .admin(let call):
            return .success(.admin(try performAdmin(call, on: backend)))
        }
    } catch {
        return .failure(error)
    }
}
