import CashierCore
import CashierStore
import Foundation
import PaymentPlatform

public struct PollReport: Sendable, Equatable {
    public init() {}
    public var payments = 0
    public var refunds = 0
    public var settled = 0
    public var total: Int { payments + refunds }
}

/// The reconciler: queries every unfinished payment and refund until it is final, and cancels
/// what ran out of time. Items are claimed with a lease, so several processes can poll at once.
extension Engine {
    public func pollOnce(limit: Int = 200) async -> PollReport {
        var report = PollReport()
        let owner = session
        let payments = (try? store.claimDuePayments(owner: owner, lease: config.pollLeaseMillis, limit: limit)) ?? []
        let refunds = (try? store.claimDueRefunds(owner: owner, lease: config.pollLeaseMillis, limit: limit)) ?? []
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

    /// Polls until the task is cancelled, sleeping until the next item is due (at most `idle`).
    public func runPoller(idleSeconds: Double = 1) async {
        while !Task.isCancelled {
            let report = await pollOnce()
            if report.total > 0 { continue }
            let wait = min(max(0, (store.nextDueTime() ?? Millis.max) - now()), Millis(idleSeconds * 1000))
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
                    try await apply(success: po, platformTradeNo: t.platformTradeNo)
                case .failed:
                    _ = try store.paymentFailed(id: po.id, reason: po.message ?? "declined by the platform")
                case .closed:
                    _ = try store.paymentClosing(id: po.id, event: .deadlinePassed, reason: "closed by the platform")
                    _ = try store.paymentClosed(id: po.id, reversed: false)
                case .notFound:
                    let grace = config.timeScale.millis(config.notFoundGraceSeconds)
                    if po.state == .created && now - po.createdAt < grace {
                        try store.paymentReschedule(id: po.id, nextQueryAt: after(config.codeQueryInterval), message: nil)
                        return false
                    }
                    try await closeNow(po, reason: "the platform never received it")
                case .waiting:
                    if now >= po.deadline {
                        try await closeNow(po, reason: "the customer did not pay in time")
                    } else {
                        try store.paymentReschedule(id: po.id, nextQueryAt: nextPaymentQuery(po), message: nil)
                        return false
                    }
                }
            case .unknown(let reason):
                if now >= po.deadline + config.timeScale.millis(config.notFoundGraceSeconds) {
                    try await closeNow(po, reason: "no answer from the platform before the deadline")
                } else {
                    try store.paymentReschedule(id: po.id, nextQueryAt: after(config.codeQueryInterval),
                                                message: "no answer from the platform (\(reason)): asking again")
                    return false
                }
            }
            return try store.paymentOrder(id: po.id)?.state.isFinal ?? false
        } catch {
            logger.error("reconciling \(po.tradeNo) failed: \(error)")
            try? store.paymentReschedule(id: po.id, nextQueryAt: after(config.codeQueryInterval), message: nil)
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
                    try store.paymentReschedule(id: po.id, nextQueryAt: after(config.codeQueryInterval * 3),
                                                message: "the platform refused to cancel (\(reason)): trying again")
                }
            case .unknown(let reason):
                try store.paymentReschedule(id: po.id, nextQueryAt: after(config.codeQueryInterval),
                                            message: "cancel not confirmed (\(reason)): trying again")
            }
        } catch {
            logger.error("closing \(po.tradeNo) failed: \(error)")
        }
    }

    /// Code payments: every few seconds. QR payments: back off as the wait grows (2 s … 15 s).
    func nextPaymentQuery(_ po: PaymentOrderRecord) -> Millis {
        let interval: Millis
        if po.isQR {
            let age = now() - po.createdAt
            interval = min(max(config.timeScale.millis(2), age / 4), config.timeScale.millis(15))
        } else {
            interval = config.timeScale.millis(config.codeQueryInterval)
        }
        return min(now() + interval, max(po.deadline, now() + 1))
    }

    /// Refunds: back off from 2 s to 60 s as they stay unfinished.
    func nextRefundQuery(_ ro: RefundOrderRecord) -> Millis {
        let age = now() - ro.createdAt
        return now() + min(max(config.timeScale.millis(2), age / 4), config.timeScale.millis(60))
    }
}

