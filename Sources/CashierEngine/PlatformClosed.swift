import CashierCore
import CashierStore

extension Engine {
    /// The platform says a trade is closed (a query's answer or a signed notify): the payment
    /// goes to closing, then closed, with nothing reversed. A payment already final stays as it
    /// is: `.duplicate` when it is closed already, `.ignored` when it succeeded or failed.
    @discardableResult
    public func platformClosed(paymentId: Int64, reason: String) throws(CashierError) -> SettleResult {
        try storeCall {
            guard let current = try store.paymentOrder(id: paymentId) else { return .ignored }
            switch current.state {
            case .closed: return .duplicate
            case .succeeded, .failed: return .ignored
            case .created, .pending, .closing:
                _ = try store.paymentClosing(id: paymentId, event: .deadlinePassed, reason: reason)
                return try store.paymentClosed(id: paymentId, reversed: false)
            }
        }
    }
}
