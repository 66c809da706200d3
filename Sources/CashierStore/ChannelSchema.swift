/// Migration "v2-channels": channel API keys, payment-start idempotency keys and the notifies received.
enum ChannelSchema {
    static let v2 = ("v2-channels", """
    -- One key per channel client. Only the SHA-256 of the secret is kept; the key's id travels in
    -- the key itself so the check is one row fetch and a constant-time compare.
    CREATE TABLE channel_keys (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL CHECK (channel IN ('web', 'mini-program', 'app')),
        operator TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
    );

    -- A retried payment start with the same Idempotency-Key gets the first one's checkout.
    CREATE TABLE channel_idempotency (
        key_id INTEGER NOT NULL REFERENCES channel_keys (id),
        idem_key TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 64),
        request_hash TEXT NOT NULL,
        checkout_id INTEGER REFERENCES checkouts (id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (key_id, idem_key)
    );

    -- Every notify the receiver looked at, accepted or refused. An accepted notify_id is unique:
    -- the same id again with other content is a replay and is refused.
    CREATE TABLE notifies (
        id INTEGER PRIMARY KEY,
        notify_id TEXT NOT NULL,
        trade_no TEXT NOT NULL,
        trade_status TEXT NOT NULL,
        body_hash TEXT NOT NULL CHECK (length(body_hash) = 64),
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'late_success', 'ignored', 'refused')),
        reason TEXT,
        received_at INTEGER NOT NULL,
        CHECK ((outcome = 'refused') = (reason IS NOT NULL))
    );
    CREATE UNIQUE INDEX notifies_accepted_once ON notifies (notify_id) WHERE outcome <> 'refused';
    CREATE INDEX notifies_by_trade ON notifies (trade_no, id);
    """)
}
