import CashierCore
import Foundation
import SQLSeam

/// What the audit viewer asks for. Every filter is optional; entries come newest first.
public struct AuditFilter: Sendable, Equatable {
    /// Exactly this user (or "poller").
    public var actor: String?
    /// An action ("refund.approved") or a family ("refund" matches every refund.* action).
    public var action: String?
    /// Text anywhere in the subject or detail, ignoring case ("G00002000", "user bob").
    public var text: String?
    /// From this time on (inclusive) and before this time (exclusive).
    public var since: Millis?
    public var until: Millis?

    public init(actor: String? = nil, action: String? = nil, text: String? = nil, since: Millis? = nil, until: Millis? = nil) {
        func clean(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) } }
        self.actor = clean(actor); self.action = clean(action); self.text = clean(text); self.since = since; self.until = until
    }

    public var isEmpty: Bool { actor == nil && action == nil && text == nil && since == nil && until == nil }
}

public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: Millis
    public var actor: String
    public var channel: String
    public var action: String
    public var subject: String
    /// Minor units; zero with an empty currency for entries that move no money (user changes).
    public var amount: Int64
    public var currency: String
    public var detail: String

    public init(row: SQLRow) throws {
        id = try row.get("id"); at = try row.get("at"); actor = try row.get("actor"); channel = try row.get("channel")
        action = try row.get("action"); subject = try row.get("subject"); amount = try row.get("amount")
        currency = try row.get("currency"); detail = try row.get("detail")
    }

    public init(id: Int64, at: Millis, actor: String, channel: String, action: String, subject: String,
                amount: Int64, currency: String, detail: String) {
        self.id = id; self.at = at; self.actor = actor; self.channel = channel; self.action = action
        self.subject = subject; self.amount = amount; self.currency = currency; self.detail = detail
    }

    /// The amount as a decimal string in its currency, or nil when the entry moves no money.
    public var money: Money? {
        guard let c = Currency.named(currency) else { return nil }
        return Money(minor: amount, currency: c)
    }
}

public struct AuditPage: Sendable, Equatable {
    public var entries: [AuditEntry]
    /// Older entries match the filter beyond this page (the next page starts before the last id).
    public var hasMore: Bool
    public init(entries: [AuditEntry], hasMore: Bool) { self.entries = entries; self.hasMore = hasMore }
}

extension Store {
    /// One page of the audit log, newest first, with ids below `beforeId` (keyset paging: a page
    /// costs the same at any depth). Actor and action walk their (column, id) indexes.
    public func auditPage(_ filter: AuditFilter, beforeId: Int64? = nil, limit: Int) throws -> AuditPage {
        try read { x in try Store.auditPage(x, filter, beforeId: beforeId, limit: limit) }
    }

    static func auditPage(_ x: any SQLExecutor, _ filter: AuditFilter, beforeId: Int64? = nil, limit: Int) throws -> AuditPage {
        let limit = max(1, min(limit, 10_000))
        // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE is the same comparison.
        let like = x.dialect == .postgres ? "ILIKE" : "LIKE"
        var clauses: [String] = []
        var args: [SQLValue] = []
        if let actor = filter.actor { clauses.append("actor = ?"); args.append(.text(actor)) }
        if let action = filter.action {
            clauses.append("(action = ? OR action \(like) ? ESCAPE '\\')")
            args += [.text(action), .text(Store.likeEscaped(action) + ".%")]
        }
        if let text = filter.text {
            let pattern = "%" + Store.likeEscaped(text) + "%"
            clauses.append("(subject \(like) ? ESCAPE '\\' OR detail \(like) ? ESCAPE '\\')")
            args += [.text(pattern), .text(pattern)]
        }
        if let since = filter.since { clauses.append("at >= ?"); args.append(.integer(since)) }
        if let until = filter.until { clauses.append("at < ?"); args.append(.integer(until)) }
        if let beforeId { clauses.append("id < ?"); args.append(.integer(beforeId)) }
        args.append(.integer(Int64(limit + 1)))
        let sql = "SELECT id, at, actor, channel, action, subject, amount, currency, detail FROM audit_log WHERE "
            + (clauses.isEmpty ? "true" : clauses.joined(separator: " AND ")) + " ORDER BY id DESC LIMIT ?"
        let rows = try x.rows(SQLStatement(sql), args).map { try AuditEntry(row: $0) }
        return AuditPage(entries: Array(rows.prefix(limit)), hasMore: rows.count > limit)
    }

    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
