import GRDB

/// The schema. Migrations are never edited after they ship: add a new one.
/// Limits live here ("trust SQLite more than yourself"): CHECKs bound every money column and a
/// partial unique index allows at most one open payment per order.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
            try db.execute(sql: v1)
        }
        // Later migrations, in shipping order; each lives beside the code that owns its tables.
        for (identifier, sql) in [ShiftSchema.v2, ReceiptSchema.v2, UserSchema.v2, ChannelSchema.v2, ReconciliationSchema.v3, CheckSchema.v4,
                                  OrderSchema.v5, WebhookSchema.v5, PageSchema.v6] where !sql.isEmpty {
            m.registerMigration(identifier) { db in try db.execute(sql: sql) }
        }
        return m
    }

    static let v1 = """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('currency', 'CNY'), ('lock_token', '0');

    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor')),
        pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        disabled INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE order_types (name TEXT PRIMARY KEY);

    CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL REFERENCES order_types (name),
        customer TEXT NOT NULL,
        customer_key TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('unpaid','paying','paid','partially_refunded','refunded','cancelled')),
        paid INTEGER NOT NULL DEFAULT 0 CHECK (paid = 0 OR paid = amount),
        refund_reserved INTEGER NOT NULL DEFAULT 0 CHECK (refund_reserved >= 0 AND refund_reserved <= paid),
        refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= refund_reserved),
        cancelled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX orders_by_status ON orders (status, id);
    CREATE INDEX orders_by_type ON orders (type, status, id);
    CREATE INDEX orders_by_customer ON orders (customer_key);

    CREATE TABLE order_lines (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id),
        name TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price INTEGER NOT NULL CHECK (unit_price >= 0)
    );
    CREATE INDEX order_lines_by_order ON order_lines (order_id);

    CREATE TABLE coupons (
        code TEXT PRIMARY KEY,
        currency TEXT NOT NULL,
        face_value INTEGER NOT NULL CHECK (face_value > 0),
        balance INTEGER NOT NULL CHECK (balance >= 0 AND balance <= face_value),
        expires_at INTEGER NOT NULL
    );

    CREATE TABLE order_locks (
        order_id INTEGER PRIMARY KEY REFERENCES orders (id),
        owner TEXT NOT NULL,
        channel TEXT NOT NULL,
        session TEXT NOT NULL,
        token INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );

    CREATE TABLE checkouts (
        id INTEGER PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('open', 'succeeded', 'failed')),
        operator TEXT NOT NULL,
        channel TEXT NOT NULL,
        currency TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total > 0),
        coupon INTEGER NOT NULL CHECK (coupon >= 0),
        coupon_code TEXT,
        cash INTEGER NOT NULL CHECK (cash >= 0),
        tendered INTEGER NOT NULL CHECK (tendered >= cash),
        online INTEGER NOT NULL CHECK (online >= 0),
        online_mode TEXT NOT NULL CHECK (online_mode IN ('none', 'code', 'qr')),
        retry_of INTEGER REFERENCES checkouts (id),
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        CHECK (coupon + cash + online = total)
    );

    CREATE TABLE checkout_orders (
        checkout_id INTEGER NOT NULL REFERENCES checkouts (id),
        order_id INTEGER NOT NULL REFERENCES orders (id),
        position INTEGER NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        open INTEGER NOT NULL CHECK (open IN (0, 1)),
        PRIMARY KEY (checkout_id, order_id)
    );
    -- The database's own guarantee that an order is never in two payments at once.
    CREATE UNIQUE INDEX one_open_payment_per_order ON checkout_orders (order_id) WHERE open = 1;
    CREATE INDEX checkout_orders_by_order ON checkout_orders (order_id);

    CREATE TABLE payment_details (
        id INTEGER PRIMARY KEY,
        checkout_id INTEGER NOT NULL REFERENCES checkouts (id),
        order_id INTEGER NOT NULL REFERENCES orders (id),
        method TEXT NOT NULL CHECK (method IN ('coupon', 'cash', 'online')),
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','succeeded','failed','partially_refunded','refunded')),
        reference TEXT,
        refund_reserved INTEGER NOT NULL DEFAULT 0 CHECK (refund_reserved >= 0 AND refund_reserved <= amount),
        refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= refund_reserved)
    );
    CREATE INDEX payment_details_by_order ON payment_details (order_id);
    CREATE INDEX payment_details_by_checkout ON payment_details (checkout_id);

    CREATE TABLE payment_orders (
        id INTEGER PRIMARY KEY,
        checkout_id INTEGER NOT NULL UNIQUE REFERENCES checkouts (id),
        trade_no TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('code', 'qr')),
        code_masked TEXT,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('created','pending','closing','succeeded','failed','closed')),
        attempt INTEGER NOT NULL,
        deadline INTEGER NOT NULL,
        next_query_at INTEGER,
        lease_owner TEXT,
        lease_until INTEGER,
        queries INTEGER NOT NULL DEFAULT 0,
        platform_trade_no TEXT,
        qr_content TEXT,
        message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (state IN ('succeeded','failed','closed') OR next_query_at IS NOT NULL)
    );
    -- Only unfinished work is indexed: a poller cycle costs what is due, not the history.
    CREATE INDEX payment_orders_due ON payment_orders (next_query_at) WHERE state IN ('created','pending','closing');

    CREATE TABLE refund_requests (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id),
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        channel TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested','approved','rejected')),
        decided_by TEXT,
        decided_at INTEGER,
        decision_note TEXT
    );
    CREATE INDEX refund_requests_by_state ON refund_requests (state, id);
    CREATE INDEX refund_requests_by_order ON refund_requests (order_id);

    CREATE TABLE refund_orders (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES refund_requests (id),
        detail_id INTEGER NOT NULL REFERENCES payment_details (id),
        order_id INTEGER NOT NULL REFERENCES orders (id),
        refund_no TEXT NOT NULL UNIQUE,
        method TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('created','processing','succeeded','failed')),
        trade_no TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_query_at INTEGER,
        lease_owner TEXT,
        lease_until INTEGER,
        message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (state IN ('succeeded','failed') OR next_query_at IS NOT NULL)
    );
    CREATE INDEX refund_orders_due ON refund_orders (next_query_at) WHERE state IN ('created','processing');
    CREATE INDEX refund_orders_by_request ON refund_orders (request_id);
    CREATE INDEX refund_orders_by_detail ON refund_orders (detail_id);

    CREATE TABLE review_items (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payment_order_id INTEGER REFERENCES payment_orders (id),
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        note TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'open',
        created_at INTEGER NOT NULL
    );

    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        channel TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """
}
