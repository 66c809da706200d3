import CashierCore

/// The `IN (…)` lists of the queries, generated from the state machines so that no query spells
/// a state by hand. Written as 'a','b' in the machine's order: the partial index
/// `refund_orders_due` was created with exactly that text (`payment_orders_due` with `openPaymentsTerm`'s), and SQLite
/// uses a partial index only for a query whose WHERE repeats the index's term.
enum StateList {
    static func sql<S: RawRepresentable>(_ states: [S]) -> String where S.RawValue == String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ",")
    }

    /// Payments the poller still works on.
    static let openPayments = sql(PaymentOrderState.openStates)
    /// The same as `(state = 'created' OR …)`: the text of `payment_orders_due` since v6-fewer-pages (an
    /// IN list of more than two values built a temporary b-tree at every write of the table).
    static let openPaymentsTerm = "(" + PaymentOrderState.openStates.map { "state = '\($0.rawValue)'" }.joined(separator: " OR ") + ")"
    static let finalPayments = sql(PaymentOrderState.allCases.filter(\.isFinal))
    /// Sent to the platform and not final: a waiting answer may update them.
    static let sentPayments = sql(PaymentOrderState.openStates.filter { $0 != .created })
    /// Refunds the poller still works on (`refund_orders_due`).
    static let openRefunds = sql(RefundOrderState.openStates)
    /// Details whose money was taken (refunded or not).
    static let settledDetails = sql(PaymentDetailState.settledStates)
    /// Details a refund may still draw from.
    static let refundableDetails = sql(PaymentDetailState.sources(of: .refundedPart))
    /// Orders whose amount was paid in full (refunded or not).
    static let paidOrders = sql(OrderStatus.paidStates)
}
