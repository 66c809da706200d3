import CashierCore
import Crypto
import Foundation
import SQLSeam

/// A money-moving action, appended in the same transaction as the change it records.
public struct AuditEvent: Sendable, Equatable {
    public var actor: String
    public var channel: String
    public var action: String
    public var subject: String
    public var amount: Int64
    public var currency: String
    public var detail: String

    public init(actor: String, channel: String, action: String, subject: String, amount: Int64, currency: String, detail: String = "") {
        self.actor = actor; self.channel = channel; self.action = action; self.subject = subject
        self.amount = amount; self.currency = currency; self.detail = detail
    }
}

/// The audit log is hash-chained: each entry's hash covers the previous hash and its own fields,
/// so changing or deleting a past entry breaks every hash after it.
public enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(prev: String, at: Int64, event e: AuditEvent) -> String {
        // Length-prefixed fields, "count:bytes" joined by "|": no two different entries serialise
        // to the same bytes. Built as bytes (one buffer, no interpolated strings): every payment
        // hashes two entries.
        var canonical: [UInt8] = []
        canonical.reserveCapacity(160 + e.subject.utf8.count + e.detail.utf8.count)
        for (i, field) in [prev, String(at), e.actor, e.channel, e.action, e.subject, String(e.amount), e.currency, e.detail].enumerated() {
            if i > 0 { canonical.append(UInt8(ascii: "|")) }
            canonical.append(contentsOf: String(field.utf8.count).utf8)
            canonical.append(UInt8(ascii: ":"))
            canonical.append(contentsOf: field.utf8)
        }
        return hex(SHA256.hash(data: canonical))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends after the newest entry and returns the new entry's hash. A caller that appended
    /// earlier in the same transaction passes that hash as `prev` (nothing else can append in
    /// between: the transaction holds the write lock), which spares reading it back.
    @discardableResult
    static func append(_ x: any SQLExecutor, at: Int64, _ event: AuditEvent, after prev: String? = nil) throws -> String {
        let prev = try prev ?? x.value(String.self, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") ?? genesis
        let hash = hash(prev: prev, at: at, event: event)
        // The id is the next after the newest, not a sequence's: a PostgreSQL sequence keeps the
        // number a rolled-back transaction took, and the chain's check reads a gap as an entry missing.
        // Appends are serialized (the audit chain's lock), so MAX + 1 is never taken twice.
        try x.execute("""
            INSERT INTO audit_log (id, at, actor, channel, action, subject, amount, currency, detail, prev_hash, hash)
            VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, at, event.actor, event.channel, event.action, event.subject, event.amount,
                             event.currency, event.detail, prev, hash)
        return hash
    }

    /// Problems found walking the chain, empty when it verifies. Read in pages of ids, so a long
    /// chain is never held in memory whole.
    static func verify(_ x: any SQLExecutor) throws -> [String] {
        var problems: [String] = []
        var prev = genesis
        var expectedId: Int64?
        var after = Int64.min
        page: while true {
            let rows = try x.rows("SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000", after)
            if rows.isEmpty { break }
            for row in rows {
                let id: Int64 = try row.get("id")
                after = id
                if let e = expectedId, id != e { problems.append("audit entry \(e) is missing (next is \(id))") }
                expectedId = id + 1
                let event = AuditEvent(actor: try row.get("actor"), channel: try row.get("channel"), action: try row.get("action"),
                                       subject: try row.get("subject"), amount: try row.get("amount"), currency: try row.get("currency"),
                                       detail: try row.get("detail"))
                let stored: String = try row.get("hash")
                let storedPrev: String = try row.get("prev_hash")
                if storedPrev != prev { problems.append("audit entry \(id) does not follow the entry before it") }
                if hash(prev: storedPrev, at: try row.get("at"), event: event) != stored {
                    problems.append("audit entry \(id) was changed after it was written")
                }
                prev = stored
                if problems.count > 20 { break page }
            }
        }
        return problems
    }
}

extension Store {
    public func verifyAudit() throws -> [String] { try read { try AuditLog.verify($0) } }

    public func auditCount() throws -> Int { try read { try $0.value(Int.self, "SELECT COUNT(*) FROM audit_log") ?? 0 } }
}
