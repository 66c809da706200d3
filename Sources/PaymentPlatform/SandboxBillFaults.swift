import CashierCore
import GRDB
import SQLiteSupport

/// The outside world disagreeing with the store on purpose, so reconciliation has something to
/// find. `charged` and `refundSucceeded` change the ledger itself (queries then agree with the
/// bill, as they would at the real platform); `billAmount` and `billNextDay` change only the bill.
public enum SandboxBillFault: String, CaseIterable, Sendable {
    /// The customer was charged, but the answer never reached the store.
    case charged
    /// The bill shows another amount for the trade.
    case amount
    /// A refund the store believes failed went through.
    case refund
    /// The trade lands on the next day's bill (finished just before midnight, billed after it).
    case nextDay = "next-day"
}

extension SandboxPlatform {
    /// The trade `tradeNo` took the customer's money now: an existing trade (waiting, failed or
    /// closed) becomes succeeded; an unknown number becomes a new succeeded trade of `amount`.
    public func faultCharged(tradeNo: String, amount: Money?, platform: PlatformKind, subject: String = "sandbox charge") throws {
        let now = clock.now()
        try transaction { db in
            if let row = try TradeRow.find(db, tradeNo) {
                guard row.status != .succeeded else { throw CashierError.platformSaid(.conflict, "The trade \(tradeNo) has already succeeded at the platform.") }
                try db.run(sql: """
                    UPDATE trade SET status = 'succeeded', reversed = 0, fail_reason = NULL, succeeds_at = NULL,
                                     amount_minor = coalesce(?, amount_minor), updated_at = ?
                    WHERE trade_no = ?
                    """, arguments: [amount?.minor, now, tradeNo])
            } else {
                guard let amount, amount.minor > 0 else { throw CashierError.platformSaid(.invalid, "A new charged trade needs a positive amount.") }
                try db.run(sql: """
                    INSERT INTO trade (trade_no, platform, mode, behaviour, subject, currency, exponent, amount_minor,
                                       status, created_at, updated_at)
                    VALUES (?, ?, 'code', 0, ?, ?, ?, ?, 'succeeded', ?, ?)
                    """, arguments: [tradeNo, platform.rawValue, subject, amount.currency.code, amount.currency.exponent,
                                     amount.minor, now, now])
            }
        }
    }

    /// The refund `refundNo` of `tradeNo`, declined or still processing, succeeded now.
    public func faultRefundSucceeded(tradeNo: String, refundNo: String) throws {
        let now = clock.now()
        try transaction { db in
            guard let trade = try TradeRow.find(db, tradeNo), let refund = try RefundRow.find(db, tradeNo, refundNo) else {
                throw CashierError.platformSaid(.notFound, "The platform has no refund \(refundNo) of trade \(tradeNo).")
            }
            guard refund.status != .succeeded else { throw CashierError.platformSaid(.conflict, "The refund \(refundNo) has already succeeded.") }
            let pending = refund.status == .processing ? refund.amountMinor : 0
            guard trade.refundableMinor + pending >= refund.amountMinor else {
                throw CashierError.platformSaid(.conflict, "The trade \(tradeNo) has too little left to refund \(refundNo).")
            }
            try db.run(sql: """
                UPDATE trade SET refunded_minor = refunded_minor + ?, pending_minor = pending_minor - ?, updated_at = ?
                WHERE trade_no = ?
                """, arguments: [refund.amountMinor, pending, now, tradeNo])
            try db.run(sql: """
                UPDATE refund SET status = 'succeeded', fail_reason = NULL, ready_at = NULL, updated_at = ?
                WHERE trade_no = ? AND refund_no = ?
                """, arguments: [now, tradeNo, refundNo])
        }
    }

    /// The bill shows `amount` for the trade instead of what was paid.
    public func faultBillAmount(tradeNo: String, amount: Money) throws {
        guard amount.minor > 0 else { throw CashierError.platformSaid(.invalid, "The bill's amount must be positive.") }
        try setFault(tradeNo, kind: "amount", amount: amount.minor)
    }

    /// The trade appears on the bill of the day after the one its money moved.
    public func faultBillNextDay(tradeNo: String) throws {
        try setFault(tradeNo, kind: "next_day", amount: nil)
    }

    private func setFault(_ tradeNo: String, kind: String, amount: Int64?) throws {
        let now = clock.now()
        try transaction { db in
            guard try TradeRow.find(db, tradeNo) != nil else { throw CashierError.platformSaid(.notFound, "The platform has no trade \(tradeNo).") }
            try db.run(sql: """
                INSERT INTO bill_fault (trade_no, kind, amount_minor, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (trade_no, kind) DO UPDATE SET amount_minor = excluded.amount_minor, created_at = excluded.created_at
                """, arguments: [tradeNo, kind, amount, now])
        }
    }
}
