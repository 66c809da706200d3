import CashierCore
import Crypto
import Foundation
import GRDB
import SQLiteSupport

/// SHA-256 of a text as 64 hex digits (request fingerprints, key hashes).
public enum SHA256Hex {
    public static func of(_ text: String) -> String { AuditLog.hex(SHA256.hash(data: Data(text.utf8))) }
}

/// A channel client's API key as stored: never the secret, only its SHA-256.
public struct ChannelKeyRecord: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var channel: Channel
    public var operatorName: String
    public var label: String
    public var createdAt: Millis
    public var revokedAt: Millis?
    public var lastUsedAt: Millis?
    var secretHash: String

    public init(row: Row) throws {
        id = row["id"]; channel = Channel(rawValue: row["channel"]) ?? .web; operatorName = row["operator"]
        label = row["label"]; createdAt = row["created_at"]; revokedAt = row["revoked_at"]; lastUsedAt = row["last_used_at"]
        secretHash = row["secret_hash"]
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
    /// which is shown once and never stored.
    public func addChannelKey(channel: Channel, operatorName: String, label: String) throws -> (ChannelKeyRecord, String) {
        guard channel != .counter else {
            throw CashierError.invalid("refusal.key.counter")
        }
        let secret = ChannelKeyFormat.newSecret()
        return try grdbWrite { db in
            let now = clock.now()
            try Store.requireActiveUser(db, operatorName)
            try db.run(sql: "INSERT INTO channel_keys (channel, operator, label, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [channel.rawValue, operatorName, label, ChannelKeyFormat.hash(secret), now])
            let id = db.lastInsertedRowID
            try AuditLog.append(db, at: now, AuditEvent(actor: operatorName, channel: channel.rawValue, action: "channel_key.added",
                                                        subject: "key \(id)", amount: 0, currency: "", detail: label))
            let record = try ChannelKeyRecord.one(db, sql: "SELECT * FROM channel_keys WHERE id = ?", arguments: [id])!
            return (record, ChannelKeyFormat.make(id: id, secret: secret))
        }
    }

    public func channelKeys() throws -> [ChannelKeyRecord] {
        try grdbRead { db in try ChannelKeyRecord.all(db, sql: "SELECT * FROM channel_keys ORDER BY id") }
    }

    public func revokeChannelKey(id: Int64) throws -> ChannelKeyRecord {
        try grdbWrite { db in
            let now = clock.now()
            guard let k = try ChannelKeyRecord.one(db, sql: "SELECT * FROM channel_keys WHERE id = ?", arguments: [id]) else {
                throw CashierError(.notFound, "refusal.key.none", ["id": "\(id)"], remedy: .checkAPIKey)
            }
            guard k.revokedAt == nil else { throw CashierError.conflict("refusal.key.revoked", ["id": "\(id)"]) }
            try db.run(sql: "UPDATE channel_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            try AuditLog.append(db, at: now, AuditEvent(actor: k.operatorName, channel: k.channel.rawValue, action: "channel_key.revoked",
                                                        subject: "key \(id)", amount: 0, currency: "", detail: k.label))
            return try ChannelKeyRecord.one(db, sql: "SELECT * FROM channel_keys WHERE id = ?", arguments: [id])!
        }
    }

    /// The live key a presented key names, or nil for anything else (malformed, unknown,
    /// revoked, wrong secret): the caller answers all of those alike.
    public func authenticateChannelKey(_ presented: String) throws -> ChannelKeyRecord? {
        guard let (id, secret) = ChannelKeyFormat.split(presented) else { return nil }
        let presentedHash = ChannelKeyFormat.hash(secret)
        guard let k = try grdbRead({ db in try ChannelKeyRecord.one(db, sql: "SELECT * FROM channel_keys WHERE id = ?", arguments: [id]) }),
              ChannelKeyFormat.same(k.secretHash, presentedHash), k.revokedAt == nil else { return nil }
        // Last use, at most once a minute per key: `key list` shows keys nobody uses any more.
        let now = clock.now()
        if (k.lastUsedAt ?? 0) < now - 60_000 {
            try grdbWrite { db in
                try db.run(sql: "UPDATE channel_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                           arguments: [now, id, now - 60_000])
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
    public func claimIdempotency(keyId: Int64, idemKey: String, requestHash: String) throws -> IdempotencyClaim {
        try grdbWrite { db in
            if let row = try Row.one(db, sql: "SELECT * FROM channel_idempotency WHERE key_id = ? AND idem_key = ?",
                                     arguments: [keyId, idemKey]) {
                guard row["request_hash"] as String == requestHash else { return .mismatch }
                if let id: Int64 = row["checkout_id"] { return .replay(checkoutId: id) }
                return .inProgress
            }
            try db.run(sql: "INSERT INTO channel_idempotency (key_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [keyId, idemKey, requestHash, clock.now()])
            return .fresh
        }
    }

    /// Records the checkout a claimed key made, or (nil) frees the key when the request was refused.
    public func finishIdempotency(keyId: Int64, idemKey: String, checkoutId: Int64?) throws {
        try grdbWrite { db in
            if let checkoutId {
                try db.run(sql: "UPDATE channel_idempotency SET checkout_id = ? WHERE key_id = ? AND idem_key = ? AND checkout_id IS NULL",
                           arguments: [checkoutId, keyId, idemKey])
            } else {
                try db.run(sql: "DELETE FROM channel_idempotency WHERE key_id = ? AND idem_key = ? AND checkout_id IS NULL",
                           arguments: [keyId, idemKey])
            }
        }
    }
}
