import CashierCore
import GRDB
import SQLiteSupport

/// One queued notification: what changed on a trade, for whom, and how its delivery goes.
public struct SandboxNotice: Sendable, Equatable {
    public enum State: String, Sendable { case pending, delivered, abandoned, lost }

    public var id: Int64
    /// Stays the same across retries (receivers use it to spot replays).
    public var notifyID: String
    public var tradeNo: String
    public var platformTradeNo: String
    public var url: String
    public var appID: String
    /// `waiting`, `succeeded`, `refunded` or `closed`.
    public var status: TradeStatus
    public var amount: Money
    public var refunded: Money
    /// When the platform saw the change (payment or close time).
    public var changedAt: Millis
    public var state: State
    public var attempts: Int
    public var nextAt: Millis?
    public var lastError: String?
    /// The language of the gateway that took the trade.
    public var `protocol`: NoticeProtocol
    /// A refund notify (WeChat): which refund landed, and how much it returned.
    public var refundNo: String?
    public var refundAmount: Money?
}

/// Which gateway's notifications: Alipay's signed forms or WeChat Pay's XML.
public enum NoticeProtocol: String, Sendable {
    case alipay, wechat
}

/// How changes become notifications (chosen by the sandbox server's flags and admin endpoint).
public struct SandboxNoticePolicy: Sendable, Equatable {
    /// Also announce trades created waiting for the customer (WAIT_BUYER_PAY).
    public var announceWaiting: Bool
    /// The first attempt waits this long after the change.
    public var holdMillis: Millis

    public init(announceWaiting: Bool = false, holdMillis: Millis = 0) {
        self.announceWaiting = announceWaiting
        self.holdMillis = holdMillis
    }
}

extension SandboxPlatform {
    /// Remember that changes of this trade go to `url`, and take the first look at once (a
    /// short-lived state, such as a few seconds of "user paying", is caught while it lasts).
    /// A second call for the same trade keeps the first URL.
    public func watch(tradeNo: String, url: String, appID: String, policy: SandboxNoticePolicy,
                      protocol: NoticeProtocol = .alipay) async throws {
        let now = clock.now()
        try await transaction { db in
            guard try TradeRow.find(db, tradeNo) != nil else { return }
            try db.run(sql: "INSERT OR IGNORE INTO notify_watch (trade_no, url, app_id, protocol) VALUES (?, ?, ?, ?)",
                       arguments: [tradeNo, url, appID, `protocol`.rawValue])
            guard let w = try Row.one(db, sql: "SELECT * FROM notify_watch WHERE trade_no = ? AND done = 0", arguments: [tradeNo]) else { return }
            _ = try Self.look(db, w, policy: policy, now: now)
        }
    }

    /// Looks at every watched trade (settling what time has done) and queues a notification for
    /// each status change. Returns how many were queued.
    @discardableResult
    public func queueChanges(policy: SandboxNoticePolicy) async throws -> Int {
        let now = clock.now()
        // Most looks find nothing new: a read (which never waits for writers) says whether to write.
        let stale = """
            SELECT w.* FROM notify_watch w JOIN trade t ON t.trade_no = w.trade_no
            WHERE w.done = 0 AND (w.last_status IS NULL OR t.updated_at >= w.checked_at
                OR (t.status = 'waiting' AND t.succeeds_at <= ?1)
                OR EXISTS (SELECT 1 FROM refund r WHERE r.trade_no = t.trade_no AND r.status = 'processing' AND r.ready_at <= ?1))
            ORDER BY w.rowid
            """
        let refunds = "SELECT * FROM refund_watch WHERE done = 0 ORDER BY rowid"
        guard try await pool.read({ db in
            try Row.one(db, sql: stale, arguments: [now]) != nil || Row.one(db, sql: refunds) != nil
        }) else { return 0 }
        return try await transaction { db -> Int in
            var queued = 0
            for w in try Row.all(db, sql: stale, arguments: [now]) {
                if try Self.look(db, w, policy: policy, now: now) { queued += 1 }
            }
            for w in try Row.all(db, sql: refunds) {
                if try Self.lookAtRefund(db, w, now: now) { queued += 1 }
            }
            return queued
        }
    }

