import CashierCore
import GRDB
import SQLiteSupport

/// What the last digit of a payment code makes the sandbox do. 8 and 9 behave like 0;
/// QR trades behave like 0 once scanned.
enum SandboxBehaviour: Int {
    case success = 0
    /// "User paying": succeeds 10 s (scaled) after the pay call.
    case userPaying = 1
    case declined = 2
    /// The answer is lost, but the payment went through.
    case unknownSucceeded = 3
    /// "User paying" until cancelled.
    case userPayingForever = 4
    /// The answer is lost, and the payment failed.
    case unknownFailed = 5
    /// Refunds stay processing for 8 s (scaled).
    case slowRefunds = 6
    /// The first attempt of each refund number is declined.
    case refundFailsOnce = 7

    init(digit: Int) { self = SandboxBehaviour(rawValue: digit) ?? .success }
}

/// One `trade` row, read whole. Writes are plain SQL in the operations.
struct TradeRow: FetchableRecord {
    enum Status: String { case waiting, succeeded, failed, closed }

    var id: Int64
    var tradeNo: String
    var platform: PlatformKind
    var isQR: Bool
    var behaviour: SandboxBehaviour
    var amount: Money
    var status: Status
    var failReason: String?
    var succeedsAt: Millis?
    var reversed: Bool
    var refundedMinor: Int64
    var pendingMinor: Int64

    init(row: Row) throws {
        id = row["id"]
        tradeNo = row["trade_no"]
        platform = PlatformKind(rawValue: row["platform"]) ?? .alipay
        isQR = (row["mode"] as String) == "qr"
        behaviour = SandboxBehaviour(digit: row["behaviour"])
        amount = Money(minor: row["amount_minor"], currency: Currency(code: row["currency"], exponent: row["exponent"]))
        status = Status(rawValue: row["status"]) ?? .failed
        failReason = row["fail_reason"]
        succeedsAt = row["succeeds_at"]
        reversed = row["reversed"]
        refundedMinor = row["refunded_minor"]
        pendingMinor = row["pending_minor"]
    }

    static func find(_ db: Database, _ tradeNo: String) throws -> TradeRow? {
        try TradeRow.one(db, sql: "SELECT * FROM trade WHERE trade_no = ?", arguments: [tradeNo])
    }

    /// What may still be refunded: processing refunds already hold their share.
    var refundableMinor: Int64 { amount.minor - refundedMinor - pendingMinor }

    var isFullyRefunded: Bool { status == .succeeded && refundedMinor == amount.minor }

    /// Assigned with the row, shown once money moved, like a real platform's own trade number.
    var platformTradeNo: String { SandboxPlatform.platformTradeNo(id) }

    /// The platform's answer to a query: the platform trade number once the money moved.
    var query: TradeQuery {
        switch status {
        case .waiting: return TradeQuery(status: .waiting, amount: amount)
        case .failed: return TradeQuery(status: .failed, amount: amount)
        case .succeeded:
            return TradeQuery(status: isFullyRefunded ? .refunded : .succeeded,
                              platformTradeNo: platformTradeNo, amount: amount)
        case .closed:
            return TradeQuery(status: .closed, platformTradeNo: reversed ? platformTradeNo : nil, amount: amount)
        }
    }
}

struct RefundRow: FetchableRecord {
    var refundNo: String
    var amountMinor: Int64
    var status: SandboxRefund.Status
    var failReason: String?
    var attempts: Int

    init(row: Row) throws {
        refundNo = row["refund_no"]
        amountMinor = row["amount_minor"]
        status = SandboxRefund.Status(rawValue: row["status"]) ?? .failed
        failReason = row["fail_reason"]
        attempts = row["attempts"]
    }

    static func find(_ db: Database, _ tradeNo: String, _ refundNo: String) throws -> RefundRow? {
        try RefundRow.one(db, sql: "SELECT * FROM refund WHERE trade_no = ? AND refund_no = ?",
                               arguments: [tradeNo, refundNo])
    }

    static func all(_ db: Database, _ tradeNo: String) throws -> [RefundRow] {
        try RefundRow.all(db, sql: "SELECT * FROM refund WHERE trade_no = ? ORDER BY created_at, refund_no",
                               arguments: [tradeNo])
    }
}

enum Sandbox {
    /// Applies what time has done since the last call on this trade: a password finally entered,
    /// a slow refund landed. Runs inside every operation's transaction, so all processes sharing
    /// the file see one story, whichever of them asks first.
    static func settle(_ db: Database, _ tradeNo: String, now: Millis) throws {
        try db.run(sql: """
            UPDATE trade SET status = 'succeeded', succeeds_at = NULL, updated_at = ?
            WHERE trade_no = ? AND status = 'waiting' AND succeeds_at <= ?
            """, arguments: [now, tradeNo, now])
        let landed = try Int64.one(db, sql: """
            SELECT coalesce(sum(amount_minor), 0) FROM refund
            WHERE trade_no = ? AND status = 'processing' AND ready_at <= ?
            """, arguments: [tradeNo, now]) ?? 0
        guard landed > 0 else { return }
        try db.run(sql: """
            UPDATE trade SET refunded_minor = refunded_minor + ?, pending_minor = pending_minor - ?, updated_at = ?
            WHERE trade_no = ?
            """, arguments: [landed, landed, now, tradeNo])
        try db.run(sql: """
            UPDATE refund SET status = 'succeeded', ready_at = NULL, updated_at = ?
            WHERE trade_no = ? AND status = 'processing' AND ready_at <= ?
            """, arguments: [now, tradeNo, now])
    }

    static func isBurnt(_ db: Database, _ tradeNo: String) throws -> Bool {
        try Bool.one(db, sql: "SELECT EXISTS(SELECT 1 FROM burnt_trade_no WHERE trade_no = ?)",
                          arguments: [tradeNo]) ?? false
    }

    /// Cancelling or closing a number the platform never saw still "closes" it: a pay that was
    /// in flight and arrives later must not take the customer's money.
    static func burn(_ db: Database, _ tradeNo: String, now: Millis) throws {
        try db.run(sql: "INSERT OR IGNORE INTO burnt_trade_no (trade_no, burnt_at) VALUES (?, ?)",
                       arguments: [tradeNo, now])
    }
}
