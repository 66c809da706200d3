/// How money is tendered. Adding one: a case here, its part in `Tender` (Tender.swift), its
/// column in `Allocation`'s order, then the places the compiler points to (the schema's CHECK
/// list has a test that it equals these cases).
public enum PaymentMethod: String, CaseIterable, Codable, Sendable {
    case coupon, cash, online
}

/// Where a payment was started from. The same order may be paid from several at once.
public enum Channel: String, CaseIterable, Codable, Sendable {
    case counter, web, miniProgram = "mini-program", app
    /// A business system feeding orders in (issue 11): it creates, cancels and lists orders; it never pays.
    case integration

    /// Channels a payment may be started from.
    public var mayPay: Bool { self != .integration }
}
