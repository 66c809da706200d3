public enum UserRole: String, CaseIterable, Codable, Sendable {
    case cashier, supervisor
}
