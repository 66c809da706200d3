/// The sandbox server's asynchronous notifications, in the sandbox's own file so that a restart
/// keeps what is still to be sent. `notify_watch`: trades whose status changes are announced to
/// a notify_url; `notify_queue`: each announcement and its delivery attempts.
enum SandboxNotifySchema {
    static let v2 = """
    CREATE TABLE notify_watch (
        trade_no TEXT PRIMARY KEY REFERENCES trade(trade_no),
        url TEXT NOT NULL CHECK (url <> ''),
        app_id TEXT NOT NULL,
        last_status TEXT,
        -- The last look at the trade: a trade not updated since needs no new look.
        checked_at INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
    );
    CREATE INDEX notify_watch_open ON notify_watch(trade_no) WHERE done = 0;

    CREATE TABLE notify_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        notify_id TEXT NOT NULL UNIQUE,
        trade_no TEXT NOT NULL REFERENCES trade(trade_no),
        platform_trade_no TEXT NOT NULL,
        url TEXT NOT NULL,
        app_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'succeeded', 'refunded', 'closed')),
        currency TEXT NOT NULL,
        exponent INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        refunded_minor INTEGER NOT NULL CHECK (refunded_minor >= 0),
        changed_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'abandoned', 'lost')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((state = 'pending') = (next_at IS NOT NULL))
    );
    CREATE INDEX notify_queue_due ON notify_queue(next_at) WHERE state = 'pending';
    """

    /// `protocol`: the gateway that took the trade, so its notifies are written in its own
    /// language (a WeChat code paid through the Alipay gateway is announced as Alipay would).
    /// `refund_watch`: refunds asked with a notify_url (WeChat), each announced once it lands;
    /// their notices carry `refund_no` and `refund_minor`.
    static let v3 = """
    ALTER TABLE notify_watch ADD COLUMN protocol TEXT NOT NULL DEFAULT 'alipay' CHECK (protocol IN ('alipay', 'wechat'));
    ALTER TABLE notify_queue ADD COLUMN protocol TEXT NOT NULL DEFAULT 'alipay' CHECK (protocol IN ('alipay', 'wechat'));
    ALTER TABLE notify_queue ADD COLUMN refund_no TEXT;
    ALTER TABLE notify_queue ADD COLUMN refund_minor INTEGER CHECK (refund_minor IS NULL OR refund_minor > 0);

    CREATE TABLE refund_watch (
        trade_no TEXT NOT NULL,
        refund_no TEXT NOT NULL,
        url TEXT NOT NULL CHECK (url <> ''),
        app_id TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        PRIMARY KEY (trade_no, refund_no),
        FOREIGN KEY (trade_no, refund_no) REFERENCES refund(trade_no, refund_no)
    );
    CREATE INDEX refund_watch_open ON refund_watch(trade_no) WHERE done = 0;
    """
}
