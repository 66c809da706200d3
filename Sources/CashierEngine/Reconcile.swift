import CashierCore
import CashierStore
import Crypto
import Foundation
import PaymentPlatform
import PlatformBills
import Reconciliation

/// One platform's day, reconciled and recorded.
public struct ReconcileReport: Sendable, Codable, Equatable {
    public var platform: String
    public var date: String
    public var outcome: ReconRecordOutcome
    public var tradesMatched: Int
    public var tradesMatchedMinor: Int64
    public var refundsMatched: Int
    public var refundsMatchedMinor: Int64
    public var feesMinor: Int64
    public var held: [String]
    public var items: [ReconItemRecord]
    public var agrees: Bool { items.allSatisfy { $0.state != "open" } && held.isEmpty }
}

extension Engine {
    /// Reconciles one platform's bill of `date` against the store and records the result.
    /// `later`: that platform's bills of the following days already out (for trades held from
    /// near midnight); `query` asks the platform about a trade once more before it is called
    /// missing here. A bill that cannot be had or parsed throws, and nothing is recorded.
    public func reconcile(_ bill: Bill, later: [Bill], holdDays: Int, actor: String, channel: Channel = .counter,
                          query: (String) async -> QueryOutcome) async throws(CashierError) -> ReconcileReport {
        guard let start = BillDate.start(bill.date) else { throw .invalid("refusal.reconcile.bad_date", ["date": "\(bill.date)"]) }
        let platform = bill.platform.rawValue
        let end = start + 86_400_000
        // The store's side: everything finished since the day began (a bill row may name older ones).
        let numbers = Set(bill.trades.map(\.merchantTradeNo))
        let refundNumbers = Set(bill.refunds.compactMap(\.merchantRefundNo))
        let trades = try storeCall { try store.reconTrades(platform: platform, since: start - Millis(holdDays + 1) * 86_400_000, naming: numbers) }
        let refunds = try storeCall { try store.reconRefunds(platform: platform, since: start, naming: refundNumbers) }
        var storeTrades: [String: StoreTrade] = [:]
        storeTrades.reserveCapacity(trades.count)
        for t in trades.values { storeTrades[t.tradeNo] = StoreTrade(tradeNo: t.tradeNo, amountMinor: t.amount, state: Self.tradeState(t.state), finishedAt: t.updatedAt) }
        var storeRefunds: [String: StoreRefund] = [:]
        for f in refunds.values {
            storeRefunds[f.refundNo] = StoreRefund(refundNo: f.refundNo, tradeNo: f.tradeNo, amountMinor: f.amount,
                                                   state: f.state == "succeeded" ? .succeeded : f.state == "failed" ? .failed : .processing,
                                                   finishedAt: f.updatedAt)
        }
        let dayTrades = storeTrades.values.filter { $0.state == .succeeded && $0.finishedAt >= start && $0.finishedAt < end }
        let dayRefunds = storeRefunds.values.filter { $0.state == .succeeded && $0.finishedAt >= start && $0.finishedAt < end }
        let result = Reconciler(holdDays: holdDays).match(bill: bill, later: later, storeTrades: storeTrades, storeRefunds: storeRefunds,
                                                          dayTrades: dayTrades, dayRefunds: dayRefunds)
        var items: [ReconItemInput] = []
        for d in result.discrepancies {
            var kind = d.kind, action = d.action, note = ""
            if d.kind == .missingHere {
                // Once more before the store is told it lacks a payment: the bill may be wrong.
                switch await query(d.tradeNo) {
                case .trade(let t) where t.status == .succeeded || t.status == .refunded:
                    note = ReconNote.confirmedByQuery.stored
                case .trade(let t):
                    kind = .statusMismatch
                    note = ReconNote.queryAnswered(t.status.rawValue).stored
                    action = ReconAction.askPlatform.rawValue
                case .unknown(let reason):
                    note = ReconNote.queryUnanswered(reason).stored
                }
            }
            items.append(ReconItemInput(kind: kind.rawValue, tradeNo: d.tradeNo, refundNo: d.refundNo, billAmount: d.billAmountMinor,
                                        storeAmount: d.storeAmountMinor, action: action, note: note))
        }
        let day = ReconDayInput(platform: platform, billDate: bill.date, digest: Self.digest(bill), currency: "CNY",
                                tradesMatched: result.tradesMatched, tradesMatchedAmount: result.tradesMatchedMinor,
                                refundsMatched: result.refundsMatched, refundsMatchedAmount: result.refundsMatchedMinor,
                                fees: result.feesMinor, held: result.held.count)
        let outcome = try storeCall { try store.recordReconciliation(day, items: items, actor: actor, channel: channel.rawValue) }
        let recorded = try storeCall { try store.reconItems(platform: platform, date: bill.date, openOnly: false) }
        return ReconcileReport(platform: platform, date: bill.date, outcome: outcome, tradesMatched: result.tradesMatched,
                               tradesMatchedMinor: result.tradesMatchedMinor, refundsMatched: result.refundsMatched,
                               refundsMatchedMinor: result.refundsMatchedMinor, feesMinor: result.feesMinor,
                               held: result.held.sorted(), items: recorded)
    }

    public func reconciledDays(date: String?) throws(CashierError) -> [ReconDayRecord] { try storeCall { try store.reconDays(date: date) } }

    public func reconciliationItems(platform: String?, date: String?, openOnly: Bool) throws(CashierError) -> [ReconItemRecord] {
        try storeCall { try store.reconItems(platform: platform, date: date, openOnly: openOnly) }
    }

    static func tradeState(_ s: String) -> StoreTrade.State {
        switch s {
        case "succeeded": return .succeeded
        case "failed": return .failed
        case "closed": return .closed
        default: return .pending
        }
    }

    /// The bill as parsed (not its bytes: a re-zipped identical bill is the same bill).
    static func digest(_ bill: Bill) -> String {
        var h = SHA256()
        for e in bill.entries {
            h.update(data: Data("\(e.kind.rawValue)|\(e.merchantTradeNo)|\(e.merchantRefundNo ?? "")|\(e.amountMinor)|\(e.feeMinor)|\(e.status.rawValue)|\(e.finishedAt)\n".utf8))
        }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

// Named for the front ends, which never import the store (StoreTypes.swift).
public typealias ReconDayRecord = CashierStore.ReconDayRecord
public typealias ReconItemRecord = CashierStore.ReconItemRecord
public typealias ReconRecordOutcome = CashierStore.ReconRecordOutcome
