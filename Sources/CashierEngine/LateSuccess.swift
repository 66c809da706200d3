import CashierCore
import CashierStore
import PaymentPlatform

extension Engine {
    /// Something says a trade succeeded (a callback, a report from another channel). That is a
    /// hint: the platform is queried, and only what the query says is applied.
    @discardableResult
    public func platformReportedSuccess(tradeNo: String, platformTradeNo: String?) async throws(CashierError) -> SettleResult {
        guard let po = try storeCall({ try store.paymentOrder(tradeNo: tradeNo) }) else {
            throw .notFound("refusal.payment.none", ["trade": .text(tradeNo)])
        }
        guard case .trade(let t) = await platform.query(tradeNo: tradeNo), t.status == .succeeded || t.status == .refunded else {
            logger.warning("a success reported for \(tradeNo) is not confirmed by the platform: ignored")
            return .ignored
        }
        return try await applySuccess(po, platformTradeNo: t.platformTradeNo ?? platformTradeNo)
    }

    /// A success the platform itself signed (a notify whose signature, app id, trade number and
    /// amount were verified): as good as a query's answer, so it is applied without asking again,
    /// through the same compare-and-set (a late one becomes a review item and is reversed).
    @discardableResult
    public func signedSuccess(tradeNo: String, platformTradeNo: String?) async throws(CashierError) -> SettleResult {
        guard let po = try storeCall({ try store.paymentOrder(tradeNo: tradeNo) }) else {
            throw .notFound("refusal.payment.none", ["trade": .text(tradeNo)])
        }
        return try await applySuccess(po, platformTradeNo: platformTradeNo)
    }

    /// The platform itself answered that the trade succeeded. It goes through the same
    /// compare-and-set as everything else; a success for a payment already failed or closed here
    /// is never applied: it is recorded for review and reversed at the platform.
    @discardableResult
    func applySuccess(_ po: PaymentOrderRecord, platformTradeNo: String?) async throws(CashierError) -> SettleResult {
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

    /// What a reversal came to: the review item's closing note, or why it stays open.
    enum Reversal: Equatable { case done(String), notDone(String) }

    /// Cancel/reverse at the platform, then close the review item with what the platform said.
    @discardableResult
    func reverseLateSuccess(_ po: PaymentOrderRecord) async -> Reversal {
        let note: String
        switch await platform.cancel(tradeNo: po.tradeNo) {
        case .closed(reversed: true): note = "reversed at the platform"
        case .closed(reversed: false): note = "the platform holds no money for it"
        case .refused(let reason):
            logger.error("reversing late success \(po.tradeNo) refused: \(reason)")
            return .notDone("refused: \(reason)")
        case .unknown(let reason):
            logger.error("reversing late success \(po.tradeNo): no answer (\(reason))")
            return .notDone("no answer: \(reason)")
        }
        let items = (try? store.openReviewItems().filter { $0.paymentOrderId == po.id }) ?? []
        for item in items { try? store.resolveReviewItem(id: item.id, note: note) }
        return .done(note)
    }
}
