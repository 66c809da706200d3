import CashierCore

/// Users and the audit viewer. Every change carries the supervisor's own name and PIN, checked by
/// the engine (a wrong PIN counts toward their lockout); new PINs go in and never come back out.
public protocol UserAdminBackend: Sendable {
    /// Every user with role and status (no PIN hashes).
    func allUsers() throws(BackendError) -> [UserRow]
    func addUser(name: String, role: UserRole, newPin: String, supervisor: String, pin: String) throws(BackendError) -> UserRow
    func setUserDisabled(name: String, disabled: Bool, supervisor: String, pin: String) throws(BackendError) -> UserRow
    /// A new PIN for the user; clears their lockout.
    func resetPin(name: String, newPin: String, supervisor: String, pin: String) throws(BackendError) -> UserRow

    /// Checks a supervisor's PIN for the audit viewer and verifies the hash chain.
    func unlockAudit(supervisor: String, pin: String) throws(BackendError) -> AuditChain
    /// A page for a viewer who unlocked the viewer (still an enabled supervisor).
    func auditPage(_ query: AuditQuery, viewer: String) throws(BackendError) -> AuditPageView
    /// Walks the hash chain again.
    func auditChain() throws(BackendError) -> AuditChain
}

public struct UserRow: Equatable, Sendable, Identifiable {
    public enum Status: String, Equatable, Sendable { case enabled, disabled, locked }
    public var name: String
    public var role: UserRole
    public var status: Status
    public var lockedUntil: Millis?
    public var createdAt: Millis?
    public var createdBy: String?
    public var pinChangedAt: Millis?

    public init(name: String, role: UserRole, status: Status, lockedUntil: Millis? = nil, createdAt: Millis? = nil,
                createdBy: String? = nil, pinChangedAt: Millis? = nil) {
        self.name = name; self.role = role; self.status = status; self.lockedUntil = lockedUntil
        self.createdAt = createdAt; self.createdBy = createdBy; self.pinChangedAt = pinChangedAt
    }

    public var id: String { name }
}

public struct AuditQuery: Equatable, Sendable {
    public var actor: String
    /// An action or a family ("refund" matches refund.*).
    public var action: String
    /// Found in the subject or detail, ignoring case.
    public var text: String
    /// Keyset cursor: entries with a smaller id (the last row of the previous page).
    public var beforeId: Int64?
    public var limit: Int

    public init(actor: String = "", action: String = "", text: String = "", beforeId: Int64? = nil, limit: Int = 15) {
        self.actor = actor; self.action = action; self.text = text; self.beforeId = beforeId; self.limit = limit
    }
}

public struct AuditRow: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var at: Millis
    public var actor: String
    public var channel: String
    public var action: String
    public var subject: String
    /// Nil for entries that move no money.
    public var amount: Money?
    public var detail: String

    public init(id: Int64, at: Millis, actor: String, channel: String, action: String, subject: String, amount: Money?, detail: String) {
        self.id = id; self.at = at; self.actor = actor; self.channel = channel; self.action = action
        self.subject = subject; self.amount = amount; self.detail = detail
    }
}

public struct AuditPageView: Equatable, Sendable {
    public var rows: [AuditRow]
    public var hasMore: Bool
    public init(rows: [AuditRow], hasMore: Bool) { self.rows = rows; self.hasMore = hasMore }
}

public struct AuditChain: Equatable, Sendable {
    public var entries: Int
    /// Empty when every hash verifies.
    public var problems: [String]
    public var checkedAt: Millis
    public init(entries: Int, problems: [String], checkedAt: Millis) {
        self.entries = entries; self.problems = problems; self.checkedAt = checkedAt
    }
}