    /// One look at a watched trade: settles it, and queues a notification if its status changed
    /// in a way worth announcing. Returns whether it queued one.
    static func look(_ db: Database, _ w: Row, policy: SandboxNoticePolicy, now: Millis) throws -> Bool {
        let tradeNo: String = w["trade_no"]
        // Two seconds of slack: another process may commit a change it stamped a little earlier.
        try db.run(sql: "UPDATE notify_watch SET checked_at = ? WHERE trade_no = ?", arguments: [now - 2_000, tradeNo])
        try Sandbox.settle(db, tradeNo, now: now)
        guard let trade = try TradeRow.find(db, tradeNo) else { return false }
        let status = trade.query.status
        let last: String? = w["last_status"]
        if status == .closed || status == .failed || status == .refunded {
            try db.run(sql: "UPDATE notify_watch SET done = 1 WHERE trade_no = ?", arguments: [tradeNo])
        }
        guard status.rawValue != last else { return false }
        try db.run(sql: "UPDATE notify_watch SET last_status = ? WHERE trade_no = ?", arguments: [status.rawValue, tradeNo])
        let proto = NoticeProtocol(rawValue: w["protocol"]) ?? .alipay
        // WeChat announces a payment once, when it succeeds; refunds have notifies of their own.
        if proto == .wechat && status != .succeeded { return false }
        switch status {
        case .succeeded, .refunded, .closed: break
        case .waiting where policy.announceWaiting: break
        case .waiting, .failed, .notFound: return false
        }
        // A trade closed before it was ever announced concerns nobody (an unpaid QR code expiring).
        if status == .closed && last == nil && !trade.reversed { return false }
        try enqueue(db, trade, status: status, url: w["url"], appID: w["app_id"], protocol: proto, refund: nil,
                    now: now, firstAt: now + policy.holdMillis)
        return true
    }

    /// A watched refund that landed queues its (WeChat) refund notify, once.
    static func lookAtRefund(_ db: Database, _ w: Row, now: Millis) throws -> Bool {
        let tradeNo: String = w["trade_no"]
        let refundNo: String = w["refund_no"]
        try Sandbox.settle(db, tradeNo, now: now)
        guard let trade = try TradeRow.find(db, tradeNo), let refund = try RefundRow.find(db, tradeNo, refundNo),
              refund.status != .processing else { return false }
        try db.run(sql: "UPDATE refund_watch SET done = 1 WHERE trade_no = ? AND refund_no = ?", arguments: [tradeNo, refundNo])
        guard refund.status == .succeeded else { return false }
        try enqueue(db, trade, status: trade.query.status, url: w["url"], appID: w["app_id"], protocol: .wechat,
                    refund: refund, now: now, firstAt: now)
        return true
    }

    static func enqueue(_ db: Database, _ trade: TradeRow, status: TradeStatus, url: String, appID: String,
                        protocol proto: NoticeProtocol, refund: RefundRow?, now: Millis, firstAt: Millis) throws {
        let seq = try Int64.one(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM notify_queue") ?? 1
        try db.run(sql: """
            INSERT INTO notify_queue (notify_id, trade_no, platform_trade_no, url, app_id, status, currency,
                exponent, amount_minor, refunded_minor, changed_at, state, next_at, created_at, updated_at,
                protocol, refund_no, refund_minor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)
            """, arguments: ["SBXN\(now)-\(seq)", trade.tradeNo, trade.platformTradeNo, url, appID,
                             status.rawValue, trade.amount.currency.code, trade.amount.currency.exponent,
                             trade.amount.minor, trade.refundedMinor, now, firstAt, now, now,
                             proto.rawValue, refund?.refundNo, refund?.amountMinor])
    }

