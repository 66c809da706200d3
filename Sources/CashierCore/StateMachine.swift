/// A status with an explicit transition table. The store applies each step as a
/// compare-and-set, so a transition missing from `transition(from:on:)` can never be written.
public protocol StateMachine: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    associatedtype Event: CaseIterable, Hashable, Sendable
    static func transition(from state: Self, on event: Event) -> Self?
    /// Needs no more work from the poller.
    var isFinal: Bool { get }
    /// Never left once reached.
    var isTerminal: Bool { get }
}

extension StateMachine {
    public var isTerminal: Bool { isFinal }

    /// Whether some event moves `from` to `to`.
    public static func canMove(from: Self, to: Self) -> Bool {
        Event.allCases.contains { transition(from: from, on: $0) == to }
    }

    /// Every state that can move to `to`: the `WHERE state IN (...)` of a compare-and-set.
    public static func sources(of event: Event) -> [Self] {
        allCases.filter { transition(from: $0, on: event) != nil }
    }
}

public enum PaymentOrderState: String, StateMachine, Codable {
    /// Written before the platform is called; a crash here is recovered by querying.
    case created
    /// Sent; waiting for the customer, or the answer was unknown. Query again.
    case pending
    /// Deadline passed or the cashier cancelled: cancel/close at the platform, then closed.
    case closing
    case succeeded
    case failed
    case closed

    public enum Event: String, CaseIterable, Hashable, Sendable {
        case sent, platformSucceeded, platformFailed, deadlinePassed, cancelRequested, closeConfirmed
    }

    public static func transition(from state: Self, on event: Event) -> Self? {
        switch (state, event) {
        case (.created, .sent): return .pending
        case (.created, .platformSucceeded), (.pending, .platformSucceeded): return .succeeded
        case (.created, .platformFailed), (.pending, .platformFailed), (.closing, .platformFailed): return .failed
        case (.created, .deadlinePassed), (.pending, .deadlinePassed),
             (.created, .cancelRequested), (.pending, .cancelRequested): return .closing
        case (.closing, .closeConfirmed): return .closed
        default: return nil
        }
    }

    public var isFinal: Bool { self == .succeeded || self == .failed || self == .closed }
    public static let openStates: [Self] = allCases.filter { !$0.isFinal }
}

public enum PaymentDetailState: String, StateMachine, Codable {
    case pending, succeeded, failed, partiallyRefunded = "partially_refunded", refunded

    public enum Event: String, CaseIterable, Hashable, Sendable {
        case checkoutSucceeded, checkoutFailed, refundedPart, refundedAll
    }

    public static func transition(from state: Self, on event: Event) -> Self? {
        switch (state, event) {
        case (.pending, .checkoutSucceeded): return .succeeded
        case (.pending, .checkoutFailed): return .failed
        case (.succeeded, .refundedPart), (.partiallyRefunded, .refundedPart): return .partiallyRefunded
        case (.succeeded, .refundedAll), (.partiallyRefunded, .refundedAll): return .refunded
        default: return nil
        }
    }

    public var isFinal: Bool { self != .pending }
    public var isTerminal: Bool { self == .failed || self == .refunded }

    /// The detail's money was taken (whatever was refunded since).
    public static let settledStates: [Self] = allCases.filter { $0.isFinal && $0 != .failed }

    /// The state a settled detail is in after `refunded` of `amount` has come back.
    public static func settled(amount: Int64, refunded: Int64) -> Self {
        refunded == 0 ? .succeeded : (refunded >= amount ? .refunded : .partiallyRefunded)
    }
}

public enum OrderStatus: String, StateMachine, Codable {
    case unpaid, paying, paid, partiallyRefunded = "partially_refunded", refunded, cancelled
    /// Its `expires_at` passed while nobody was paying it (the poller's step); never paid after.
    case expired

    public enum Event: String, CaseIterable, Hashable, Sendable {
        case checkoutStarted, checkoutSucceeded, checkoutFailed, refundedPart, refundedAll, cancelled, expiryPassed
    }

    public static func transition(from state: Self, on event: Event) -> Self? {
        switch (state, event) {
        case (.unpaid, .checkoutStarted): return .paying
        case (.paying, .checkoutSucceeded): return .paid
        case (.paying, .checkoutFailed): return .unpaid
        case (.paid, .refundedPart), (.partiallyRefunded, .refundedPart): return .partiallyRefunded
        case (.paid, .refundedAll), (.partiallyRefunded, .refundedAll): return .refunded
        case (.unpaid, .cancelled): return .cancelled
        // A payment in flight when the time passes decides: only an unpaid order expires.
        case (.unpaid, .expiryPassed): return .expired
        default: return nil
        }
    }

    public var isFinal: Bool { self == .refunded || self == .cancelled || self == .expired }

    /// Closed without payment: nothing may be paid on them from any channel.
    public static let closedStates: [Self] = [.cancelled, .expired]

    /// The order's amount was paid in full (whatever was refunded since).
    public static let paidStates: [Self] = [.paid, .partiallyRefunded, .refunded]

    /// The one status an order's money implies. The store keeps `status` equal to this.
    public static func derive(amount: Int64, paid: Int64, refunded: Int64,
                              paying: Bool, cancelled: Bool, expired: Bool = false) -> Self {
        if cancelled { return .cancelled }
        if expired { return .expired }
        if paying { return .paying }
        if paid < amount { return .unpaid }
        if refunded == 0 { return .paid }
        return refunded >= paid ? .refunded : .partiallyRefunded
    }
}

public enum RefundRequestState: String, StateMachine, Codable {
    case requested, approved, rejected

    public enum Event: String, CaseIterable, Hashable, Sendable { case approve, reject }

    public static func transition(from state: Self, on event: Event) -> Self? {
        switch (state, event) {
        case (.requested, .approve): return .approved
        case (.requested, .reject): return .rejected
        default: return nil
        }
    }

    public var isFinal: Bool { self != .requested }
}

public enum RefundOrderState: String, StateMachine, Codable {
    case created, processing, succeeded, failed

    public enum Event: String, CaseIterable, Hashable, Sendable {
        case submitted, platformSucceeded, platformFailed, retried
    }

    public static func transition(from state: Self, on event: Event) -> Self? {
        switch (state, event) {
        case (.created, .submitted): return .processing
        case (.created, .platformSucceeded), (.processing, .platformSucceeded): return .succeeded
        case (.created, .platformFailed), (.processing, .platformFailed): return .failed
        case (.failed, .retried): return .processing
        default: return nil
        }
    }

    /// A failed refund needs no more querying, but may be retried with the same refund number.
    public var isFinal: Bool { self == .succeeded || self == .failed }
    public var isTerminal: Bool { self == .succeeded }
    public static let openStates: [Self] = allCases.filter { !$0.isFinal }
}
