import CashierCore
import CashierStore
import PaymentPlatform

extension Engine {
    /// A platform says a trade succeeded (an answer, a query, later a callback). It goes through
    /// the same compare-and-set as everything else; a success for a payment already failed or
    /// closed here is never applied: it is recorded for review and reversed at the platform.
    @discardableResult
    public func platformReportedSuccess(tradeNo: String, platformTradeNo: String?) async throws(CashierError) -> SettleResult {
        guard let po = try storeCall({ try store.paymentOrder(tradeNo: tradeNo) }) else {
            throw .notFound("There is no payment with trade number \(tradeNo).")
        }
        let result = try storeCall { try store.paymentSucceeded(id: po.id, platformTradeNo: platformTradeNo) }
        if result == .lateSuccess {
            logger.warning("late success for \(po.tradeNo): recorded for review")
            // Closing payments are cancelled (and so reversed) by the poller; final ones here.
            if let current = try storeCall({ try store.paymentOrder(id: po.id) }), current.state == .closed || current.state == .failed {
                await reverseLateSuccess(current)
            }
        }
        return result
    }

    /// Cancel/reverse at the platform, then close the review item with what the platform said.
    func reverseLateSuccess(_ po: PaymentOrderRecord) async {
        let note: String
        switch await platform.cancel(tradeNo: po.tradeNo) {
        case .closed(reversed: true): note = "reversed at the platform"
        case .closed(reversed: false): note = "the platform holds no money for it"
        case .refused(let reason):
            logger.error("reversing late success \(po.tradeNo) refused: \(reason)")
            return
        case .unknown(let reason):
            logger.error("reversing late success \(po.tradeNo): no answer (\(reason))")
            return
        }
        let items = (try? store.openReviewItems().filter { $0.paymentOrderId == po.id }) ?? []
        for item in items { try? store.resolveReviewItem(id: item.id, note: note) }
    }
}
