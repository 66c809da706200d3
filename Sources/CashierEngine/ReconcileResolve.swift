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
        guard !trimmed.isEmpty else { throw .invalid("refusal.reconcile.needs_note") }
        if let p = OrderRules.textProblem(trimmed, field: "note", what: .note, max: OrderLimits.note) { throw p.refusal }
        _ = try requireSupervisor(user: supervisor, pin: pin, toDo: .resolveReconciliationItem)
        guard let item = try storeCall({ try store.reconItem(id: id) }) else {
            throw .notFound("refusal.reconcile.no_item", ["id": "\(id)"])
        }
        var resolution = trimmed
        if let followUp {
            guard item.state == "open" else {
                throw .conflict("refusal.reconcile.already_resolved", ["id": "\(id)", "by": "\(item.resolvedBy ?? "?")", "resolution": "\(item.resolution ?? "")"])
            }
            resolution += " — " + (try await follow(followUp, item))
        }
        return try storeCall { try store.resolveReconItem(id: id, by: supervisor, note: resolution, channel: channel.rawValue) }
    }

    /// Runs a follow-up; answers what it did, or throws (nothing resolved).
    func follow(_ followUp: ReconFollowUp, _ item: ReconItemRecord) async throws(CashierError) -> String {
        let allowed = try reconciliationFollowUps(item)
        guard allowed.contains(followUp) else {
            throw Self.whyNot(followUp, item, try storeCall { try store.paymentOrder(tradeNo: item.tradeNo) })
        }
        switch followUp {
        case .apply:
            switch try await platformReportedSuccess(tradeNo: item.tradeNo, platformTradeNo: nil) {
            case .applied, .duplicate: return "applied: payment \(item.tradeNo) succeeded and its orders are paid"
            case .ignored, .lateSuccess:
                throw .conflict("refusal.reconcile.no_success_to_apply", ["trade": .text(item.tradeNo), "id": "\(item.id)"])
            }
        case .refund:
            guard let po = try storeCall({ try store.paymentOrder(tradeNo: item.tradeNo) }) else { throw CashierError.bug("payment \(item.tradeNo) vanished") }
            guard case .trade(let t) = await platform.query(tradeNo: item.tradeNo), t.status == .succeeded else {
                throw .conflict("refusal.reconcile.no_money_to_refund", ["trade": .text(item.tradeNo), "id": "\(item.id)"])
            }
            // applySuccess's own steps, keeping the reversal's answer: the compare-and-set records
            // the late success for review, then the money goes back at the platform.
            guard try storeCall({ try store.paymentSucceeded(id: po.id, platformTradeNo: t.platformTradeNo) }) == .lateSuccess else {
                throw .conflict("refusal.reconcile.payment_changed", ["trade": .text(item.tradeNo)])
            }
            switch await reverseLateSuccess(po) {
            case .done(let said): return "refunded at the platform: \(said)"
            case .notDone(let reason):
                throw .conflict("refusal.reconcile.refund_failed", ["trade": .text(item.tradeNo), "reason": .text(reason), "id": "\(item.id)"])
            }
        }
    }

    static func whyNot(_ followUp: ReconFollowUp, _ item: ReconItemRecord, _ po: PaymentOrderRecord?) -> CashierError {
        let id: CashierError.Argument = "\(item.id)", trade = CashierError.Argument.text(item.tradeNo)
        if item.state != "open" { return .conflict("refusal.reconcile.resolved_already", ["id": id]) }
        switch item.kind {
        case "missing_here": break
        case "missing_there": return .conflict("refusal.reconcile.only_missing_here.missing_there", ["id": id])
        case "amount_mismatch": return .conflict("refusal.reconcile.only_missing_here.amount_mismatch", ["id": id])
        case "refund_mismatch": return .conflict("refusal.reconcile.only_missing_here.refund_mismatch", ["id": id])
        default: return .conflict("refusal.reconcile.only_missing_here.status_mismatch", ["id": id])
        }
        guard let po else { return .conflict("refusal.reconcile.never_made", ["trade": trade, "id": id]) }
        switch (followUp, po.state) {
        case (.apply, .failed): return .conflict("refusal.reconcile.final_failed", ["trade": trade])
        case (.apply, .closed): return .conflict("refusal.reconcile.final_closed", ["trade": trade])
        case (.refund, .created), (.refund, .pending): return .conflict("refusal.reconcile.still_waiting", ["trade": trade])
        case (_, .closing): return .conflict("refusal.reconcile.being_cancelled", ["trade": trade])
        case (.apply, _): return .conflict("refusal.reconcile.nothing_to_apply", ["trade": trade, "state": .payment(po.state)])
        case (.refund, _): return .conflict("refusal.reconcile.nothing_to_refund", ["trade": trade, "state": .payment(po.state)])
        }
    }
}
