import CashierCore
import CashierStore
import PaymentPlatform

extension Engine {
    public func requestRefund(orderId: Int64, amount: Int64, reason: String, by user: String,
                              channel: Channel = .counter) throws(CashierError) -> RefundRequestRecord {
        _ = try requireUser(user)
        return try storeCall { try store.requestRefund(orderId: orderId, amount: amount, reason: reason, by: user, channel: channel) }
    }

    /// A supervisor approves with their own PIN. Cash and coupon parts settle at once; online
    /// parts are sent to the platform now, and the poller follows them to the end.
    public func approve(requestId: Int64, supervisor: String, pin: String) async throws(CashierError) -> [RefundOrderRecord] {
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .approveRefunds)
        let created = try storeCall { try store.approveRefund(requestId: requestId, supervisor: supervisor) }
        for ro in created where ro.state == .created { await submit(refund: ro) }
        await receiptsAfterSettlement()
        return try storeCall { try store.refundOrders(requestId: requestId) }
    }

    public func reject(requestId: Int64, supervisor: String, pin: String, reason: String) throws(CashierError) -> RefundRequestRecord {
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .rejectRefunds)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("refusal.refund.rejection_needs_reason")
        }
        if let p = OrderRules.textProblem(reason, field: "reason", what: .reason, max: OrderLimits.reason) { throw p.refusal }
        return try storeCall { try store.rejectRefund(requestId: requestId, supervisor: supervisor, note: reason) }
    }

    /// Retries a failed refund with the same refund number (supervisor only).
    public func retryRefund(refundOrderId: Int64, supervisor: String, pin: String) async throws(CashierError) -> RefundOrderRecord {
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .retryRefunds)
        let ro = try storeCall { try store.retryRefund(id: refundOrderId, by: supervisor) }
        // Sent again under the same refund number: the platform treats it as the same refund.
        await submit(refund: ro)
        await receiptsAfterSettlement()
        return try storeCall { try store.refundOrders(requestId: ro.requestId).first { $0.id == ro.id } ?? ro }
    }

    func submit(refund ro: RefundOrderRecord) async {
        guard let tradeNo = ro.tradeNo else { return }
        let request = RefundRequest(tradeNo: tradeNo, refundNo: ro.refundNo, amount: ro.amount, reason: "refund request \(ro.requestId)")
        do {
            switch await platform.refund(request) {
            case .succeeded: try store.refundSucceeded(id: ro.id)
            case .processing: try store.refundProcessing(id: ro.id, nextQueryAt: schedule.nextRefundQuery(createdAt: ro.createdAt, now: now()), message: "the platform is processing it")
            case .failed(let reason): try store.refundFailed(id: ro.id, reason: reason)
            case .unknown(let reason):
                try store.refundProcessing(id: ro.id, nextQueryAt: schedule.nextRefundQuery(createdAt: ro.createdAt, now: now()), message: "no answer (\(reason)): asking the platform")
            }
        } catch {
            logger.error("applying the refund answer for \(ro.refundNo) failed: \(error)")
        }
    }

    @discardableResult
    func reconcile(refund ro: RefundOrderRecord) async -> Bool {
        guard let tradeNo = ro.tradeNo else { return false }
        if ro.state == .created {
            await submit(refund: ro)
        } else {
            do {
                switch await platform.refundQuery(tradeNo: tradeNo, refundNo: ro.refundNo) {
                case .succeeded: try store.refundSucceeded(id: ro.id)
                case .failed(let reason): try store.refundFailed(id: ro.id, reason: reason)
                case .processing: try store.refundReschedule(id: ro.id, nextQueryAt: schedule.nextRefundQuery(createdAt: ro.createdAt, now: now()), message: nil)
                case .notFound:
                    // Never arrived: send it again under the same refund number (idempotent there).
                    await submit(refund: ro)
                case .unknown(let reason):
                    try store.refundReschedule(id: ro.id, nextQueryAt: schedule.nextRefundQuery(createdAt: ro.createdAt, now: now()), message: "no answer (\(reason)): asking again")
                }
            } catch {
                logger.error("reconciling refund \(ro.refundNo) failed: \(error)")
                do {
                    try store.refundReschedule(id: ro.id, nextQueryAt: schedule.nextRefundQuery(createdAt: ro.createdAt, now: now()), message: nil)
                } catch {
                    // Its lease runs out and the next cycle claims it again.
                    logger.error("rescheduling refund \(ro.refundNo) failed (retried when its lease ends): \(error)")
                }
            }
        }
        return (try? store.refundOrders(requestId: ro.requestId).first { $0.id == ro.id }?.state.isFinal) ?? false
    }
}
