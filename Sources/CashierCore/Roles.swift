public enum UserRole: String, CaseIterable, Codable, Sendable {
    case cashier, supervisor
}

/// Where a payment was started from. The same order may be paid from several at once.
public enum Channel: String, CaseIterable, Codable, Sendable {
    case counter, web, miniProgram = "mini-program", app
}

public enum PaymentMethod: String, CaseIterable, Codable, Sendable {
    case coupon, cash, online
}
