import CashierCore

/// Runs one backend call (blocking) and turns its answer into the reply of that call.
func perform(_ call: Call, on backend: any ConsoleBackend) -> Reply {
    switch call {
    case .login(let user, let pin):
        return .login(Result { () throws(BackendError) in try backend.login(user: user, pin: pin) })
    case .orders(let query, let list, let cursors, let at):
        return .page(list, cursors: cursors, cursorAt: at, Result { () throws(BackendError) in try backend.orders(query) })
    case .orderTypes:
        return .types(Result { () throws(BackendError) in try backend.orderTypes() })
    case .orderDetail(let id, let openRefund):
        return .detail(id: id, openRefund: openRefund, Result { () throws(BackendError) in try backend.orderDetail(id: id) })
    case .lock(let ids, let session, let rows):
        return .locked(rows, Result { () throws(BackendError) in try backend.lock(orderIds: ids, session: session); return Granted() })
    case .renewLock(let ids, let session):
        return .renewed(Result { () throws(BackendError) in try backend.lock(orderIds: ids, session: session); return Granted() })
    case .coupon(let code):
        return .coupon(code: code, Result { () throws(BackendError) in try backend.coupon(code: code) })
    case .checkout(let plan, let session):
        return .payment(.checkout(plan), Result { () throws(BackendError) in try backend.checkout(plan, session: session) })
    case .payment(let id):
        return .payment(.refresh, Result { () throws(BackendError) in try backend.payment(checkoutId: id) })
    case .cancel(let id, let session):
        return .payment(.cancel, Result { () throws(BackendError) in try backend.cancel(checkoutId: id, session: session) })
    case .repay(let id, let code, let session):
        return .payment(.repay(retried: id), Result { () throws(BackendError) in try backend.repay(checkoutId: id, code: code, session: session) })
    case .requestRefund(let orderId, let amount, let reason, let session):
        return .refundRequested(Result { () throws(BackendError) in
            try backend.requestRefund(orderId: orderId, amount: amount, reason: reason, session: session)
        })
    case .quickSale(let sale, let session):
        return .quickSaleCreated(Result { () throws(BackendError) in try backend.quickSale(sale, session: session) })
    case .pendingApprovals:
        return .approvals(Result { () throws(BackendError) in try backend.pendingApprovals() })
    case .approve(let id, let supervisor, let pin):
        return .decided(Result { () throws(BackendError) in try backend.approve(requestId: id, supervisor: supervisor, pin: pin) })
    case .reject(let id, let supervisor, let pin, let reason):
        return .decided(Result { () throws(BackendError) in
            try backend.reject(requestId: id, supervisor: supervisor, pin: pin, reason: reason)
        })
    case .changeToken:
        return .token(backend.changeToken())
    case .drawer(let call):
        return .drawer(performDrawer(call, on: backend))
    case .admin(let call):
        return .admin(performAdmin(call, on: backend))
    case .recon(let call):
        return .recon(performRecon(call, on: backend))
    }
}
