import CashierCore
import GRDB
import SQLiteSupport

/// Refunds: each refund number (`out_request_no`) is one refund of a trade; a retry with the same
/// number is answered from its row, never paid out twice.
extension SandboxPlatform {
    /// WeChat refuses more than 50 partial refunds per order.
    public static let maxRefundsPerTrade = 50
    public static let declinedOnce = "refund declined by the platform: merchant balance insufficient"

    public func refund(_ request: RefundRequest) async -> RefundOutcome {
        if request.refundNo.isEmpty { return .failed(reason: "the refund number is empty") }
        if request.amount.minor <= 0 { return .failed(reason: "the refund amount must be positive") }
        let now = clock.now()
        let ready = now + timeScale.millis(8)
        do {
            return try await transaction { db -> RefundOutcome in
                try Sandbox.settle(db, request.tradeNo, now: now)
                guard let trade = try TradeRow.find(db, request.tradeNo) else {
                    return .failed(reason: "the platform has no trade \(request.tradeNo)")
                }
                let existing = try RefundRow.find(db, request.tradeNo, request.refundNo)
                if let existing {
                    guard existing.amountMinor == request.amount.minor, trade.amount.currency == request.amount.currency else {
                        return .failed(reason: "refund number \(request.refundNo) reused with a different amount")
                    }
                    switch existing.status {
                    case .succeeded: return .succeeded
                    case .processing: return .processing
                    case .failed: break  // a retry: checked again below like a new refund
                    }
                }
                if let refusal = try Self.refusal(db, request, trade, isRetry: existing != nil) {
                    return .failed(reason: refusal)
                }
                if existing == nil && trade.behaviour == .refundFailsOnce {
                    try Self.saveRefund(db, request, status: .failed, failReason: Self.declinedOnce, readyAt: nil, now: now)
                    return .failed(reason: Self.declinedOnce)
                }
                let slow = trade.behaviour == .slowRefunds
                try Self.saveRefund(db, request, status: slow ? .processing : .succeeded, failReason: nil,
                                    readyAt: slow ? ready : nil, now: now)
                let column = slow ? "pending_minor" : "refunded_minor"
                try db.run(sql: "UPDATE trade SET \(column) = \(column) + ?, updated_at = ? WHERE trade_no = ?",
                               arguments: [request.amount.minor, now, request.tradeNo])
                return slow ? .processing : .succeeded
            }
        } catch {
            return .unknown(reason: Self.trouble(error))
        }
    }

    public func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome {
        let now = clock.now()
        do {
            return try await transaction { db -> RefundQueryOutcome in
                try Sandbox.settle(db, tradeNo, now: now)
                guard let refund = try RefundRow.find(db, tradeNo, refundNo) else { return .notFound }
                switch refund.status {
                case .succeeded: return .succeeded
                case .processing: return .processing
                case .failed: return .failed(reason: refund.failReason ?? "the refund failed")
                }
            }
        } catch {
            return .unknown(reason: Self.trouble(error))
        }
    }

    /// Why the platform refuses this refund outright, or nil. Nothing is recorded for a refusal,
    /// so the merchant may correct the amount and use the same refund number.
    static func refusal(_ db: Database, _ request: RefundRequest, _ trade: TradeRow, isRetry: Bool) throws -> String? {
        guard request.amount.currency == trade.amount.currency else {
            return "the refund is in \(request.amount.currency.code) but the trade was paid in \(trade.amount.currency.code)"
        }
        switch trade.status {
        case .succeeded: break
        case .waiting: return "the trade is not paid yet: nothing to refund"
        case .failed: return "the trade failed: nothing to refund"
        case .closed: return trade.reversed ? "the trade was cancelled and its money already returned" : "the trade is closed: nothing to refund"
        }
        if !isRetry {
            let count = try Int.one(db, sql: "SELECT count(*) FROM refund WHERE trade_no = ?",
                                         arguments: [trade.tradeNo]) ?? 0
            if count >= maxRefundsPerTrade {
                return "the trade already has \(maxRefundsPerTrade) refunds, the platform's limit"
            }
        }
        if request.amount.minor > trade.refundableMinor {
            let left = Money(minor: trade.refundableMinor, currency: trade.amount.currency)
            return "the refund of \(request.amount) exceeds what is left to refund (\(left) of \(trade.amount))"
        }
        return nil
    }

    static func saveRefund(_ db: Database, _ request: RefundRequest, status: SandboxRefund.Status,
                           failReason: String?, readyAt: Millis?, now: Millis) throws {
        try db.run(sql: """
            INSERT INTO refund (trade_no, refund_no, amount_minor, status, fail_reason, attempts, ready_at,
                                reason, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
            ON CONFLICT (trade_no, refund_no) DO UPDATE SET
                status = excluded.status, fail_reason = excluded.fail_reason, attempts = attempts + 1,
                ready_at = excluded.ready_at, updated_at = excluded.updated_at
            """, arguments: [request.tradeNo, request.refundNo, request.amount.minor, status.rawValue, failReason,
                             readyAt, request.reason, now, now])
    }
}
