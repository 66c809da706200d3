/// Migration "v5-orders": orders from a business system (issue 11). SQLite cannot change a CHECK
/// in place, so `orders` and `channel_keys` are rebuilt by the documented copy-and-rename (GRDB
/// runs migrations with foreign keys off and checks them before commit):
/// - orders: the terminal status `expired` with its flag, `expires_at`, a bounded note and
///   metadata, and `updated_at` for a business system catching up by listing;
/// - channel_keys: the `integration` key kind (creates, cancels, lists and reads orders; never pays).
/// Limits are the schema's, so every way in (API, CLI, console, import) meets the same ones.
enum OrderSchema {
    static let v5 = ("v5-orders", """
    CREATE TABLE orders_v4 (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
        type TEXT NOT NULL REFERENCES order_types (name),
        customer TEXT NOT NULL,
        customer_key TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status = 'unpaid' OR status = 'paying' OR status = 'paid' OR status = 'partially_refunded'
                                    OR status = 'refunded' OR status = 'cancelled' OR status = 'expired'),
        paid INTEGER NOT NULL DEFAULT 0 CHECK (paid = 0 OR paid = amount),
        refund_reserved INTEGER NOT NULL DEFAULT 0 CHECK (refund_reserved >= 0 AND refund_reserved <= paid),
        refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= refund_reserved),
        cancelled INTEGER NOT NULL DEFAULT 0,
        expired INTEGER NOT NULL DEFAULT 0 CHECK (expired IN (0, 1) AND (expired = 0 OR paid = 0)),
        expires_at INTEGER,
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        metadata TEXT CHECK (metadata IS NULL OR length(metadata) <= 4000),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    INSERT INTO orders_v4 (id, number, type, customer, customer_key, amount, currency, status, paid,
                           refund_reserved, refunded, cancelled, created_at, updated_at)
        SELECT id, number, type, customer, customer_key, amount, currency, status, paid,
               refund_reserved, refunded, cancelled, created_at, created_at FROM orders;
    DROP TABLE orders;
    ALTER TABLE orders_v4 RENAME TO orders;
    CREATE INDEX orders_by_status ON orders (status, id);
    CREATE INDEX orders_by_type ON orders (type, status, id);
    CREATE INDEX orders_by_customer ON orders (customer_key);
    -- A business system's catch-up list is keyset-paged on (updated_at, id).
    CREATE INDEX orders_by_update ON orders (updated_at, id);
    -- Only unpaid orders with a time limit: the poller's expiry sweep costs what is due.
    CREATE INDEX orders_expiring ON orders (expires_at) WHERE status = 'unpaid' AND expires_at IS NOT NULL;

    CREATE TABLE channel_keys_v4 (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL CHECK (channel = 'web' OR channel = 'mini-program' OR channel = 'app' OR channel = 'integration'),
        operator TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
    );
    INSERT INTO channel_keys_v4 SELECT id, channel, operator, label, secret_hash, created_at, revoked_at, last_used_at FROM channel_keys;
    DROP TABLE channel_keys;
    ALTER TABLE channel_keys_v4 RENAME TO channel_keys;
    """)
}
