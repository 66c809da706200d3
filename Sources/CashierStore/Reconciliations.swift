import CashierCore
import SQLSeam

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

    init(row: SQLRow) throws {
        id = try row.get("id"); platform = try row.get("platform"); billDate = try row.get("bill_date"); kind = try row.get("kind")
        tradeNo = try row.get("trade_no"); refundNo = try row.get("refund_no"); billAmount = try row.get("bill_amount")
        storeAmount = try row.get("store_amount"); currency = try row.get("currency"); action = try row.get("action")
        note = try row.get("note"); state = try row.get("state"); resolvedBy = try row.get("resolved_by"); resolution = try row.get("resolution")
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
        try read { x in
            var out: [String: ReconStoreTrade] = [:]
            func add(_ row: SQLRow) throws {
                let t = ReconStoreTrade(tradeNo: try row.get("trade_no"), amount: try row.get("amount"), state: try row.get("state"),
                                        updatedAt: try row.get("updated_at"))
                out[t.tradeNo] = t
            }
            for row in try x.rows("""
                SELECT trade_no, amount, state, updated_at FROM payment_orders WHERE platform = ? AND updated_at >= ?
                """, platform, since) { try add(row) }
            for n in numbers where out[n] == nil {
                if let row = try x.row("SELECT trade_no, amount, state, updated_at FROM payment_orders WHERE trade_no = ?", n) { try add(row) }
            }
            return out
        }
    }

    /// Refunds of the platform's payments changed from `since` on, and any others a bill names.
    public func reconRefunds(platform: String, since: Millis, naming numbers: Set<String>) throws -> [String: ReconStoreRefund] {
        try read { x in
            var out: [String: ReconStoreRefund] = [:]
            let select = """
                SELECT r.refund_no, p.trade_no, r.amount, r.state, r.updated_at
                FROM refund_orders r JOIN payment_details d ON d.id = r.detail_id AND d.method = 'online'
                JOIN payment_orders p ON p.checkout_id = d.checkout_id
                """
            func add(_ row: SQLRow) throws {
                let r = ReconStoreRefund(refundNo: try row.get("refund_no"), tradeNo: try row.get("trade_no"), amount: try row.get("amount"),
                                         state: try row.get("state"), updatedAt: try row.get("updated_at"))
                out[r.refundNo] = r
            }
            for row in try x.rows(SQLStatement(select + " WHERE p.platform = ? AND r.updated_at >= ?"), platform, since) { try add(row) }
            let byNumber = SQLStatement(select + " WHERE r.refund_no = ?")
            for n in numbers where out[n] == nil {
                if let row = try x.row(byNumber, n) { try add(row) }
            }
            return out
        }
    }

    /// Records one run in one transaction. The day's figures and open items are the latest
    /// run's: an item still found keeps its number, one no longer found goes, a new one is added,
    /// and resolved items are history and stay. A run that changes nothing (same bill, same
    /// store) only counts; any other run is audited (so every run is serialized on the audit chain,
    /// which also keeps two hosts' runs of one day from interleaving).
    public func recordReconciliation(_ day: ReconDayInput, items: [ReconItemInput], actor: String, channel: String) throws -> ReconRecordOutcome {
        let now = clock.now()
        return try write(.serialized(key: Store.auditChain)) { x in
            try Store.recordReconciliation(x, day, items: items, actor: actor, channel: channel, now: now)
        }
    }

    static func recordReconciliation(_ x: any SQLExecutor, _ day: ReconDayInput, items: [ReconItemInput], actor: String, channel: String,
                                     now: Millis) throws -> ReconRecordOutcome {
        let before = try x.row("SELECT * FROM reconciliations WHERE platform = ? AND bill_date = ?", day.platform, day.billDate)
        let previous = try before?.get("bill_digest", as: String.self)
        let open = try x.rows("""
            SELECT kind, trade_no, refund_no, bill_amount, store_amount, action, note FROM reconciliation_items
            WHERE platform = ? AND bill_date = ? AND state = 'open'
            """, day.platform, day.billDate).map {
            ReconItemInput(kind: try $0.get("kind"), tradeNo: try $0.get("trade_no"), refundNo: try $0.get("refund_no"),
                           billAmount: try $0.get("bill_amount"), storeAmount: try $0.get("store_amount"), action: try $0.get("action"),
                           note: try $0.get("note"))
        }
        let resolvedKeys = Set(try x.rows("""
            SELECT kind, trade_no, refund_no FROM reconciliation_items WHERE platform = ? AND bill_date = ? AND state = 'resolved'
            """, day.platform, day.billDate).map {
            "\(try $0.get("kind", as: String.self))|\(try $0.get("trade_no", as: String.self))|\(try $0.get("refund_no", as: String.self))"
        })
        let wanted = items.filter { !resolvedKeys.contains($0.key) }
        let sameFigures = try before.map { b in
            try b.get("trades_matched", as: Int.self) == day.tradesMatched && b.get("trades_matched_amount", as: Int64.self) == day.tradesMatchedAmount
                && b.get("refunds_matched", as: Int.self) == day.refundsMatched
                && b.get("refunds_matched_amount", as: Int64.self) == day.refundsMatchedAmount
                && b.get("fees", as: Int64.self) == day.fees && b.get("held", as: Int.self) == day.held
        } ?? false
        if previous == day.digest && sameFigures && Set(open.map(\.whole)) == Set(wanted.map(\.whole)) {
            try x.execute("UPDATE reconciliations SET runs = runs + 1, last_run_at = ? WHERE platform = ? AND bill_date = ?",
                          now, day.platform, day.billDate)
            return .unchanged
        }
        // `bill_changed` is an integer flag on both engines: the CASE reads alike on each
        // (SQLite's `bill_changed OR …` would be integer OR boolean on PostgreSQL).
        try x.execute("""
            INSERT INTO reconciliations (platform, bill_date, bill_digest, currency, trades_matched, trades_matched_amount,
                refunds_matched, refunds_matched_amount, fees, held, runs, bill_changed, first_run_at, last_run_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)
            ON CONFLICT (platform, bill_date) DO UPDATE SET bill_digest = excluded.bill_digest,
                trades_matched = excluded.trades_matched, trades_matched_amount = excluded.trades_matched_amount,
                refunds_matched = excluded.refunds_matched, refunds_matched_amount = excluded.refunds_matched_amount,
                fees = excluded.fees, held = excluded.held, runs = reconciliations.runs + 1,
                bill_changed = CASE WHEN reconciliations.bill_changed = 1 OR reconciliations.bill_digest <> excluded.bill_digest
                                    THEN 1 ELSE 0 END,
                last_run_at = excluded.last_run_at
            """, day.platform, day.billDate, day.digest, day.currency, day.tradesMatched, day.tradesMatchedAmount,
            day.refundsMatched, day.refundsMatchedAmount, day.fees, day.held, now, now)
        // Open items no longer found go; those still found keep their number and take the latest words.
        let wantedKeys = Set(wanted.map(\.key))
        for i in open where !wantedKeys.contains(i.key) {
            try x.execute("""
                DELETE FROM reconciliation_items WHERE platform = ? AND bill_date = ? AND kind = ? AND trade_no = ? AND refund_no = ? AND state = 'open'
                """, day.platform, day.billDate, i.kind, i.tradeNo, i.refundNo)
        }
        for i in wanted {
            try x.execute("""
                INSERT INTO reconciliation_items (platform, bill_date, kind, trade_no, refund_no, bill_amount, store_amount,
                                                  currency, action, note, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, bill_date, kind, trade_no, refund_no) DO UPDATE SET bill_amount = excluded.bill_amount,
                    store_amount = excluded.store_amount, action = excluded.action, note = excluded.note
                WHERE reconciliation_items.state = 'open'
                """, day.platform, day.billDate, i.kind, i.tradeNo, i.refundNo, i.billAmount, i.storeAmount, day.currency, i.action, i.note, now)
        }
        let outcome: ReconRecordOutcome = previous == nil ? .recorded : previous != day.digest ? .billChanged : .storeChanged
        let why = outcome == .recorded ? "first run" : outcome == .billChanged ? "bill changed" : "same bill, the store changed"
        try AuditLog.append(x, at: now, AuditEvent(
            actor: actor, channel: channel, action: "reconcile", subject: "\(day.platform) \(day.billDate)",
            amount: day.tradesMatchedAmount, currency: day.currency,
            detail: "\(why): \(day.tradesMatched) trades and \(day.refundsMatched) refunds matched, \(wanted.count) discrepancies open, \(day.held) held"))
        return outcome
    }

    /// A day filter, or none: the condition is written only when there is a value to compare (a
    /// NULL placeholder compared with `IS NULL` has no type PostgreSQL could infer).
    public func reconDays(date: String?) throws -> [ReconDayRecord] {
        try read { x in
            try Store.reconDays(x, date: date)
        }
    }

    static func reconDays(_ x: any SQLExecutor, date: String?) throws -> [ReconDayRecord] {
        try x.rows(SQLStatement("""
            SELECT r.*, (SELECT count(*) FROM reconciliation_items i WHERE i.platform = r.platform
                         AND i.bill_date = r.bill_date AND i.state = 'open') AS open_items
            FROM reconciliations r \(date == nil ? "" : "WHERE r.bill_date = ?") ORDER BY r.bill_date, r.platform
            """), date.map { [$0.sqlValue] } ?? []).map { row in
            ReconDayRecord(platform: try row.get("platform"), billDate: try row.get("bill_date"), tradesMatched: try row.get("trades_matched"),
                           tradesMatchedAmount: try row.get("trades_matched_amount"), refundsMatched: try row.get("refunds_matched"),
                           refundsMatchedAmount: try row.get("refunds_matched_amount"), fees: try row.get("fees"), held: try row.get("held"),
                           runs: try row.get("runs"), billChanged: try row.get("bill_changed"), openItems: try row.get("open_items"),
                           currency: try row.get("currency"))
        }
    }

    public func reconItems(platform: String?, date: String?, openOnly: Bool) throws -> [ReconItemRecord] {
        try read { x in try Store.reconItems(x, platform: platform, date: date, openOnly: openOnly) }
    }

    static func reconItems(_ x: any SQLExecutor, platform: String?, date: String?, openOnly: Bool) throws -> [ReconItemRecord] {
        var conditions: [String] = [], values: [SQLValue] = []
        if let platform { conditions.append("platform = ?"); values.append(platform.sqlValue) }
        if let date { conditions.append("bill_date = ?"); values.append(date.sqlValue) }
        if openOnly { conditions.append("state = 'open'") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try x.rows(SQLStatement("SELECT * FROM reconciliation_items \(filter) ORDER BY bill_date, platform, id"), values)
            .map { try ReconItemRecord(row: $0) }
    }

    public func reconItem(id: Int64) throws -> ReconItemRecord? {
        try read { x in try x.row("SELECT * FROM reconciliation_items WHERE id = ?", id).map { try ReconItemRecord(row: $0) } }
    }

    /// A supervisor closes an item with a note, audited. Resolving twice is refused.
    public func resolveReconItem(id: Int64, by supervisor: String, note: String, channel: String) throws -> ReconItemRecord {
        let now = clock.now()
        return try write(.serialized(key: Store.auditChain)) { x in
            try Store.resolveReconItem(x, id: id, by: supervisor, note: note, channel: channel, now: now)
        }
    }

    static func resolveReconItem(_ x: any SQLExecutor, id: Int64, by supervisor: String, note: String, channel: String,
                                 now: Millis) throws -> ReconItemRecord {
        guard let row = try x.row("SELECT * FROM reconciliation_items WHERE id = ?", id) else {
            throw CashierError.notFound("refusal.reconcile.no_item", ["id": "\(id)"])
        }
        let item = try ReconItemRecord(row: row)
        guard item.state == "open" else {
            throw CashierError.conflict("refusal.reconcile.already_resolved", ["id": "\(id)", "by": "\(item.resolvedBy ?? "?")", "resolution": "\(item.resolution ?? "")"])
        }
        try x.execute("UPDATE reconciliation_items SET state = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ?",
                      supervisor, now, note, id)
        try AuditLog.append(x, at: now, AuditEvent(
            actor: supervisor, channel: channel, action: "reconcile_resolve", subject: "\(item.platform) \(item.billDate) \(item.kind) \(item.tradeNo) \(item.refundNo)",
            amount: item.billAmount ?? item.storeAmount ?? 0, currency: item.currency, detail: note))
        var resolved = item
        resolved.state = "resolved"; resolved.resolvedBy = supervisor; resolved.resolution = note
        return resolved
    }
}
