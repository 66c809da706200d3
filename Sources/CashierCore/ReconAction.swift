/// What a supervisor should do about a reconciliation item, stored as this code (language-
/// neutral); each front end words it from its catalogue when it shows it.
public enum ReconAction: String, Sendable, CaseIterable {
    /// The store has a success no bill has: ask the platform.
    case queryPayment = "query_payment"
    case queryRefund = "query_refund"
    /// The platform charged for a payment the store never made.
    case refundInPortal = "refund_in_portal"
    /// The platform reversed a payment the store holds as paid.
    case reversed
    case compareAmounts = "compare_amounts"
    /// The platform took the money for a payment still waiting here.
    case apply
    /// The platform took the money for a payment failed, or closed, here.
    case refundFailed = "refund_failed"
    case refundClosed = "refund_closed"
    /// The platform paid out a refund the store never asked for, holds as failed or as
    /// processing, or of another amount or trade.
    case recordRefundUnasked = "record_refund_unasked"
    case recordRefundFailed = "record_refund_failed"
    case recordRefundProcessing = "record_refund_processing"
    case recordRefundOther = "record_refund_other"
    /// The bill and a query disagree.
    case askPlatform = "ask_platform"
}
