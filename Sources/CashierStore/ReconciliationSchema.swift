/// Reconciliation against the platforms' daily bills: one row per platform and Beijing day with
/// what matched, and one review item per discrepancy, open until a supervisor resolves it.
/// `bill_digest` (SHA-256 of the parsed bill) tells a re-run of the same bill from a changed one.
enum ReconciliationSchema {
    static let v3 = ("v3-reconciliation", """
    CREATE TABLE reconciliations (
        platform TEXT NOT NULL CHECK (platform IN ('alipay', 'wechat')),
        bill_date TEXT NOT NULL CHECK (length(bill_date) = 10),
        bill_digest TEXT NOT NULL,
        currency TEXT NOT NULL,
        trades_matched INTEGER NOT NULL CHECK (trades_matched >= 0),
        trades_matched_amount INTEGER NOT NULL CHECK (trades_matched_amount >= 0),
        refunds_matched INTEGER NOT NULL CHECK (refunds_matched >= 0),
        refunds_matched_amount INTEGER NOT NULL CHECK (refunds_matched_amount >= 0),
        fees INTEGER NOT NULL,
        held INTEGER NOT NULL CHECK (held >= 0),
        runs INTEGER NOT NULL CHECK (runs >= 1),
        bill_changed INTEGER NOT NULL DEFAULT 0 CHECK (bill_changed IN (0, 1)),
        first_run_at INTEGER NOT NULL,
        last_run_at INTEGER NOT NULL,
        PRIMARY KEY (platform, bill_date)
    );

    CREATE TABLE reconciliation_items (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        bill_date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('missing_here', 'missing_there', 'amount_mismatch', 'status_mismatch', 'refund_mismatch')),
        trade_no TEXT NOT NULL,
        refund_no TEXT NOT NULL DEFAULT '',
        bill_amount INTEGER,
        store_amount INTEGER,
        currency TEXT NOT NULL,
        action TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
        resolved_by TEXT,
        resolved_at INTEGER,
        resolution TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (platform, bill_date, kind, trade_no, refund_no),
        FOREIGN KEY (platform, bill_date) REFERENCES reconciliations (platform, bill_date),
        CHECK (state = 'open' OR (resolved_by IS NOT NULL AND resolved_at IS NOT NULL AND length(resolution) > 0))
    );
    CREATE INDEX reconciliation_items_open ON reconciliation_items (state, platform, bill_date);
    """)
}
