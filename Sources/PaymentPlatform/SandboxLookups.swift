import CashierCore
import GRDB
import SQLiteSupport

/// What a second gateway (WeChat Pay's) needs of the same ledger: trades found by the platform's
/// own numbers, and the platform revoking a code payment the customer never finished.
extension SandboxPlatform {
    /// The merchant trade number of a platform trade number (`SBX000000000042`), or nil.
    public func tradeNo(platformTradeNo: String) throws -> String? {
        guard platformTradeNo.hasPrefix("SBX"), let id = Int64(platformTradeNo.dropFirst(3)) else { return nil }
        return try pool.read { db in try String.one(db, sql: "SELECT trade_no FROM trade WHERE id = ?", arguments: [id]) }
    }

    /// The trade a refund number belongs to (the oldest, should two trades share one), or nil.
    public func tradeNo(refundNo: String) throws -> String? {
        try pool.read { db in
            try String.one(db, sql: "SELECT trade_no FROM refund WHERE refund_no = ? ORDER BY created_at LIMIT 1",
                           arguments: [refundNo])
        }
    }

    /// The platform gives up on a code payment still waiting for the customer's password once it
    /// was created before `createdBefore` (WeChat revokes after about 45 s): the trade is closed
    /// unpaid. Returns whether it did so now.
    @discardableResult
    public func revokeUnpaidCodePayment(tradeNo: String, createdBefore: Millis) async throws -> Bool {
        let now = clock.now()
        return try await transaction { db -> Bool in
            try Sandbox.settle(db, tradeNo, now: now)
            try db.run(sql: """
                UPDATE trade SET status = 'closed', reversed = 0, succeeds_at = NULL, updated_at = ?
                WHERE trade_no = ? AND mode = 'code' AND status = 'waiting' AND created_at <= ?
                """, arguments: [now, tradeNo, createdBefore])
            return db.changesCount > 0
        }
    }
}
