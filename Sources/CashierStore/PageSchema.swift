/// Migration "v6-fewer-pages": fewer b-trees written by every payment, the same rules. Each
/// b-tree a commit touches is at least one 4 KiB WAL frame, checksummed and written on its own
/// (a cash payment wrote about 27 of them, a minimal hand-written one 4):
/// - `checkout_orders` is keyed by its natural key alone (WITHOUT ROWID): it was a rowid b-tree
///   plus the primary key's index, two b-trees for one row;
/// - a receipt's `checkout_id` and `refund_order_id` stay unique through partial indexes over the
///   rows that have one: the inline UNIQUE constraints indexed every other receipt's NULL too
///   (SQLite treats NULLs as distinct, so the partial indexes are exactly as strict);
/// - `checkouts_by_finished` leaves out unfinished checkouts: each new checkout's NULL went in at
///   the index's far end and came out again at its finish (the report ranges imply NOT NULL);
/// - `payment_orders_due` is written as an OR chain: SQLite evaluates an IN list of more than two
///   constants through a temporary b-tree at every write of the table (`StateList.openPaymentsTerm`
///   repeats the text so the due queries keep using the index).
/// Tables are rebuilt by SQLite's documented procedure, as in v4-checks-without-in (GRDB runs it
/// with foreign keys off and checks them all before committing); PageSchemaTests compares rows,
/// columns, foreign keys, indexes and triggers before and after.
enum PageSchema {
    static let v6 = ("v6-fewer-pages", """
    CREATE TABLE checkout_orders_new (
        checkout_id INTEGER NOT NULL REFERENCES checkouts (id),
        order_id INTEGER NOT NULL REFERENCES orders (id),
        position INTEGER NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        open INTEGER NOT NULL CHECK (open IN (0, 1)),
        PRIMARY KEY (checkout_id, order_id)
    ) WITHOUT ROWID;
    INSERT INTO checkout_orders_new (checkout_id, order_id, position, amount, open)
        SELECT checkout_id, order_id, position, amount, open FROM checkout_orders;
    DROP TABLE checkout_orders;
    ALTER TABLE checkout_orders_new RENAME TO checkout_orders;
    -- The database's own guarantee that an order is never in two payments at once.
    CREATE UNIQUE INDEX one_open_payment_per_order ON checkout_orders (order_id) WHERE open = 1;
    CREATE INDEX checkout_orders_by_order ON checkout_orders (order_id);

    -- The numbering triggers name receipts: dropped first, made again at the end with the same text.
    DROP TRIGGER receipt_for_payment;
    DROP TRIGGER receipt_for_refund;
    CREATE TABLE receipts_new (
        id INTEGER PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE CHECK (number > 0),
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
        checkout_id INTEGER REFERENCES checkouts (id),
        refund_order_id INTEGER REFERENCES refund_orders (id),
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
    -- One receipt per payment and per refund.
    CREATE UNIQUE INDEX one_receipt_per_checkout ON receipts (checkout_id) WHERE checkout_id IS NOT NULL;
    CREATE UNIQUE INDEX one_receipt_per_refund ON receipts (refund_order_id) WHERE refund_order_id IS NOT NULL;
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

    DROP INDEX checkouts_by_finished;
    CREATE INDEX checkouts_by_finished ON checkouts (finished_at) WHERE finished_at IS NOT NULL;

    DROP INDEX payment_orders_due;
    -- Only unfinished work is indexed: a poller cycle costs what is due, not the history.
    CREATE INDEX payment_orders_due ON payment_orders (next_query_at) WHERE (state = 'created' OR state = 'pending' OR state = 'closing');
    """)
}
