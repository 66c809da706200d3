import CashierCore
import SQLSeam

/// A receipt in the outbox. Rows are created only by the triggers of ReceiptSchema.
public enum ReceiptState: String, StateMachine, Codable {
    case pending, done
    case printFailed = "print_failed"
    case historic

    public enum Event: String, CaseIterable, Hashable, Sendable {
        /// File written; printed too when a printer is set.
        case completed
        /// File written; the printer command failed.
        case printFailed
        /// A reprint went through the printer after all.
        case reprinted
    }

    public static func transition(from state: Self, on event: Event) -> Self? {
        switch (state, event) {
        case (.pending, .completed), (.printFailed, .reprinted): return .done
        case (.pending, .printFailed): return .printFailed
        default: return nil
        }
    }

    public var isFinal: Bool { self != .pending }
    public var isTerminal: Bool { self == .done || self == .historic }
}

public struct ReceiptRecord: Sendable, Equatable {
    public enum Kind: String, Sendable { case payment, refund }
    public var id: Int64
    public var number: Int64
    public var kind: Kind
    public var checkoutId: Int64?
    public var refundOrderId: Int64?
    public var state: ReceiptState
    public var createdAt: Millis
    public var attempts: Int
    public var leaseOwner: String?
    public var file: String?
    public var error: String?
    public var printed: Bool
    public var doneAt: Millis?
    public var reprints: Int

    public init(row: SQLRow) throws {
        id = try row.get("id"); number = try row.get("number"); kind = try Kind(rawValue: row.get("kind")) ?? .payment
        checkoutId = try row.get("checkout_id"); refundOrderId = try row.get("refund_order_id")
        state = try ReceiptState(rawValue: row.get("state")) ?? .pending; createdAt = try row.get("created_at"); attempts = try row.get("attempts")
        leaseOwner = try row.get("lease_owner"); file = try row.get("file"); error = try row.get("error"); printed = try row.get("printed")
        doneAt = try row.get("done_at"); reprints = try row.get("reprints")
    }
}

extension Store {
    /// Which receipts a worker at `terminal` takes: its own terminal's, those of no terminal
    /// (channel payments, online refunds), and any other terminal's once they waited past
    /// `othersBefore` (that terminal is not running a worker). A payment's terminal is its shift's;
    /// a cash refund's is the drawer it came out of.
    static let claimable = """
        SELECT r.id FROM receipts r
        LEFT JOIN checkouts c ON c.id = r.checkout_id LEFT JOIN shifts s ON s.id = c.shift_id
        LEFT JOIN cash_movements m ON m.refund_order_id = r.refund_order_id LEFT JOIN shifts ms ON ms.id = m.shift_id
        WHERE r.state = 'pending' AND (r.lease_until IS NULL OR r.lease_until <= ?)
          AND (COALESCE(s.terminal, ms.terminal) IS NULL OR COALESCE(s.terminal, ms.terminal) = ? OR r.created_at <= ?)
        """

    /// Whether a worker has anything to take now (a read: no write lock on an idle poller cycle).
    public func hasClaimableReceipts(terminal: String, othersBefore: Millis) -> Bool {
        (try? read { x in
            try x.value(Bool.self, SQLStatement("SELECT EXISTS(\(Store.claimable))"), clock.now(), terminal, othersBefore)
        }) ?? false
    }

    /// Claims up to `limit` pending receipts for `owner` with a lease, so two workers (a console's
    /// poller and a CLI call) never render and print the same receipt at once. PostgreSQL's form
    /// skips the rows another host's claim holds locked, rather than waiting for them and then
    /// finding them leased; SQLite's single writer needs no such clause.
    public func claimPendingReceipts(owner: String, lease: Millis, limit: Int = 50, terminal: String,
                                     othersBefore: Millis) throws -> [ReceiptRecord] {
        try write { x in
            try Store.claimReceipts(x, owner: owner, now: clock.now(), lease: lease, limit: limit, terminal: terminal, othersBefore: othersBefore)
        }
    }

    static func claimReceipts(_ x: any SQLExecutor, owner: String, now: Millis, lease: Millis, limit: Int, terminal: String,
                              othersBefore: Millis) throws -> [ReceiptRecord] {
        let claim = SQLStatement.claim(lockingOf: "r") { locking in
            """
            UPDATE receipts SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
            WHERE id IN (\(Store.claimable) ORDER BY r.id LIMIT ?\(locking))
            RETURNING *
            """
        }
        return try x.rows(claim,
                          owner, now + lease, now, terminal, othersBefore, limit)
            .map(ReceiptRecord.init(row:)).sorted { $0.number < $1.number }
    }

    /// The file is written; `printError` nil means printed (or no printer). Compare-and-set on the
    /// state and the lease: a worker whose lease was taken over does not overwrite the other's result.
    @discardableResult
    public func receiptWritten(id: Int64, owner: String, file: String, printed: Bool, printError: String?) throws -> Bool {
        try write { x in
            guard try x.value(String?.self, "SELECT lease_owner FROM receipts WHERE id = ?", id) == .some(owner) else { return false }
            return try x.transition("receipts", id: id, from: ReceiptState.pending, on: printError == nil ? .completed : .printFailed,
                                    set: "file = ?, printed = ?, error = ?, done_at = ?, lease_owner = NULL, lease_until = NULL",
                                    [file, printed, printError, clock.now()])
        }
    }

