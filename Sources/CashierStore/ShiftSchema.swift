/// Migration "v2-shifts": shifts, cash movements, drawer counts and Z reports.
/// The drawer's rules live here: one open shift per terminal and per operator (partial unique
/// indexes), movements signed by kind (CHECK), nothing written to or changed on a closed shift,
/// movements never edited, and Z numbers that only ever grow by one (triggers).
enum ShiftSchema {
    static let v2 = ("v2-shifts", """
    -- The business day follows the store's time zone, fixed in the store so every terminal agrees.
    INSERT INTO meta (key, value) VALUES ('time_zone', 'Asia/Shanghai');
    -- Counter payments made before shifts existed have none; every later one must.
    INSERT INTO meta (key, value) SELECT 'shifts_from_checkout', COALESCE(MAX(id), 0) FROM checkouts;

    CREATE TABLE shifts (
        id INTEGER PRIMARY KEY,
        terminal TEXT NOT NULL CHECK (length(terminal) > 0),
        operator TEXT NOT NULL REFERENCES users (name),
        currency TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
        opened_at INTEGER NOT NULL,
        closed_at INTEGER,
        closed_by TEXT,
        approved_by TEXT,
        expected INTEGER,
        counted INTEGER CHECK (counted >= 0),
        over_short INTEGER,
        CHECK ((state = 'open') = (closed_at IS NULL)),
        CHECK (state = 'open' OR (closed_by IS NOT NULL AND expected IS NOT NULL AND counted IS NOT NULL
                                  AND over_short = counted - expected))
    );
    CREATE UNIQUE INDEX one_open_shift_per_terminal ON shifts (terminal) WHERE state = 'open';
    CREATE UNIQUE INDEX one_open_shift_per_operator ON shifts (operator) WHERE state = 'open';
    CREATE INDEX shifts_by_opened ON shifts (opened_at);

    CREATE TABLE shift_counts (
        shift_id INTEGER NOT NULL REFERENCES shifts (id),
        denomination INTEGER NOT NULL CHECK (denomination > 0),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (shift_id, denomination)
    );

    CREATE TABLE cash_movements (
        id INTEGER PRIMARY KEY,
        shift_id INTEGER NOT NULL REFERENCES shifts (id),
        kind TEXT NOT NULL CHECK (kind IN ('float', 'sale', 'change', 'refund', 'cash_in', 'cash_out')),
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
    CREATE TRIGGER shift_counts_need_open_shift BEFORE INSERT ON shift_counts
    WHEN (SELECT state FROM shifts WHERE id = NEW.shift_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'drawer count on a shift that is not open'); END;
    CREATE TRIGGER shift_counts_never_change BEFORE UPDATE ON shift_counts
    BEGIN SELECT RAISE(ABORT, 'drawer counts are never changed'); END;
    CREATE TRIGGER closed_shift_read_only BEFORE UPDATE ON shifts WHEN OLD.state = 'closed'
    BEGIN SELECT RAISE(ABORT, 'a closed shift is read-only'); END;
    CREATE TRIGGER shifts_never_deleted BEFORE DELETE ON shifts
    BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;

    -- The shift a counter payment was taken in.
    ALTER TABLE checkouts ADD COLUMN shift_id INTEGER REFERENCES shifts (id);
    CREATE INDEX checkouts_by_shift ON checkouts (shift_id) WHERE shift_id IS NOT NULL;
    CREATE INDEX checkouts_by_finished ON checkouts (finished_at);
    CREATE INDEX refund_orders_by_updated ON refund_orders (updated_at) WHERE state = 'succeeded';

    -- A Z report closes a business day: numbered 1, 2, 3… without gaps, once per day, kept as shown.
    CREATE TABLE z_reports (
        number INTEGER PRIMARY KEY CHECK (number > 0),
        business_date TEXT NOT NULL UNIQUE,
        period_from INTEGER NOT NULL,
        period_to INTEGER NOT NULL CHECK (period_to >= period_from),
        currency TEXT NOT NULL,
        supervisor TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        figures TEXT NOT NULL
    );
    CREATE TRIGGER z_reports_without_gaps BEFORE INSERT ON z_reports
    WHEN NEW.number != COALESCE((SELECT MAX(number) FROM z_reports), 0) + 1
      OR NEW.business_date <= COALESCE((SELECT MAX(business_date) FROM z_reports), '')
      OR NEW.period_from != COALESCE((SELECT MAX(period_to) FROM z_reports), 0)
    BEGIN SELECT RAISE(ABORT, 'Z reports are numbered without gaps, one per day, each after the last'); END;
    CREATE TRIGGER z_reports_never_change BEFORE UPDATE ON z_reports
    BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
    CREATE TRIGGER z_reports_never_deleted BEFORE DELETE ON z_reports
    BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;
    """)
}
