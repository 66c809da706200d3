import CashierCore
import CashierStore

extension Engine {
    /// The online refund with this refund number, for a notify receiver to check against.
    public func refundOrderRecord(refundNo: String) throws(CashierError) -> RefundOrderRecord? {
        try storeCall { try store.refundOrderRecord(refundNo: refundNo) }
    }

    /// A refund result the platform itself vouched for (a refund notify decrypted with the
    /// merchant's key, its trade, refund number and amount checked): applied as a refund query's
    /// answer would be, through the same compare-and-set. A refund already final changes nothing.
    @discardableResult
    public func signedRefundResult(refundNo: String, succeeded: Bool, reason: String) async throws(CashierError) -> SettleResult {
        guard let ro = try refundOrderRecord(refundNo: refundNo) else {
            throw .notFound("refusal.refund.no_refund_number", ["refund": .text(refundNo)])
        }
        guard !ro.state.isFinal else { return (ro.state == .succeeded) == succeeded ? .duplicate : .ignored }
        try storeCall {
            if succeeded { try store.refundSucceeded(id: ro.id) } else { try store.refundFailed(id: ro.id, reason: reason) }
        }
        await receiptsAfterSettlement()
        return .applied
    }
}
