import GRDB

/// The sandbox platform's own schema, in its own file: it stands for the outside world and never
/// shares tables with the store. Migrations are never edited after they ship: add a new one.
/// Money limits are CHECKs, so even a bug here cannot refund more than was paid.
enum SandboxSchema {
    /// "SBOX": marks a file as a sandbox platform file, so a store is never written into.
    static let applicationID: Int32 = 0x5342_4F58

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        // Prefixed so that a stranger's GRDB file with a "v1" migration is not mistaken for ours.
        m.registerMigration("sandbox-v1") { db in
            let foreign = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM sqlite_master
                WHERE name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                """) ?? 0
            guard foreign == 0 else { throw SandboxSchemaError.notEmpty }
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: v1)
        }
        // `cashier sandbox serve`: notifications to send, kept across restarts (SandboxNotifies.swift).
        m.registerMigration("sandbox-v2-notify") { db in try db.execute(sql: SandboxNotifySchema.v2) }
        // WeChat Pay's notifies beside Alipay's: which protocol a watch speaks, refund notifies.
        m.registerMigration("sandbox-v3-wechat") { db in try db.execute(sql: SandboxNotifySchema.v3) }
        // Daily bills: when money moved, the service fee rate, and the bill faults (SandboxBills.swift).
        m.registerMigration("sandbox-v4-bills") { db in try db.execute(sql: SandboxBillSchema.v4) }
        return m
    }

    /// `trade.status` is what the platform stored; "refunded" is derived (refunded = amount).
    /// `succeeds_at`: behaviour 1, when the customer finishes typing the password.
    /// `refund.ready_at`: behaviour 6, when a processing refund lands.
    static let v1 = """
    CREATE TABLE trade (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trade_no TEXT NOT NULL UNIQUE CHECK (trade_no <> ''),
        platform TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('code', 'qr')),
        behaviour INTEGER NOT NULL CHECK (behaviour BETWEEN 0 AND 9),
        subject TEXT NOT NULL,
        currency TEXT NOT NULL,
        exponent INTEGER NOT NULL CHECK (exponent >= 0),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        status TEXT NOT NULL CHECK (status IN ('waiting', 'succeeded', 'failed', 'closed')),
        fail_reason TEXT,
        succeeds_at INTEGER,
        reversed INTEGER NOT NULL DEFAULT 0 CHECK (reversed IN (0, 1)),
        refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
        pending_minor INTEGER NOT NULL DEFAULT 0 CHECK (pending_minor >= 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (refunded_minor + pending_minor <= amount_minor)
    );

    CREATE TABLE refund (
        trade_no TEXT NOT NULL REFERENCES trade(trade_no),
        refund_no TEXT NOT NULL CHECK (refund_no <> ''),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        status TEXT NOT NULL CHECK (status IN ('processing', 'succeeded', 'failed')),
        fail_reason TEXT,
        attempts INTEGER NOT NULL CHECK (attempts >= 1),
        ready_at INTEGER,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (trade_no, refund_no)
    );

    -- Trade numbers cancelled or closed before any trade arrived: a late pay with one is declined.
    CREATE TABLE burnt_trade_no (
        trade_no TEXT PRIMARY KEY,
        burnt_at INTEGER NOT NULL
    );
    """
}

enum SandboxSchemaError: Error {
    case notEmpty
}
