import CashierCore
import GRDB
import SQLiteSupport

/// The store's side of a reconciliation: the online payments and refunds a bill is matched
/// against, and the recorded results (ReconciliationSchema).
public struct ReconStoreTrade: Sendable, Equatable {
    public var tradeNo: String
    public var amount: Int64
    /// payment_orders.state
    public var state: String
    public var updatedAt: Millis
}

public struct ReconStoreRefund: Sendable, Equatable {
    public var refundNo: String
    public var tradeNo: String
    public var amount: Int64
    /// refund_orders.state
    public var state: String
    public var updatedAt: Millis
}

/// One discrepancy to record (the engine's classification).
public struct ReconItemInput: Sendable, Equatable {
    public var kind: String
    public var tradeNo: String
    public var refundNo: String
    public var billAmount: Int64?
    public var storeAmount: Int64?
    public var action: String
    public var note: String

    public init(kind: String, tradeNo: String, refundNo: String, billAmount: Int64?, storeAmount: Int64?, action: String, note: String) {
        self.kind = kind; self.tradeNo = tradeNo; self.refundNo = refundNo
        self.billAmount = billAmount; self.storeAmount = storeAmount; self.action = action; self.note = note
    }

    /// Identifies the item across runs of its day (the table's unique key).
    var key: String { "\(kind)|\(tradeNo)|\(refundNo)" }
    /// Everything it says, to tell whether a run changed it.
    var whole: String { "\(key)|\(billAmount.map(String.init) ?? "-")|\(storeAmount.map(String.init) ?? "-")|\(action)|\(note)" }
}

public struct ReconDayInput: Sendable, Equatable {
    public var platform: String
    public var billDate: String
    public var digest: String
    public var currency: String
    public var tradesMatched: Int
    public var tradesMatchedAmount: Int64
    public var refundsMatched: Int
    public var refundsMatchedAmount: Int64
    public var fees: Int64
    public var held: Int

    public init(platform: String, billDate: String, digest: String, currency: String, tradesMatched: Int, tradesMatchedAmount: Int64,
                refundsMatched: Int, refundsMatchedAmount: Int64, fees: Int64, held: Int) {
        self.platform = platform; self.billDate = billDate; self.digest = digest; self.currency = currency
        self.tradesMatched = tradesMatched; self.tradesMatchedAmount = tradesMatchedAmount
        self.refundsMatched = refundsMatched; self.refundsMatchedAmount = refundsMatchedAmount; self.fees = fees; self.held = held
    }
}

public struct ReconDayRecord: Sendable, Equatable, Codable {
    public var platform: String
    public var billDate: String
    public var tradesMatched: Int
    public var tradesMatchedAmount: Int64
    public var refundsMatched: Int
    public var refundsMatchedAmount: Int64
    public var fees: Int64
    public var held: Int
    public var runs: Int
    public var billChanged: Bool
    public var openItems: Int
    public var currency: String
}

public struct ReconItemRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var platform: String
    public var billDate: String
    public var kind: String
    public var tradeNo: String
    public var refundNo: String
    public var billAmount: Int64?
    public var storeAmount: Int64?
    public var currency: String
    public var action: String
    public var note: String
    public var state: String
    public var resolvedBy: String?
    public var resolution: String?

    init(row: Row) {
        id = row["id"]; platform = row["platform"]; billDate = row["bill_date"]; kind = row["kind"]
        tradeNo = row["trade_no"]; refundNo = row["refund_no"]; billAmount = row["bill_amount"]; storeAmount = row["store_amount"]
        currency = row["currency"]; action = row["action"]; note = row["note"]; state = row["state"]
        resolvedBy = row["resolved_by"]; resolution = row["resolution"]
    }
}

/// What recording a run did.
public enum ReconRecordOutcome: String, Sendable, Codable {
    /// The first run of the day.
    case recorded
    /// The same bill as last time: nothing changed but the run count.
    case unchanged
    /// The bill differs from the one reconciled before: results replaced, open items redone.
    case billChanged = "bill_changed"
    /// The same bill, but the store changed since (a payment applied, say): results redone.
    case storeChanged = "store_changed"
}

