/// Migration "v4-checks-without-in": the payment, refund, receipt and drawer tables rebuilt with
/// their `CHECK (x IN ('a', 'b', 'c', …))` lists written as `x = 'a' OR x = 'b' OR …` — the same
/// values, as strict. SQLite evaluates an IN list of more than two constants through a temporary
/// b-tree built for every statement that checks it (ten per cash payment, about a fifth of its
/// instructions); the OR form is a few comparisons. Two-value lists are left as they were (SQLite
/// already compares those inline), and so is the text of every partial index (the due queries
/// repeat it to use them). `orders` and `channel_keys` keep their lists: another migration rebuilds them.
///
/// SQLite's table-rebuild procedure (lang_altertable.html, "other kinds of table schema changes"):
/// GRDB runs the migration with foreign keys off and checks them all before it commits; each table
/// is made anew, filled, dropped and renamed, and its indexes and triggers are made again with
/// exactly their shipped text (CheckRebuildTests compares them).
enum CheckSchema {
    static let v4 = ("v4-checks-without-in", """
    -- The receipts triggers on checkouts and refund_orders name receipts: dropped first so that no
    -- rename below meets a trigger whose table is gone, made again at the end with the same text.
    DROP TRIGGER receipt_for_payment;
    DROP TRIGGER receipt_for_refund;

    CREATE TABLE checkouts_new (
        id INTEGER PRIMARY KEY,
        state TEXT NOT NULL CHECK (state = 'open' OR state = 'succeeded' OR state = 'failed'),
        operator TEXT NOT NULL,
        channel TEXT NOT NULL,
        currency TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total > 0),
        coupon INTEGER NOT NULL CHECK (coupon >= 0),
        coupon_code TEXT,
        cash INTEGER NOT NULL CHECK (cash >= 0),
        tendered INTEGER NOT NULL CHECK (tendered >= cash),
        online INTEGER NOT NULL CHECK (online >= 0),
        online_mode TEXT NOT NULL CHECK (online_mode = 'none' OR online_mode = 'code' OR online_mode = 'qr'),
        retry_of INTEGER REFERENCES checkouts (id),
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        shift_id INTEGER REFERENCES shifts (id),
        CHECK (coupon + cash + online = total)
    );
    INSERT INTO checkouts_new SELECT * FROM checkouts;
    DROP TABLE checkouts;
    ALTER TABLE checkouts_new RENAME TO checkouts;
    CREATE INDEX checkouts_by_shift ON checkouts (shift_id) WHERE shift_id IS NOT NULL;
    CREATE INDEX checkouts_by_finished ON checkouts (finished_at);

    CREATE TABLE payment_details_new (
        id INTEGER PRIMARY KEY,
        checkout_id INTEGER NOT NULL REFERENCES checkouts (id),
        order_id INTEGER NOT NULL REFERENCES orders (id),
        method TEXT NOT NULL CHECK (method = 'coupon' OR method = 'cash' OR method = 'online'),
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state = 'pending' OR state = 'succeeded' OR state = 'failed'
                                   OR state = 'partially_refunded' OR state = 'refunded'),
        reference TEXT,
        refund_reserved INTEGER NOT NULL DEFAULT 0 CHECK (refund_reserved >= 0 AND refund_reserved <= amount),
        refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= refund_reserved)
    );
    INSERT INTO payment_details_new SELECT * FROM payment_details;
    DROP TABLE payment_details;
    ALTER TABLE payment_details_new RENAME TO payment_details;
    CREATE INDEX payment_details_by_order ON payment_details (order_id);
    CREATE INDEX payment_details_by_checkout ON payment_details (checkout_id);

    CREATE TABLE payment_orders_new (
        id INTEGER PRIMARY KEY,
        checkout_id INTEGER NOT NULL UNIQUE REFERENCES checkouts (id),
        trade_no TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('code', 'qr')),
        code_masked TEXT,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state = 'created' OR state = 'pending' OR state = 'closing'
                                   OR state = 'succeeded' OR state = 'failed' OR state = 'closed'),
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
        CHECK (state = 'succeeded' OR state = 'failed' OR state = 'closed' OR next_query_at IS NOT NULL)
    );
    INSERT INTO payment_orders_new SELECT * FROM payment_orders;
    DROP TABLE payment_orders;
    ALTER TABLE payment_orders_new RENAME TO payment_orders;
    -- Only unfinished work is indexed: a poller cycle costs what is due, not the history.
    CREATE INDEX payment_orders_due ON payment_orders (next_query_at) WHERE state IN ('created','pending','closing');

    CREATE TABLE refund_requests_new (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id),
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        channel TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state = 'requested' OR state = 'approved' OR state = 'rejected'),
        decided_by TEXT,
        decided_at INTEGER,
        decision_note TEXT
    );
    INSERT INTO refund_requests_new SELECT * FROM refund_requests;
    DROP TABLE refund_requests;
    ALTER TABLE refund_requests_new RENAME TO refund_requests;
    CREATE INDEX refund_requests_by_state ON refund_requests (state, id);
    CREATE INDEX refund_requests_by_order ON refund_requests (order_id);

    CREATE TABLE refund_orders_new (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES refund_requests (id),
        detail_id INTEGER NOT NULL REFERENCES payment_details (id),
        order_id INTEGER NOT NULL REFERENCES orders (id),
        refund_no TEXT NOT NULL UNIQUE,
        method TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state = 'created' OR state = 'processing' OR state = 'succeeded' OR state = 'failed'),
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
    INSERT INTO refund_orders_new SELECT * FROM refund_orders;
    DROP TABLE refund_orders;
    ALTER TABLE refund_orders_new RENAME TO refund_orders;
    CREATE INDEX refund_orders_due ON refund_orders (next_query_at) WHERE state IN ('created','processing');
    CREATE INDEX refund_orders_by_request ON refund_orders (request_id);
    CREATE INDEX refund_orders_by_detail ON refund_orders (detail_id);
    CREATE INDEX refund_orders_by_updated ON refund_orders (updated_at) WHERE state = 'succeeded';

    CREATE TABLE receipts_new (
        id INTEGER PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE CHECK (number > 0),
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
        checkout_id INTEGER UNIQUE REFERENCES checkouts (id),
        refund_order_id INTEGER UNIQUE REFERENCES refund_orders (id),
        -- pending: in the outbox; done: file written (and printed when a printer is set);
        -- print_failed: file written, the printer command failed (error says why);
        -- historic: settled before receipts existed (reprint renders it, nothing was printed).
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state = 'pending' OR state = 'done' OR state = 'print_failed' OR state = 'historic'),
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until INTEGER,
        file TEXT,
        error TEXT,
        printed INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1)),
        done_at INTEGER,
        reprints INTEGER NOT NULL DEFAULT 0 CHECK (reprints >= 0),
        CHECK ((kind = 'payment' AND checkout_id IS NOT NULL AND refund_order_id IS NULL)
            OR (kind = 'refund' AND refund_order_id IS NOT NULL AND checkout_id IS NULL)),
        CHECK (state IN ('pending', 'historic') OR file IS NOT NULL)
    );
    INSERT INTO receipts_new SELECT * FROM receipts;
    DROP TABLE receipts;
    ALTER TABLE receipts_new RENAME TO receipts;
    -- Only the outbox is indexed: a worker's look costs what is pending, not the history.
    CREATE INDEX receipts_pending ON receipts (id) WHERE state = 'pending';
    CREATE TRIGGER receipts_keep_numbers BEFORE UPDATE OF number, kind, checkout_id, refund_order_id ON receipts
    BEGIN
        SELECT RAISE(ABORT, 'a receipt keeps its number and subject');
    END;
    CREATE TRIGGER receipts_never_deleted BEFORE DELETE ON receipts
    BEGIN
        SELECT RAISE(ABORT, 'receipts are never deleted');
    END;

    CREATE TABLE cash_movements_new (
        id INTEGER PRIMARY KEY,
        shift_id INTEGER NOT NULL REFERENCES shifts (id),
        kind TEXT NOT NULL CHECK (kind = 'float' OR kind = 'sale' OR kind = 'change' OR kind = 'refund'
                                  OR kind = 'cash_in' OR kind = 'cash_out'),
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        reason TEXT,
        checkout_id INTEGER REFERENCES checkouts (id),
        refund_order_id INTEGER REFERENCES refund_orders (id),
        at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        -- Money into the drawer is positive, out of it negative.
        CHECK (CASE kind WHEN 'float' THEN amount >= 0 WHEN 'sale' THEN amount > 0 WHEN 'cash_in' THEN amount > 0
                         ELSE amount < 0 END),
        CHECK ((kind IN ('sale', 'change')) = (checkout_id IS NOT NULL)),
        CHECK ((kind = 'refund') = (refund_order_id IS NOT NULL)),
        CHECK (kind NOT IN ('cash_in', 'cash_out') OR length(trim(reason)) > 0)
    );
    INSERT INTO cash_movements_new SELECT * FROM cash_movements;
    DROP TABLE cash_movements;
    ALTER TABLE cash_movements_new RENAME TO cash_movements;
    CREATE INDEX cash_movements_by_shift ON cash_movements (shift_id);
    CREATE INDEX cash_movements_by_time ON cash_movements (at);
    CREATE UNIQUE INDEX one_float_per_shift ON cash_movements (shift_id) WHERE kind = 'float';
    CREATE UNIQUE INDEX one_movement_per_checkout ON cash_movements (checkout_id, kind) WHERE checkout_id IS NOT NULL;
    CREATE UNIQUE INDEX one_movement_per_refund ON cash_movements (refund_order_id) WHERE refund_order_id IS NOT NULL;
    CREATE TRIGGER cash_movements_need_open_shift BEFORE INSERT ON cash_movements
    WHEN (SELECT state FROM shifts WHERE id = NEW.shift_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'cash movement on a shift that is not open'); END;
    CREATE TRIGGER cash_movements_never_change BEFORE UPDATE ON cash_movements
    BEGIN SELECT RAISE(ABORT, 'cash movements are never changed'); END;
    CREATE TRIGGER cash_movements_never_deleted BEFORE DELETE ON cash_movements
    BEGIN SELECT RAISE(ABORT, 'cash movements are never deleted'); END;

    -- The same numbering triggers as v2-receipts, on the rebuilt tables.
    CREATE TRIGGER receipt_for_payment AFTER UPDATE OF state ON checkouts
    WHEN NEW.state = 'succeeded' AND OLD.state <> 'succeeded'
    BEGIN
        INSERT INTO receipts (number, kind, checkout_id, created_at)
        VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM receipts), 'payment', NEW.id, COALESCE(NEW.finished_at, NEW.created_at));
    END;
    CREATE TRIGGER receipt_for_refund AFTER UPDATE OF state ON refund_orders
    WHEN NEW.state = 'succeeded' AND OLD.state <> 'succeeded'
    BEGIN
        INSERT INTO receipts (number, kind, refund_order_id, created_at)
        VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM receipts), 'refund', NEW.id, NEW.updated_at);
    END;
    """)
}
