import CashierCore
import GRDB
import PlatformBills
import SQLiteSupport

/// The sandbox platform's daily bills, built from its own ledger: trades whose money moved that
/// Beijing day, refunds that succeeded that day, and (Alipay) the refund row of a paid trade
/// reversed that day. Bill faults change only what the bill says; the ledger stays true.
extension SandboxPlatform {
    public func bill(_ platform: BillPlatform, date: String) throws -> Bill {
        guard let start = BillDate.start(date) else {
            throw CashierError.platformSaid(.invalid, "The bill date \(date) is not a day written yyyy-MM-dd.")
        }
        let end = start + 86_400_000
        let now = clock.now()
        let kind = platform == .alipay ? PlatformKind.alipay.rawValue : PlatformKind.wechat.rawValue
        return try transaction { db -> Bill in
            // Time may have finished payments and refunds nobody has asked about yet.
            let due = try String.all(db, sql: """
                SELECT trade_no FROM trade WHERE status = 'waiting' AND succeeds_at <= ?
                UNION SELECT trade_no FROM refund WHERE status = 'processing' AND ready_at <= ?
                """, arguments: [now, now])
            for tradeNo in due { try Sandbox.settle(db, tradeNo, now: now) }
            let rate = try Int64.one(db, sql: "SELECT fee_rate_bp FROM bill_setting WHERE id = 1") ?? 0
            var entries: [BillEntry] = []
            // A trade that "lands on the next day's bill" is looked for one day back.
            for row in try Row.fetchAll(db, sql: """
                SELECT t.id, t.trade_no, t.subject, t.amount_minor, t.status, t.reversed, t.created_at, t.paid_at,
                       t.updated_at, a.amount_minor AS bill_amount, (n.trade_no IS NOT NULL) AS next_day
                FROM trade t
                LEFT JOIN bill_fault a ON a.trade_no = t.trade_no AND a.kind = 'amount'
                LEFT JOIN bill_fault n ON n.trade_no = t.trade_no AND n.kind = 'next_day'
                WHERE t.platform = ? AND t.paid_at >= ? AND t.paid_at < ?
                  AND (t.status = 'succeeded' OR (t.status = 'closed' AND t.reversed = 1))
                ORDER BY t.paid_at, t.id
                """, arguments: [kind, start - 86_400_000, end]) {
                let paidAt: Millis = row["paid_at"]
                let nextDay: Bool = row["next_day"]
                let billedAt = nextDay ? paidAt + 86_400_000 : paidAt
                let billAmount: Int64? = row["bill_amount"]
                let amount = billAmount ?? (row["amount_minor"] as Int64)
                let platformTradeNo = Self.platformTradeNo(row["id"])
                let revoked = (row["status"] as String) == "closed"
                if billedAt >= start && billedAt < end {
                    entries.append(BillEntry(kind: .trade, merchantTradeNo: row["trade_no"], platformTradeNo: platformTradeNo,
                                             amountMinor: amount, feeMinor: revoked ? 0 : ServiceFee.of(amount, rateBasisPoints: rate),
                                             status: revoked && platform == .wechat ? .revoked : .succeeded,
                                             subject: row["subject"], createdAt: row["created_at"], finishedAt: billedAt))
                }
                // Alipay shows a paid trade reversed by cancel as its trade row and a refund row.
                let reversedAt: Millis = row["updated_at"]
                if revoked && platform == .alipay && reversedAt >= start && reversedAt < end {
                    entries.append(BillEntry(kind: .refund, merchantTradeNo: row["trade_no"], platformTradeNo: platformTradeNo,
                                             amountMinor: amount, feeMinor: 0, status: .refunded, subject: row["subject"],
                                             createdAt: reversedAt, finishedAt: reversedAt))
                }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT r.rowid AS rid, r.trade_no, r.refund_no, r.amount_minor, r.created_at, r.succeeded_at, t.id, t.subject
                FROM refund r JOIN trade t ON t.trade_no = r.trade_no
                WHERE t.platform = ? AND r.status = 'succeeded' AND r.succeeded_at >= ? AND r.succeeded_at < ?
                ORDER BY r.succeeded_at, r.rowid
                """, arguments: [kind, start, end]) {
                let amount: Int64 = row["amount_minor"]
                let rid: Int64 = row["rid"]
                entries.append(BillEntry(kind: .refund, merchantTradeNo: row["trade_no"], merchantRefundNo: row["refund_no"],
                                         platformTradeNo: Self.platformTradeNo(row["id"]), platformRefundNo: "SBXR" + Self.padded(rid),
                                         amountMinor: amount, feeMinor: -ServiceFee.of(amount, rateBasisPoints: rate),
                                         status: .refunded, subject: row["subject"], createdAt: row["created_at"],
                                         finishedAt: row["succeeded_at"]))
            }
            entries.sort { ($0.finishedAt, $0.kind == .refund ? 1 : 0) < ($1.finishedAt, $1.kind == .refund ? 1 : 0) }
            return Bill(platform: platform, date: date, entries: entries)
        }
    }

    /// The service fee rate both bills charge, in hundredths of a percent (60 = 0.60 %).
    public func billFeeRate() throws -> Int64 {
        try pool.read { db in try Int64.one(db, sql: "SELECT fee_rate_bp FROM bill_setting WHERE id = 1") ?? 0 }
    }

    public func setBillFeeRate(basisPoints: Int64) throws {
        guard (0...10_000).contains(basisPoints) else { throw CashierError.platformSaid(.invalid, "The fee rate must be between 0 % and 100 %.") }
        try transaction { db in try db.run(sql: "UPDATE bill_setting SET fee_rate_bp = ? WHERE id = 1", arguments: [basisPoints]) }
    }

    static func platformTradeNo(_ id: Int64) -> String { "SBX" + padded(id) }
    static func padded(_ id: Int64) -> String {
        let digits = String(id)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }
}

/// The embedded sandbox publishing one platform's bills, like the HTTP adapters do.
public struct SandboxBillPublisher: BillPublisher {
    public let sandbox: SandboxPlatform
    public let platform: BillPlatform
    public init(sandbox: SandboxPlatform, platform: BillPlatform) {
        self.sandbox = sandbox
        self.platform = platform
    }

    public func downloadBill(date: String) async throws -> Bill { try sandbox.bill(platform, date: date) }
}
