import CashierConsole
import CashierCore
import CashierEngine

/// The reconciliation screen over the engine (ReconciliationBackend, through ConsoleBackend).
extension EngineBackend {
    public func reconciliationDays() throws(BackendError) -> [ReconDayRow] {
        try call {
            // Newest day first; each day's platforms in name order.
            try engine.reconciledDays(date: nil).sorted { ($1.billDate, $0.platform) < ($0.billDate, $1.platform) }.map { d in
                let cur = Currency.named(d.currency) ?? .cny
                func m(_ minor: Int64) -> Money { Money(minor: minor, currency: cur) }
                return ReconDayRow(platform: d.platform, date: d.billDate, tradesMatched: d.tradesMatched, tradesAmount: m(d.tradesMatchedAmount),
                                   refundsMatched: d.refundsMatched, refundsAmount: m(d.refundsMatchedAmount), fees: m(d.fees), held: d.held,
                                   openItems: d.openItems, runs: d.runs, billChanged: d.billChanged)
            }
        }
    }

    public func reconciliationItems(platform: String, date: String) throws(BackendError) -> [ReconItemRow] {
        try call {
            let items = try engine.reconciliationItems(platform: platform, date: date, openOnly: false)
            return try items.filter { $0.state == "open" }.map(row) + items.filter { $0.state != "open" }.map(row)
        }
    }

    public func resolveReconciliationItem(id: Int64, note: String, followUp: ReconFollowUpChoice?, supervisor: String,
                                          pin: String) throws(BackendError) -> ReconItemRow {
        let then = followUp.flatMap { ReconFollowUp(rawValue: $0.rawValue) }
        return try call {
            let item = try runBlocking { [engine] in
                try await engine.resolveReconciliationItem(id: id, supervisor: supervisor, pin: pin, note: note, then: then)
            }
            return try row(item)
        }
    }

    func row(_ i: ReconItemRecord) throws -> ReconItemRow {
        let cur = Currency.named(i.currency) ?? .cny
        return ReconItemRow(id: i.id, kind: ReconItemRow.Kind(rawValue: i.kind) ?? .statusMismatch, tradeNo: i.tradeNo, refundNo: i.refundNo,
                            billAmount: i.billAmount.map { Money(minor: $0, currency: cur) },
                            storeAmount: i.storeAmount.map { Money(minor: $0, currency: cur) }, action: i.action, note: i.note,
                            resolvedBy: i.resolvedBy, resolution: i.resolution,
                            followUps: try engine.reconciliationFollowUps(i).compactMap { ReconFollowUpChoice(rawValue: $0.rawValue) })
    }
}