    /// Announce this refund to `url` once it has landed (WeChat's refund notify_url).
    /// A second call for the same refund keeps the first URL.
    public func watchRefund(tradeNo: String, refundNo: String, url: String, appID: String) async throws {
        try await transaction { db in
            guard try RefundRow.find(db, tradeNo, refundNo) != nil else { return }
            try db.run(sql: "INSERT OR IGNORE INTO refund_watch (trade_no, refund_no, url, app_id) VALUES (?, ?, ?, ?)",
                       arguments: [tradeNo, refundNo, url, appID])
        }
    }

    /// Notifications due now, oldest first (or newest first, to deliver out of order).
    public func dueNotices(limit: Int = 50, newestFirst: Bool = false) async throws -> [SandboxNotice] {
        let now = clock.now()
        return try await pool.read { db in
            try Row.all(db, sql: """
                SELECT * FROM notify_queue WHERE state = 'pending' AND next_at <= ?
                ORDER BY \(newestFirst ? "id DESC" : "id") LIMIT ?
                """, arguments: [now, limit]).map(Self.notice)
        }
    }

    /// Every notification of a trade (or all), in the order they were queued.
    public func notices(tradeNo: String? = nil) throws -> [SandboxNotice] {
        try pool.read { db in
            try Row.all(db, sql: "SELECT * FROM notify_queue WHERE ?1 IS NULL OR trade_no = ?1 ORDER BY id",
                        arguments: [tradeNo]).map(Self.notice)
        }
    }

    /// The outcome of one attempt. `retryAt` nil after a failure: the schedule is spent.
    public func noticeAttempted(id: Int64, outcome: NoticeOutcome) async throws {
        let now = clock.now()
        try await transaction { db in
            switch outcome {
            case .delivered:
                try db.run(sql: """
                    UPDATE notify_queue SET state = 'delivered', attempts = attempts + 1, next_at = NULL,
                        last_error = NULL, updated_at = ? WHERE id = ? AND state = 'pending'
                    """, arguments: [now, id])
            case .failed(let error, let retryAt):
                try db.run(sql: """
                    UPDATE notify_queue SET state = ?, attempts = attempts + 1, next_at = ?, last_error = ?, updated_at = ?
                    WHERE id = ? AND state = 'pending'
                    """, arguments: [retryAt == nil ? "abandoned" : "pending", retryAt, error, now, id])
            case .lost:
                try db.run(sql: """
                    UPDATE notify_queue SET state = 'lost', next_at = NULL, updated_at = ? WHERE id = ? AND state = 'pending'
                    """, arguments: [now, id])
            }
        }
    }

    public enum NoticeOutcome: Sendable, Equatable {
        case delivered
        case failed(String, retryAt: Millis?)
        /// Dropped on purpose (the "callbacks lost" behaviour).
        case lost
    }

    /// The current time of the platform's clock (the server schedules retries with it).
    public var now: Millis { clock.now() }

    static func notice(_ row: Row) -> SandboxNotice {
        let currency = Currency(code: row["currency"], exponent: row["exponent"])
        return SandboxNotice(
            id: row["id"], notifyID: row["notify_id"], tradeNo: row["trade_no"], platformTradeNo: row["platform_trade_no"],
            url: row["url"], appID: row["app_id"], status: TradeStatus(rawValue: row["status"]) ?? .closed,
            amount: Money(minor: row["amount_minor"], currency: currency),
            refunded: Money(minor: row["refunded_minor"], currency: currency), changedAt: row["changed_at"],
            state: SandboxNotice.State(rawValue: row["state"]) ?? .abandoned, attempts: row["attempts"],
            nextAt: row["next_at"], lastError: row["last_error"],
            protocol: NoticeProtocol(rawValue: row["protocol"]) ?? .alipay, refundNo: row["refund_no"],
            refundAmount: (row["refund_minor"] as Int64?).map { Money(minor: $0, currency: currency) })
    }
}
