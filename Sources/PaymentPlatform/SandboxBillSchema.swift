/// What a daily bill needs that the ledger did not keep: the moment money moved. Triggers set
/// it on every path that makes a trade or refund succeed (pay, the password typed later, a scan,
/// a processing refund landing), taking the moment it was due (`succeeds_at`, `ready_at`), not
/// the later moment someone happened to ask.
enum SandboxBillSchema {
    static let v4 = """
    ALTER TABLE trade ADD COLUMN paid_at INTEGER;
    UPDATE trade SET paid_at = updated_at WHERE status = 'succeeded';
    CREATE TRIGGER trade_paid_on_update AFTER UPDATE OF status ON trade
        WHEN NEW.status = 'succeeded' AND OLD.status <> 'succeeded' AND NEW.paid_at IS NULL
        BEGIN UPDATE trade SET paid_at = coalesce(OLD.succeeds_at, NEW.updated_at) WHERE id = NEW.id; END;
    CREATE TRIGGER trade_paid_on_insert AFTER INSERT ON trade
        WHEN NEW.status = 'succeeded' AND NEW.paid_at IS NULL
        BEGIN UPDATE trade SET paid_at = NEW.created_at WHERE id = NEW.id; END;

    ALTER TABLE refund ADD COLUMN succeeded_at INTEGER;
    UPDATE refund SET succeeded_at = updated_at WHERE status = 'succeeded';
    CREATE TRIGGER refund_succeeded_on_update AFTER UPDATE OF status ON refund
        WHEN NEW.status = 'succeeded' AND OLD.status <> 'succeeded'
        BEGIN UPDATE refund SET succeeded_at = coalesce(OLD.ready_at, NEW.updated_at)
              WHERE trade_no = NEW.trade_no AND refund_no = NEW.refund_no; END;
    CREATE TRIGGER refund_succeeded_on_insert AFTER INSERT ON refund
        WHEN NEW.status = 'succeeded'
        BEGIN UPDATE refund SET succeeded_at = NEW.created_at
              WHERE trade_no = NEW.trade_no AND refund_no = NEW.refund_no; END;

    -- The platform's bill disagreeing on purpose (README, "The sandbox can be wrong on purpose").
    CREATE TABLE bill_fault (
        trade_no TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('amount', 'next_day')),
        amount_minor INTEGER CHECK (amount_minor IS NULL OR amount_minor > 0),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (trade_no, kind)
    );

    -- The service fee in hundredths of a percent (60 = 0.60 %), one rate for both platforms.
    CREATE TABLE bill_setting (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fee_rate_bp INTEGER NOT NULL CHECK (fee_rate_bp BETWEEN 0 AND 10000)
    );
    INSERT INTO bill_setting (id, fee_rate_bp) VALUES (1, 60);
    """
}
