import CashierCore
import Crypto
import Foundation
import SQLSeam

/// SHA-256 of a text as 64 hex digits (request fingerprints, key hashes).
public enum SHA256Hex {
    public static func of(_ text: String) -> String { AuditLog.hex(SHA256.hash(data: Data(text.utf8))) }
}

/// A channel client's API key as stored: never the secret, only its SHA-256.
public struct ChannelKeyRecord: Sendable, Equatable {
    public var id: Int64
    public var channel: Channel
    public var operatorName: String
    public var label: String
    public var createdAt: Millis
    public var revokedAt: Millis?
    public var lastUsedAt: Millis?
    var secretHash: String

    public init(row: SQLRow) throws {
        id = try row.get("id"); channel = try Channel(rawValue: row.get("channel")) ?? .web; operatorName = try row.get("operator")
        label = try row.get("label"); createdAt = try row.get("created_at"); revokedAt = try row.get("revoked_at")
        lastUsedAt = try row.get("last_used_at"); secretHash = try row.get("secret_hash")
    }
}

/// Keys look like `csk_<id>_<43 characters of base64url>`: 256 random bits, so one SHA-256 (no
/// slow hash) is enough, and the id finds the row without comparing against every key.
public enum ChannelKeyFormat {
    public static func make(id: Int64, secret: String) -> String { "csk_\(id)_\(secret)" }

    public static func split(_ key: String) -> (id: Int64, secret: String)? {
        let parts = key.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "csk", let id = Int64(parts[1]), id > 0, parts[2].utf8.count == 43 else { return nil }
        return (id, String(parts[2]))
    }

