/// Migration "v2-receipts": the receipts outbox.
///
/// Receipts are made by triggers, inside the very transaction that settles a checkout or a
/// refund order: every process that settles anything (counter, poller, CLI, an HTTP server)
/// leaves a numbered receipt behind without knowing about receipts. A worker renders pending
/// rows to files and the printer later (Receipts.swift, CashierEngine/ReceiptWorker.swift).
enum ReceiptSchema {
    static let v2 = ("v2-receipts", """
    CREATE TABLE receipts (
        id INTEGER PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE CHECK (number > 0),
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
        checkout_id INTEGER UNIQUE REFERENCES checkouts (id),
        refund_order_id INTEGER UNIQUE REFERENCES refund_orders (id),
        -- pending: in the outbox; done: file written (and printed when a printer is set);
        -- print_failed: file written, the printer command failed (error says why);
        -- historic: settled before receipts existed (reprint renders it, nothing was printed).
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'print_failed', 'historic')),
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
    -- Only the outbox is indexed: a worker's look costs what is pending, not the history.
    CREATE INDEX receipts_pending ON receipts (id) WHERE state = 'pending';

    -- Everything settled before this migration gets its number now, in settlement order.
    INSERT INTO receipts (number, kind, checkout_id, refund_order_id, state, created_at)
    SELECT ROW_NUMBER() OVER (ORDER BY at, k, sid), kind, cid, rid, 'historic', at FROM (
        SELECT 'payment' AS kind, id AS cid, NULL AS rid, COALESCE(finished_at, created_at) AS at, 0 AS k, id AS sid
        FROM checkouts WHERE state = 'succeeded'
        UNION ALL
        SELECT 'refund', NULL, id, updated_at, 1, id FROM refund_orders WHERE state = 'succeeded');

    -- The next number is read and taken inside the settling (IMMEDIATE) transaction, under the
    -- UNIQUE index: numbers have no gaps and no repeats, whichever process settles.
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

    -- A number once given stays with its payment or refund, and no receipt is ever deleted.
    CREATE TRIGGER receipts_keep_numbers BEFORE UPDATE OF number, kind, checkout_id, refund_order_id ON receipts
    BEGIN
        SELECT RAISE(ABORT, 'a receipt keeps its number and subject');
    END;

    CREATE TRIGGER receipts_never_deleted BEFORE DELETE ON receipts
    BEGIN
        SELECT RAISE(ABORT, 'receipts are never deleted');
    END;
    """)
}
