import CashierCore
import CashierStore
import PaymentPlatform

/// What resolving a reconciliation item may do besides closing it, through the engine's own
/// paths for a platform's success (never a side door to the platform).
public enum ReconFollowUp: String, Sendable, Codable, CaseIterable {
    /// The payment is still waiting here: apply the platform's success as a late callback would.
    case apply
    /// The payment is failed or closed here: the success goes the late-success way — recorded
    /// for review and the money returned at the platform.
    case refund
}

extension Engine {
    /// The follow-ups the item allows as the store stands now (empty: a note is all it takes).
    public func reconciliationFollowUps(_ item: ReconItemRecord) throws(CashierError) -> [ReconFollowUp] {
        guard item.state == "open", item.kind == "missing_here",
              let po = try storeCall({ try store.paymentOrder(tradeNo: item.tradeNo) }) else { return [] }
        switch po.state {
        case .created, .pending: return [.apply]
        case .failed, .closed: return [.refund]
        case .closing, .succeeded: return []
        }
    }

    /// A supervisor resolves an item with a note and their PIN, audited. With `then`, the
    /// follow-up runs first and the item is resolved only when it did what it says; a refusal
    /// leaves the item open and says why.
    public func resolveReconciliationItem(id: Int64, supervisor: String, pin: String, note: String, then followUp: ReconFollowUp? = nil,
                                          channel: Channel = .counter) async throws(CashierError) -> ReconItemRecord {
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid("A resolution needs a note saying what was done.") }
        if let p = OrderRules.textProblem(trimmed, field: "note", what: "The note", max: OrderLimits.note) { throw .invalid(p.message) }
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: "resolve a reconciliation item")
        guard let item = try storeCall({ try store.reconItem(id: id) }) else {
            throw .notFound("There is no reconciliation item \(id): check its number in the day's list.")
        }
        var resolution = trimmed
        if let followUp {
            guard item.state == "open" else {
                throw .conflict("Item \(id) was already resolved by \(item.resolvedBy ?? "?"): \(item.resolution ?? "").")
            }
            resolution += " — " + (try await follow(followUp, item))
        }
        return try storeCall { try store.resolveReconItem(id: id, by: supervisor, note: resolution, channel: channel.rawValue) }
    }

    /// Runs a follow-up; answers what it did, or throws (nothing resolved).
    func follow(_ followUp: ReconFollowUp, _ item: ReconItemRecord) async throws(CashierError) -> String {
        let allowed = try reconciliationFollowUps(item)
        guard allowed.contains(followUp) else {
            throw .conflict(Self.whyNot(followUp, item, try storeCall { try store.paymentOrder(tradeNo: item.tradeNo) }))
        }
        switch followUp {
        case .apply:
            switch try await platformReportedSuccess(tradeNo: item.tradeNo, platformTradeNo: nil) {
            case .applied, .duplicate: return "applied: payment \(item.tradeNo) succeeded and its orders are paid"
            case .ignored, .lateSuccess:
                throw .conflict("The platform does not confirm a success for \(item.tradeNo) now: nothing was applied and item \(item.id) stays open.")
            }
        case .refund:
            guard let po = try storeCall({ try store.paymentOrder(tradeNo: item.tradeNo) }) else { throw CashierError(.internal, "payment \(item.tradeNo) vanished") }
            guard case .trade(let t) = await platform.query(tradeNo: item.tradeNo), t.status == .succeeded else {
                throw .conflict("The platform holds no money for \(item.tradeNo) now (or did not answer): nothing was refunded and item \(item.id) stays open.")
            }
            // applySuccess's own steps, keeping the reversal's answer: the compare-and-set records
            // the late success for review, then the money goes back at the platform.
            guard try storeCall({ try store.paymentSucceeded(id: po.id, platformTradeNo: t.platformTradeNo) }) == .lateSuccess else {
                throw .conflict("Payment \(item.tradeNo) changed meanwhile: look at it again before refunding.")
            }
            switch await reverseLateSuccess(po) {
            case .done(let said): return "refunded at the platform: \(said)"
            case .notDone(let reason):
                throw .conflict("The platform did not return the money for \(item.tradeNo) (\(reason)): the late success is recorded for review and item \(item.id) stays open.")
            }
        }
    }

    static func whyNot(_ followUp: ReconFollowUp, _ item: ReconItemRecord, _ po: PaymentOrderRecord?) -> String {
        if item.state != "open" { return "Item \(item.id) is already resolved: nothing to do." }
        if item.kind != "missing_here" {
            return "Item \(item.id) is \(item.kind.replacingOccurrences(of: "_", with: " ")): only a platform success the store lacks can be applied or refunded; resolve it with a note."
        }
        guard let po else {
            return "The store never made payment \(item.tradeNo): refund it in the platform's merchant portal, then resolve item \(item.id) with a note."
        }
        switch (followUp, po.state) {
        case (.apply, .failed), (.apply, .closed):
            return "Payment \(item.tradeNo) is \(po.state.rawValue) here and a final payment is never reopened: refund it at the platform instead."
        case (.refund, .created), (.refund, .pending):
            return "Payment \(item.tradeNo) is still waiting here: apply it instead of refunding it."
        case (_, .closing):
            return "Payment \(item.tradeNo) is being cancelled at the platform right now: wait for the poller, then reconcile the day again."
        default:
            return "Payment \(item.tradeNo) is \(po.state.rawValue) here: nothing to \(followUp.rawValue)."
        }
    }
}