    public static func newSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ secret: String) -> String { SHA256Hex.of(secret) }

    /// Constant-time: how many characters match must not show in the timing.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Store {
    /// Creates a key for `channel` acting as `operatorName`; returns the record and the key,
    /// which is shown once and never stored. Serialized: it appends to the audit chain.
    public func addChannelKey(channel: Channel, operatorName: String, label: String) throws -> (ChannelKeyRecord, String) {
        guard channel != .counter else {
            throw CashierError.invalid("refusal.key.counter")
        }
        let secret = ChannelKeyFormat.newSecret()
        let record = try write(.serialized(key: Store.auditChain)) { x in
            try Store.addChannelKey(x, channel: channel, operatorName: operatorName, label: label,
                                    secretHash: ChannelKeyFormat.hash(secret), now: clock.now())
        }
        return (record, ChannelKeyFormat.make(id: record.id, secret: secret))
    }

    static func addChannelKey(_ x: any SQLExecutor, channel: Channel, operatorName: String, label: String, secretHash: String,
                              now: Millis) throws -> ChannelKeyRecord {
        try requireActiveUser(x, operatorName)
        let record = try ChannelKeyRecord(row: try x.row("""
            INSERT INTO channel_keys (channel, operator, label, secret_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *
            """, channel.rawValue, operatorName, label, secretHash, now)!)
        try AuditLog.append(x, at: now, AuditEvent(actor: operatorName, channel: channel.rawValue, action: "channel_key.added",
                                                   subject: "key \(record.id)", amount: 0, currency: "", detail: label))
        return record
    }

    public func channelKeys() throws -> [ChannelKeyRecord] {
        try read { x in try x.rows("SELECT * FROM channel_keys ORDER BY id").map { try ChannelKeyRecord(row: $0) } }
    }

    static func channelKey(_ x: any SQLExecutor, id: Int64) throws -> ChannelKeyRecord? {
        try x.row("SELECT * FROM channel_keys WHERE id = ?", id).map { try ChannelKeyRecord(row: $0) }
    }

    public func revokeChannelKey(id: Int64) throws -> ChannelKeyRecord {
        try write(.serialized(key: Store.auditChain)) { x in try Store.revokeChannelKey(x, id: id, now: clock.now()) }
    }

    static func revokeChannelKey(_ x: any SQLExecutor, id: Int64, now: Millis) throws -> ChannelKeyRecord {
        guard let k = try channelKey(x, id: id) else {
            throw CashierError(.notFound, "refusal.key.none", ["id": "\(id)"], remedy: .checkAPIKey)
        }
        guard k.revokedAt == nil else { throw CashierError.conflict("refusal.key.revoked", ["id": "\(id)"]) }
        try x.execute("UPDATE channel_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id)
        try AuditLog.append(x, at: now, AuditEvent(actor: k.operatorName, channel: k.channel.rawValue, action: "channel_key.revoked",
                                                   subject: "key \(id)", amount: 0, currency: "", detail: k.label))
        return try channelKey(x, id: id)!
    }

    /// The live key a presented key names, or nil for anything else (malformed, unknown,
    /// revoked, wrong secret): the caller answers all of those alike.
    public func authenticateChannelKey(_ presented: String) throws -> ChannelKeyRecord? {
        guard let (id, secret) = ChannelKeyFormat.split(presented) else { return nil }
        let presentedHash = ChannelKeyFormat.hash(secret)
        guard let k = try read({ x in try Store.channelKey(x, id: id) }),
              ChannelKeyFormat.same(k.secretHash, presentedHash), k.revokedAt == nil else { return nil }
        // Last use, at most once a minute per key: `key list` shows keys nobody uses any more.
        let now = clock.now()
        if (k.lastUsedAt ?? 0) < now - 60_000 {
            try write { x in
                try x.execute("UPDATE channel_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                              now, id, now - 60_000)
            }
        }
        return k
    }
}

/// What an Idempotency-Key found.
public enum IdempotencyClaim: Sendable, Equatable {
    /// First use: go ahead, then `finishIdempotency`.
    case fresh
    /// Used before for the same request: here is its checkout.
    case replay(checkoutId: Int64)
    /// Used before for a different request.
    case mismatch
    /// The first request with this key has not finished (or failed without a checkout).
    case inProgress
}

extension Store {
    /// The claim is its insert: of two hosts claiming one key at once, PostgreSQL makes the second
    /// wait for the first's row and then do nothing, so it reads that row as SQLite's second
    /// writer would (a read first, then an insert, would fail the second with a duplicate key).
    public func claimIdempotency(keyId: Int64, idemKey: String, requestHash: String) throws -> IdempotencyClaim {
        try write { x in try Store.claimIdempotency(x, keyId: keyId, idemKey: idemKey, requestHash: requestHash, now: clock.now()) }
    }

    static func claimIdempotency(_ x: any SQLExecutor, keyId: Int64, idemKey: String, requestHash: String, now: Millis) throws -> IdempotencyClaim {
        let claimed = try x.execute("""
            INSERT INTO channel_idempotency (key_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
            """, keyId, idemKey, requestHash, now)
        if claimed == 1 { return .fresh }
        // No row: the first claim was freed just now (its request refused); the client's retry claims it.
        guard let row = try x.row("SELECT request_hash, checkout_id FROM channel_idempotency WHERE key_id = ? AND idem_key = ?", keyId, idemKey)
        else { return .inProgress }
        guard try row.get("request_hash", as: String.self) == requestHash else { return .mismatch }
        if let id = try row.get("checkout_id", as: Int64?.self) { return .replay(checkoutId: id) }
        return .inProgress
    }

    /// Records the checkout a claimed key made, or (nil) frees the key when the request was refused.
    public func finishIdempotency(keyId: Int64, idemKey: String, checkoutId: Int64?) throws {
        try write { x in try Store.finishIdempotency(x, keyId: keyId, idemKey: idemKey, checkoutId: checkoutId) }
    }

    static func finishIdempotency(_ x: any SQLExecutor, keyId: Int64, idemKey: String, checkoutId: Int64?) throws {
        if let checkoutId {
            try x.execute("UPDATE channel_idempotency SET checkout_id = ? WHERE key_id = ? AND idem_key = ? AND checkout_id IS NULL",
                          checkoutId, keyId, idemKey)
        } else {
            try x.execute("DELETE FROM channel_idempotency WHERE key_id = ? AND idem_key = ? AND checkout_id IS NULL", keyId, idemKey)
        }
    }
}
