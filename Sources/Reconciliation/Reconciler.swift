import CashierCore
import PlatformBills

/// Matches one platform's bill of one day against the store, by merchant trade number and
/// merchant refund number (the numbers both sides wrote). Pure: the store's records and the
/// bills come in, the classification goes out; the caller queries and records.
///
/// - A bill row is matched wherever the store has that number, whatever day the store saw it
///   (a trade finished before midnight may land on the next day's bill).
/// - A store success of the day that its bill lacks is looked for on the bills of the following
///   `holdDays` days; while one of those is not out yet it is held, not flagged.
public struct Reconciler: Sendable {
    public var holdDays: Int

    public init(holdDays: Int = 1) { self.holdDays = holdDays }

    /// `later`: the bills of the days after, as many as are out (at most `holdDays`).
    /// `storeTrades`/`storeRefunds`: every record the bills may name, looked up by number, and
    /// `dayTrades`/`dayRefunds`: the store's successes finished on the bill's day.
    public func match(bill: Bill, later: [Bill], storeTrades: [String: StoreTrade], storeRefunds: [String: StoreRefund],
                      dayTrades: [StoreTrade], dayRefunds: [StoreRefund]) -> DayResult {
        var r = DayResult()
        // Alipay shows a paid trade reversed by cancel as a trade row and a refund row without a
        // number: together they are a reversal, which the store holds as closed.
        let reversals = Set(bill.refunds.filter { $0.merchantRefundNo == nil }.map(\.merchantTradeNo))
        for e in bill.entries {
            r.feesMinor += e.feeMinor
            switch e.kind {
            case .trade: trade(e, reversed: reversals.contains(e.merchantTradeNo) || e.status == .revoked, storeTrades, &r)
            case .refund: if e.merchantRefundNo != nil { refund(e, storeRefunds, &r) }
            }
        }
        let billed = Set(bill.trades.map(\.merchantTradeNo))
        let laterTrades = Set(later.flatMap(\.trades).map(\.merchantTradeNo))
        let billedRefunds = Set(bill.refunds.compactMap(\.merchantRefundNo))
        let laterRefunds = Set(later.flatMap(\.refunds).compactMap(\.merchantRefundNo))
        let allOut = later.count >= holdDays
        for t in dayTrades where t.state == .succeeded && !billed.contains(t.tradeNo) {
            if laterTrades.contains(t.tradeNo) { continue }      // on a later bill: matched there
            if !allOut { r.held.append(t.tradeNo); continue }
            r.discrepancies.append(.init(kind: .missingThere, tradeNo: t.tradeNo, billAmountMinor: nil, storeAmountMinor: t.amountMinor,
                                         action: ReconAction.queryPayment.rawValue))
        }
        for f in dayRefunds where f.state == .succeeded && !billedRefunds.contains(f.refundNo) {
            if laterRefunds.contains(f.refundNo) { continue }
            if !allOut { r.held.append(f.refundNo); continue }
            r.discrepancies.append(.init(kind: .missingThere, tradeNo: f.tradeNo, refundNo: f.refundNo, billAmountMinor: nil,
                                         storeAmountMinor: f.amountMinor,
                                         action: ReconAction.queryRefund.rawValue))
        }
        return r
    }

    func trade(_ e: BillEntry, reversed: Bool, _ store: [String: StoreTrade], _ r: inout DayResult) {
        guard let s = store[e.merchantTradeNo] else {
            if reversed { return }                                  // paid and given back: nothing owed either way
            r.discrepancies.append(.init(kind: .missingHere, tradeNo: e.merchantTradeNo, billAmountMinor: e.amountMinor, storeAmountMinor: nil,
                                         action: ReconAction.refundInPortal.rawValue))
            return
        }
        if reversed {
            if s.state == .succeeded {
                r.discrepancies.append(.init(kind: .statusMismatch, tradeNo: s.tradeNo, billAmountMinor: 0, storeAmountMinor: s.amountMinor,
                                             action: ReconAction.reversed.rawValue))
            }
            return
        }
        switch s.state {
        case .succeeded where s.amountMinor == e.amountMinor:
            r.tradesMatched += 1
            r.tradesMatchedMinor += e.amountMinor
        case .succeeded:
            r.discrepancies.append(.init(kind: .amountMismatch, tradeNo: s.tradeNo, billAmountMinor: e.amountMinor, storeAmountMinor: s.amountMinor,
                                         action: ReconAction.compareAmounts.rawValue))
        case .pending:
            r.discrepancies.append(.init(kind: .missingHere, tradeNo: s.tradeNo, billAmountMinor: e.amountMinor, storeAmountMinor: nil,
                                         action: ReconAction.apply.rawValue))
        case .failed, .closed:
            r.discrepancies.append(.init(kind: .missingHere, tradeNo: s.tradeNo, billAmountMinor: e.amountMinor, storeAmountMinor: nil,
                                         action: (s.state == .failed ? ReconAction.refundFailed : .refundClosed).rawValue))
        }
    }

    func refund(_ e: BillEntry, _ store: [String: StoreRefund], _ r: inout DayResult) {
        let no = e.merchantRefundNo ?? ""
        guard let s = store[no], s.state == .succeeded, s.amountMinor == e.amountMinor, s.tradeNo == e.merchantTradeNo else {
            let s = store[no]
            let action: ReconAction = switch s?.state {
            case nil: .recordRefundUnasked
            case .failed?: .recordRefundFailed
            case .processing?: .recordRefundProcessing
            case .succeeded?: .recordRefundOther
            }
            r.discrepancies.append(.init(kind: .refundMismatch, tradeNo: e.merchantTradeNo, refundNo: no, billAmountMinor: e.amountMinor,
                                         storeAmountMinor: s?.amountMinor,
                                         action: action.rawValue))
            return
        }
        r.refundsMatched += 1
        r.refundsMatchedMinor += e.amountMinor
    }
}