extension Store {
    /// The platform's online payments finished from `since` on, and any others a bill names.
    public func reconTrades(platform: String, since: Millis, naming numbers: Set<String>) throws -> [String: ReconStoreTrade] {
        try grdbRead { db in
            var out: [String: ReconStoreTrade] = [:]
            func add(_ row: Row) {
                out[row["trade_no"]] = ReconStoreTrade(tradeNo: row["trade_no"], amount: row["amount"], state: row["state"], updatedAt: row["updated_at"])
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT trade_no, amount, state, updated_at FROM payment_orders WHERE platform = ? AND updated_at >= ?
                """, arguments: [platform, since]) { add(row) }
            let statement = try db.cachedStatement(sql: "SELECT trade_no, amount, state, updated_at FROM payment_orders WHERE trade_no = ?")
            for n in numbers where out[n] == nil {
                if let row = try Row.fetchOne(statement, arguments: [n]) { add(row) }
            }
            return out
        }
    }

    /// Refunds of the platform's payments changed from `since` on, and any others a bill names.
    public func reconRefunds(platform: String, since: Millis, naming numbers: Set<String>) throws -> [String: ReconStoreRefund] {
        try grdbRead { db in
            var out: [String: ReconStoreRefund] = [:]
            let select = """
                SELECT r.refund_no, p.trade_no, r.amount, r.state, r.updated_at
                FROM refund_orders r JOIN payment_details d ON d.id = r.detail_id AND d.method = 'online'
                JOIN payment_orders p ON p.checkout_id = d.checkout_id
                """
            func add(_ row: Row) {
                out[row["refund_no"]] = ReconStoreRefund(refundNo: row["refund_no"], tradeNo: row["trade_no"], amount: row["amount"],
                                                         state: row["state"], updatedAt: row["updated_at"])
            }
            for row in try Row.fetchAll(db, sql: select + " WHERE p.platform = ? AND r.updated_at >= ?", arguments: [platform, since]) { add(row) }
            let statement = try db.cachedStatement(sql: select + " WHERE r.refund_no = ?")
            for n in numbers where out[n] == nil {
                if let row = try Row.fetchOne(statement, arguments: [n]) { add(row) }
            }
            return out
        }
    }

    /// Records one run in one transaction. The day's figures and open items are the latest
    /// run's: an item still found keeps its number, one no longer found goes, a new one is added,
    /// and resolved items are history and stay. A run that changes nothing (same bill, same
    /// store) only counts; any other run is audited.
    public func recordReconciliation(_ day: ReconDayInput, items: [ReconItemInput], actor: String, channel: String) throws -> ReconRecordOutcome {
        let now = clock.now()
        return try grdbWrite { db -> ReconRecordOutcome in
            let before = try Row.fetchOne(db, sql: "SELECT * FROM reconciliations WHERE platform = ? AND bill_date = ?",
                                          arguments: [day.platform, day.billDate])
            let previous: String? = before?["bill_digest"]
            let open = try Row.fetchAll(db, sql: """
                SELECT kind, trade_no, refund_no, bill_amount, store_amount, action, note FROM reconciliation_items
                WHERE platform = ? AND bill_date = ? AND state = 'open'
                """, arguments: [day.platform, day.billDate]).map {
                ReconItemInput(kind: $0["kind"], tradeNo: $0["trade_no"], refundNo: $0["refund_no"], billAmount: $0["bill_amount"],
                               storeAmount: $0["store_amount"], action: $0["action"], note: $0["note"])
            }
            let resolvedKeys = Set(try Row.fetchAll(db, sql: """
                SELECT kind, trade_no, refund_no FROM reconciliation_items WHERE platform = ? AND bill_date = ? AND state = 'resolved'
                """, arguments: [day.platform, day.billDate]).map { "\($0["kind"] as String)|\($0["trade_no"] as String)|\($0["refund_no"] as String)" })
            let wanted = items.filter { !resolvedKeys.contains($0.key) }
            let sameFigures = before.map { b in
                b["trades_matched"] == day.tradesMatched && b["trades_matched_amount"] == day.tradesMatchedAmount
                    && b["refunds_matched"] == day.refundsMatched && b["refunds_matched_amount"] == day.refundsMatchedAmount
                    && b["fees"] == day.fees && b["held"] == day.held
            } ?? false
            if previous == day.digest && sameFigures && Set(open.map(\.whole)) == Set(wanted.map(\.whole)) {
                try db.run(sql: "UPDATE reconciliations SET runs = runs + 1, last_run_at = ? WHERE platform = ? AND bill_date = ?",
                           arguments: [now, day.platform, day.billDate])
                return .unchanged
            }
            try db.run(sql: """
                INSERT INTO reconciliations (platform, bill_date, bill_digest, currency, trades_matched, trades_matched_amount,
                    refunds_matched, refunds_matched_amount, fees, held, runs, bill_changed, first_run_at, last_run_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)
                ON CONFLICT (platform, bill_date) DO UPDATE SET bill_digest = excluded.bill_digest,
                    trades_matched = excluded.trades_matched, trades_matched_amount = excluded.trades_matched_amount,
                    refunds_matched = excluded.refunds_matched, refunds_matched_amount = excluded.refunds_matched_amount,
                    fees = excluded.fees, held = excluded.held, runs = runs + 1,
                    bill_changed = bill_changed OR bill_digest <> excluded.bill_digest, last_run_at = excluded.last_run_at
                """, arguments: [day.platform, day.billDate, day.digest, day.currency, day.tradesMatched, day.tradesMatchedAmount,
                                 day.refundsMatched, day.refundsMatchedAmount, day.fees, day.held, now, now])
            // Open items no longer found go; those still found keep their number and take the latest words.
            let wantedKeys = Set(wanted.map(\.key))
            let delete = try db.cachedStatement(sql: """
                DELETE FROM reconciliation_items WHERE platform = ? AND bill_date = ? AND kind = ? AND trade_no = ? AND refund_no = ? AND state = 'open'
                """)
            for i in open where !wantedKeys.contains(i.key) {
                try delete.execute(arguments: [day.platform, day.billDate, i.kind, i.tradeNo, i.refundNo])
            }
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO reconciliation_items (platform, bill_date, kind, trade_no, refund_no, bill_amount, store_amount,
                                                  currency, action, note, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, bill_date, kind, trade_no, refund_no) DO UPDATE SET bill_amount = excluded.bill_amount,
                    store_amount = excluded.store_amount, action = excluded.action, note = excluded.note
                WHERE state = 'open'
                """)
            for i in wanted {
                try upsert.execute(arguments: [day.platform, day.billDate, i.kind, i.tradeNo, i.refundNo, i.billAmount, i.storeAmount,
                                               day.currency, i.action, i.note, now])
            }
            let outcome: ReconRecordOutcome = previous == nil ? .recorded : previous != day.digest ? .billChanged : .storeChanged
            let why = outcome == .recorded ? "first run" : outcome == .billChanged ? "bill changed" : "same bill, the store changed"
            try AuditLog.append(db, at: now, AuditEvent(
                actor: actor, channel: channel, action: "reconcile", subject: "\(day.platform) \(day.billDate)",
                amount: day.tradesMatchedAmount, currency: day.currency,
                detail: "\(why): \(day.tradesMatched) trades and \(day.refundsMatched) refunds matched, \(wanted.count) discrepancies open, \(day.held) held"))
            return outcome
        }
    }

