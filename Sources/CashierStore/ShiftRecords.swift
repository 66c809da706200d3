import CashierCore
import SQLSeam

public struct ShiftRecord: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable { case open, closed }
    public var id: Int64
    public var terminal: String
    public var operatorName: String
    public var currency: Currency
    public var state: State
    public var openingFloat: Int64
    public var openedAt: Millis
    public var closedAt: Millis?
    public var closedBy: String?
    /// The supervisor who approved a close beyond the over/short limit (or closed another's shift).
    public var approvedBy: String?
    public var expected: Int64?
    public var counted: Int64?
    /// Counted minus expected: positive over, negative short.
    public var overShort: Int64?

    public init(row: SQLRow) throws {
        id = try row.get("id"); terminal = try row.get("terminal"); operatorName = try row.get("operator")
        currency = try Currency.named(row.get("currency")) ?? .cny; state = try State(rawValue: row.get("state")) ?? .open
        openingFloat = try row.get("opening_float"); openedAt = try row.get("opened_at"); closedAt = try row.get("closed_at")
        closedBy = try row.get("closed_by"); approvedBy = try row.get("approved_by"); expected = try row.get("expected")
        counted = try row.get("counted"); overShort = try row.get("over_short")
    }

    public var isOpen: Bool { state == .open }
}

public enum CashMovementKind: String, Sendable, Codable, CaseIterable {
    /// The counted opening float.
    case float
    /// Cash tendered for a payment (in).
    case sale
    /// Change given back (out).
    case change
    /// A cash refund paid out.
    case refund
    case cashIn = "cash_in"
    case cashOut = "cash_out"
}

public struct CashMovementRecord: Sendable, Equatable {
    public var id: Int64
    public var shiftId: Int64
    public var kind: CashMovementKind
    /// Signed minor units: into the drawer positive, out of it negative.
    public var amount: Int64
    public var currency: Currency
    public var reason: String?
    public var checkoutId: Int64?
    public var refundOrderId: Int64?
    public var at: Millis
    public var operatorName: String

    public init(row: SQLRow) throws {
        id = try row.get("id"); shiftId = try row.get("shift_id"); kind = try CashMovementKind(rawValue: row.get("kind")) ?? .cashIn
        amount = try row.get("amount"); currency = try Currency.named(row.get("currency")) ?? .cny; reason = try row.get("reason")
        checkoutId = try row.get("checkout_id"); refundOrderId = try row.get("refund_order_id"); at = try row.get("at"); operatorName = try row.get("operator")
    }
}

/// A shift's drawer: every total is a sum over its cash movements, so the expected amount is
/// always derivable from them.
public struct DrawerSummary: Sendable, Equatable {
    public var shift: ShiftRecord
    public var float: Int64
    /// Cash tendered for payments.
    public var sales: Int64
    /// Change given (negative).
    public var change: Int64
    /// Cash refunds paid out (negative).
    public var refunds: Int64
    public var cashIn: Int64
    /// Paid-outs and bank drops (negative).
    public var cashOut: Int64
    public var movements: Int
    /// What the drawer should hold: the sum of every movement.
    public var expected: Int64 { float + sales + change + refunds + cashIn + cashOut }
    /// The count made at closing, by denomination (empty while open).
    public var count: DrawerCount?
    /// Payments of this shift still waiting for the platform.
    public var inFlight: [InFlight]
}

/// A checkout of the shift still open: its number and, with an online part, its trade number.
/// Data, worded by each front end in its language.
public struct InFlight: Sendable, Equatable {
    public var checkout: Int64
    public var tradeNo: String?

    public init(checkout: Int64, tradeNo: String?) { self.checkout = checkout; self.tradeNo = tradeNo }

    /// Language-neutral, for `--json` and logs: "Payment CSH0000000012 (checkout 12)".
    public var reference: String { tradeNo.map { "Payment \($0) (checkout \(checkout))" } ?? "Checkout \(checkout)" }
}