    /// The file could not be written: the receipt stays in the outbox and is tried again at `retryAt`.
    public func receiptNotWritten(id: Int64, owner: String, error: String, retryAt: Millis) throws {
        try write { x in
            try x.execute("UPDATE receipts SET error = ?, lease_until = ? WHERE id = ? AND state = 'pending' AND lease_owner = ?",
                          error, retryAt, id, owner)
        }
    }

    /// Takes the next copy number of a receipt for a reprint. Audited: a reprinted receipt is a
    /// classic prop of a fake return.
    public func receiptReprint(id: Int64, by user: String) throws -> Int {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            guard let r = try x.row("SELECT * FROM receipts WHERE id = ?", id).map(ReceiptRecord.init(row:)) else {
                throw CashierError.notFound("refusal.receipt.none", ["id": "\(id)"])
            }
            try x.execute("UPDATE receipts SET reprints = reprints + 1 WHERE id = ?", id)
            try AuditLog.append(x, at: now, AuditEvent(actor: user, channel: "counter", action: "receipt.reprinted",
                                                       subject: "receipt \(Store.receiptName(r.number)) copy \(r.reprints + 1)",
                                                       amount: 0, currency: try Store.currencyCode(x)))
            return r.reprints + 1
        }
    }

    /// A reprint reached the printer: an earlier print failure is over.
    public func receiptPrintRecovered(id: Int64) throws {
        try write { x in
            _ = try x.transition("receipts", id: id, from: ReceiptState.printFailed, on: .reprinted, set: "printed = 1, error = NULL", [])
        }
    }

    static func receiptName(_ n: Int64) -> String {
        let digits = String(n)
        return "R" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static func currencyCode(_ x: any SQLExecutor) throws -> String {
        try x.value(String.self, "SELECT value FROM meta WHERE key = 'currency'") ?? "CNY"
    }

    public func receipt(id: Int64) throws -> ReceiptRecord? {
        try read { x in try x.row("SELECT * FROM receipts WHERE id = ?", id).map(ReceiptRecord.init(row:)) }
    }

    /// Newest first.
    public func receipts(limit: Int, state: ReceiptState? = nil) throws -> [ReceiptRecord] {
        try read { x in
            if let state {
                return try x.rows("SELECT * FROM receipts WHERE state = ? ORDER BY number DESC LIMIT ?", state.rawValue, limit)
                    .map(ReceiptRecord.init(row:))
            }
            return try x.rows("SELECT * FROM receipts ORDER BY number DESC LIMIT ?", limit).map(ReceiptRecord.init(row:))
        }
    }

    /// The receipts a cashier may mean by `reference`: a receipt number (R00000012 or 12), a
    /// payment's trade number, a refund number, or an order number (its payment and refunds).
    public func receipts(reference: String) throws -> [ReceiptRecord] {
        let ref = reference.trimmingCharacters(in: .whitespaces)
        let upper = ref.uppercased()
        let digits = upper.hasPrefix("R") ? String(upper.dropFirst()) : upper
        let number: Int64? = !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int64(digits) : nil
        return try read { x in
            try x.rows("""
                SELECT * FROM receipts WHERE number = ?
                   OR checkout_id IN (SELECT checkout_id FROM payment_orders WHERE trade_no = ?)
                   OR refund_order_id IN (SELECT id FROM refund_orders WHERE refund_no = ?)
                   OR checkout_id IN (SELECT co.checkout_id FROM checkout_orders co JOIN orders o ON o.id = co.order_id WHERE o.number = ?)
                   OR refund_order_id IN (SELECT r.id FROM refund_orders r JOIN orders o ON o.id = r.order_id WHERE o.number = ?)
                ORDER BY number
                """, number, ref, ref, ref, ref).map(ReceiptRecord.init(row:))
        }
    }

    /// An order's receipts: its payment and refunds, oldest first.
    public func receipts(orderId: Int64) throws -> [ReceiptRecord] {
        try read { x in
            try x.rows("""
                SELECT * FROM receipts
                WHERE checkout_id IN (SELECT checkout_id FROM checkout_orders WHERE order_id = ?)
                   OR refund_order_id IN (SELECT id FROM refund_orders WHERE order_id = ?)
                ORDER BY number
                """, orderId, orderId).map(ReceiptRecord.init(row:))
        }
    }

    /// Receipts still in the outbox that settled before `before`: a worker should have taken them.
    public func overdueReceipts(before: Millis) throws -> [ReceiptRecord] {
        try read { x in
            try x.rows("SELECT * FROM receipts WHERE state = 'pending' AND created_at < ? ORDER BY id", before).map(ReceiptRecord.init(row:))
        }
    }
}
