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

/// Why a reconciliation item is what it is, stored language-neutral: a code, with the one value
/// it names after a colon (`query_answered:closed`). Front ends word it from their catalogue.
public enum ReconNote: Equatable, Sendable {
    /// A query to the platform confirmed the bill's success.
    case confirmedByQuery
    /// The bill shows a success; a query answers this status.
    case queryAnswered(String)
    /// A query got no answer, for this reason.
    case queryUnanswered(String)

    public var stored: String {
        switch self {
        case .confirmedByQuery: return "confirmed_by_query"
        case .queryAnswered(let status): return "query_answered:" + status
        case .queryUnanswered(let why): return "query_unanswered:" + why
        }
    }

    /// Nil for a note that is not a code (one stored before notes were codes).
    public init?(stored: String) {
        let (code, value) = stored.firstIndex(of: ":").map { (String(stored[..<$0]), String(stored[stored.index(after: $0)...])) } ?? (stored, "")
        switch code {
        case "confirmed_by_query" where value.isEmpty: self = .confirmedByQuery
        case "query_answered": self = .queryAnswered(value)
        case "query_unanswered": self = .queryUnanswered(value)
        default: return nil
        }
    }
}
