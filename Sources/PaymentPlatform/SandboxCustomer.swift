import CashierCore
import GRDB
import SQLiteSupport

/// The platform's view of one trade, for tests and `cashier check`-like tools.
public struct SandboxTrade: Sendable, Equatable {
    public var tradeNo: String
    public var platform: PlatformKind
    /// Created by `precreate` (waits for `scan`) rather than by a code payment.
    public var isQR: Bool
    /// As `query` reports it (`.refunded` once refunds total the amount).
    public var status: TradeStatus
    public var amount: Money
    /// Refunds that succeeded.
    public var refunded: Money
    /// Refunds accepted but still processing: already held against the amount.
    public var refundPending: Money
    /// Set once money moved (succeeded, refunded, or reversed by a cancel).
    public var platformTradeNo: String?
    /// A cancel returned the money of this paid trade.
    public var reversed: Bool
    public var refunds: [SandboxRefund]
}

public struct SandboxRefund: Sendable, Equatable {
    public enum Status: String, Sendable { case processing, succeeded, failed }

    public var refundNo: String
    public var amount: Money
    public var status: Status
    /// Calls that reached the platform with this refund number (a declined one may be retried).
    public var attempts: Int
}

/// `cashier sandbox scan TRADE_NO --outcome ...`
public typealias ScanOutcome = SandboxPlatform.ScanOutcome

extension SandboxPlatform {
    /// What the customer does with the QR code on their phone.
    public enum ScanOutcome: String, CaseIterable, Sendable {
        case success, fail
        /// The customer walked away: the trade stays waiting until the merchant closes it.
        case abandon
    }

    /// The customer simulator for QR payments. Throws for an unknown trade number or a trade not
    /// waiting for a QR scan, saying which.
    public func scan(tradeNo: String, outcome: ScanOutcome) throws {
        let now = clock.now()
        try transaction { db in
            try Sandbox.settle(db, tradeNo, now: now)
            guard let trade = try TradeRow.find(db, tradeNo) else {
                throw CashierError.platformSaid(.notFound, "The sandbox platform has no trade \(tradeNo): check the trade number shown on the console.")
            }
            guard trade.isQR else {
                throw CashierError.platformSaid(.conflict, "Trade \(tradeNo) is a code payment, not a QR payment: only QR trades can be scanned.")
            }
            guard trade.status == .waiting else {
                throw CashierError.platformSaid(.conflict, "Trade \(tradeNo) is not waiting for a scan (it is \(trade.query.status.rawValue)): start a new QR payment.")
            }
            switch outcome {
            case .abandon: return
            case .success:
                try db.run(sql: "UPDATE trade SET status = 'succeeded', updated_at = ? WHERE trade_no = ?",
                               arguments: [now, tradeNo])
            case .fail:
                try db.run(sql: "UPDATE trade SET status = 'failed', fail_reason = ?, updated_at = ? WHERE trade_no = ?",
                               arguments: ["the customer's payment failed", now, tradeNo])
            }
        }
    }

    /// The platform's view of a trade, or nil when it never received one with this number
    /// (a number burnt by cancel or close before any trade also gives nil; `query` says closed).
    public func trade(tradeNo: String) throws -> SandboxTrade? {
        let now = clock.now()
        return try transaction { db -> SandboxTrade? in
            try Sandbox.settle(db, tradeNo, now: now)
            guard let row = try TradeRow.find(db, tradeNo) else { return nil }
            let currency = row.amount.currency
            let query = row.query
            return SandboxTrade(
                tradeNo: row.tradeNo, platform: row.platform, isQR: row.isQR, status: query.status,
                amount: row.amount,
                refunded: Money(minor: row.refundedMinor, currency: currency),
                refundPending: Money(minor: row.pendingMinor, currency: currency),
                platformTradeNo: query.platformTradeNo, reversed: row.reversed,
                refunds: try RefundRow.all(db, tradeNo).map {
                    SandboxRefund(refundNo: $0.refundNo, amount: Money(minor: $0.amountMinor, currency: currency),
                                  status: $0.status, attempts: $0.attempts)
                })
        }
    }
}