    public func reconDays(date: String?) throws -> [ReconDayRecord] {
        try grdbRead { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, (SELECT count(*) FROM reconciliation_items i WHERE i.platform = r.platform
                             AND i.bill_date = r.bill_date AND i.state = 'open') AS open_items
                FROM reconciliations r WHERE ?1 IS NULL OR r.bill_date = ?1 ORDER BY r.bill_date, r.platform
                """, arguments: [date]).map { row in
                ReconDayRecord(platform: row["platform"], billDate: row["bill_date"], tradesMatched: row["trades_matched"],
                               tradesMatchedAmount: row["trades_matched_amount"], refundsMatched: row["refunds_matched"],
                               refundsMatchedAmount: row["refunds_matched_amount"], fees: row["fees"], held: row["held"],
                               runs: row["runs"], billChanged: row["bill_changed"], openItems: row["open_items"], currency: row["currency"])
            }
        }
    }

    public func reconItems(platform: String?, date: String?, openOnly: Bool) throws -> [ReconItemRecord] {
        try grdbRead { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM reconciliation_items WHERE (?1 IS NULL OR platform = ?1) AND (?2 IS NULL OR bill_date = ?2)
                AND (?3 = 0 OR state = 'open') ORDER BY bill_date, platform, id
                """, arguments: [platform, date, openOnly]).map(ReconItemRecord.init(row:))
        }
    }

    public func reconItem(id: Int64) throws -> ReconItemRecord? {
        try grdbRead { db in try Row.fetchOne(db, sql: "SELECT * FROM reconciliation_items WHERE id = ?", arguments: [id]).map(ReconItemRecord.init(row:)) }
    }

    /// A supervisor closes an item with a note, audited. Resolving twice is refused.
    public func resolveReconItem(id: Int64, by supervisor: String, note: String, channel: String) throws -> ReconItemRecord {
        let now = clock.now()
        return try grdbWrite { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reconciliation_items WHERE id = ?", arguments: [id]) else {
                throw CashierError.notFound("refusal.reconcile.no_item", ["id": "\(id)"])
            }
            let item = ReconItemRecord(row: row)
            guard item.state == "open" else {
                throw CashierError.conflict("refusal.reconcile.already_resolved", ["id": "\(id)", "by": "\(item.resolvedBy ?? "?")", "resolution": "\(item.resolution ?? "")"])
            }
            try db.run(sql: "UPDATE reconciliation_items SET state = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ?",
                       arguments: [supervisor, now, note, id])
            try AuditLog.append(db, at: now, AuditEvent(
                actor: supervisor, channel: channel, action: "reconcile_resolve", subject: "\(item.platform) \(item.billDate) \(item.kind) \(item.tradeNo) \(item.refundNo)",
                amount: item.billAmount ?? item.storeAmount ?? 0, currency: item.currency, detail: note))
            var resolved = item
            resolved.state = "resolved"; resolved.resolvedBy = supervisor; resolved.resolution = note
            return resolved
        }
    }
}
