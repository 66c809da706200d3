import CashierCore
import CashierStore
import Foundation
import PaymentPlatform

public struct PollReport: Sendable, Equatable {
    public init() {}
    public var payments = 0
    public var refunds = 0
    public var settled = 0
    /// Unpaid orders past their `expires_at`, now expired.
    public var expired = 0
    /// The store could not be read to claim due items: logged, and the next cycle tries again.
    public var storeErrors = 0
    public var total: Int { payments + refunds }
}

/// The reconciler: queries every unfinished payment and refund until it is final, and cancels
/// what ran out of time. Items are claimed with a lease, so several processes can poll at once.
extension Engine {
    public func pollOnce(limit: Int? = nil) async -> PollReport {
        var report = PollReport()
        let owner = session
        let limit = limit ?? schedule.batchLimit
        let lease = schedule.leaseMillis
        // A database error (busy beyond its timeout, a full disk) is logged and the items stay
        // due: the next cycle claims them again.
        report.expired = expireDueOrders()
        let payments = claiming("payments", &report) { try store.claimDuePayments(owner: owner, lease: lease, limit: limit) }
        let refunds = claiming("refunds", &report) { try store.claimDueRefunds(owner: owner, lease: lease, limit: limit) }
        report.payments = payments.count
        report.refunds = refunds.count
        // Slow platform answers must not hold up the rest: each item is its own task.
        let settled = await withTaskGroup(of: Bool.self) { group in
            for po in payments { group.addTask { await self.reconcile(payment: po) } }
            for ro in refunds { group.addTask { await self.reconcile(refund: ro) } }
            var n = 0
            for await done in group where done { n += 1 }
            return n
        }
        report.settled = settled
        await receiptsAfterSettlement()
        return report
    }

    func claiming<T>(_ what: String, _ report: inout PollReport, _ body: () throws -> [T]) -> [T] {
        do { return try body() } catch {
            logger.error("claiming due \(what) failed (tried again next cycle): \(error)")
            report.storeErrors += 1
            return []
        }
    }

    /// Polls until the task is cancelled, sleeping until the next item is due (at most
    /// `idleSeconds`, default the schedule's).
    public func runPoller(idleSeconds: Double? = nil) async {
        let idle = idleSeconds ?? schedule.idleSeconds
        while !Task.isCancelled {
            let report = await pollOnce()
            if report.total > 0 { continue }
            let wait = min(max(0, (store.nextDueTime() ?? Millis.max) - now()), Millis(idle * 1000))
            try? await Task.sleep(nanoseconds: UInt64(max(wait, 10)) * 1_000_000)
        }
    }

    /// Returns whether the payment reached a final state.
    func reconcile(payment po: PaymentOrderRecord) async -> Bool {
        do {
            if po.state == .closing {
                await closeAtPlatform(po)
                return try store.paymentOrder(id: po.id)?.state.isFinal ?? false
            }
            let now = self.now()
            switch await platform.query(tradeNo: po.tradeNo) {
            case .trade(let t):
                switch t.status {
                case .succeeded, .refunded:
                    try await applySuccess(po, platformTradeNo: t.platformTradeNo)
                case .failed:
                    _ = try store.paymentFailed(id: po.id, reason: po.message ?? "declined by the platform")
                case .closed:
                    try platformClosed(paymentId: po.id, reason: "closed by the platform")
                case .notFound:
                    if po.state == .created && schedule.stillInGrace(createdAt: po.createdAt, now: now) {
                        try store.paymentReschedule(id: po.id, nextQueryAt: schedule.nextCodeQuery(now: self.now()), message: nil)
                        return false
                    }
                    try await closeNow(po, reason: "the platform never received it")
                case .waiting:
                    if now >= po.deadline {
                        try await closeNow(po, reason: "the customer did not pay in time")
                    } else {
                        let next = schedule.nextPaymentQuery(isQR: po.isQR, createdAt: po.createdAt, deadline: po.deadline, now: self.now())
                        try store.paymentReschedule(id: po.id, nextQueryAt: next, message: nil)
                        return false
                    }
                }
            case .unknown(let reason):
                if schedule.unansweredTooLong(deadline: po.deadline, now: now) {
                    try await closeNow(po, reason: "no answer from the platform before the deadline")
                } else {
                    try store.paymentReschedule(id: po.id, nextQueryAt: schedule.nextCodeQuery(now: self.now()),
                                                message: "no answer from the platform (\(reason)): asking again")
                    return false
                }
            }
            return try store.paymentOrder(id: po.id)?.state.isFinal ?? false
        } catch {
            logger.error("reconciling \(po.tradeNo) failed: \(error)")
            do { try store.paymentReschedule(id: po.id, nextQueryAt: schedule.nextCodeQuery(now: now()), message: nil) } catch {
                // Its lease runs out and the next cycle claims it again.
                logger.error("rescheduling \(po.tradeNo) failed (retried when its lease ends): \(error)")
            }
            return false
        }
    }

    func closeNow(_ po: PaymentOrderRecord, reason: String) async throws {
        _ = try store.paymentClosing(id: po.id, event: .deadlinePassed, reason: reason)
        if let current = try store.paymentOrder(id: po.id), current.state == .closing {
            await closeAtPlatform(current)
        }
    }

    /// Cancel (reverse) at the platform, then closed here. Cancel rather than close: if the
    /// customer paid meanwhile, the money goes back instead of being lost between the two.
    func closeAtPlatform(_ po: PaymentOrderRecord) async {
        do {
            switch await platform.cancel(tradeNo: po.tradeNo) {
            case .closed(let reversed):
                _ = try store.paymentClosed(id: po.id, reversed: reversed)
            case .refused(let reason):
                // Perhaps it was paid after all: the query decides on the next round.
                if case .trade(let t) = await platform.query(tradeNo: po.tradeNo), t.status == .failed {
                    _ = try store.paymentFailed(id: po.id, reason: reason)
                } else {
                    try store.paymentReschedule(id: po.id, nextQueryAt: schedule.afterCancelRefused(now: now()),
                                                message: "the platform refused to cancel (\(reason)): trying again")
                }
            case .unknown(let reason):
                try store.paymentReschedule(id: po.id, nextQueryAt: schedule.nextCodeQuery(now: now()),
                                            message: "cancel not confirmed (\(reason)): trying again")
            }
        } catch {
            logger.error("closing \(po.tradeNo) failed: \(error)")
        }
    }
}
