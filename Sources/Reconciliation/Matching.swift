import CashierCore
import PlatformBills

/// What the store knows of one online payment (a payment order), for matching against bills.
public struct StoreTrade: Equatable, Sendable {
    public enum State: String, Sendable { case succeeded, failed, closed, pending }
    public var tradeNo: String
    public var amountMinor: Int64
    public var state: State
    /// When the store saw it succeed (or last changed), Beijing day decides its bill.
    public var finishedAt: Millis

    public init(tradeNo: String, amountMinor: Int64, state: State, finishedAt: Millis) {
        self.tradeNo = tradeNo
        self.amountMinor = amountMinor
        self.state = state
        self.finishedAt = finishedAt
    }
}

/// What the store knows of one refund at the platform.
public struct StoreRefund: Equatable, Sendable {
    public enum State: String, Sendable { case succeeded, failed, processing }
    public var refundNo: String
    public var tradeNo: String
    public var amountMinor: Int64
    public var state: State
    public var finishedAt: Millis

    public init(refundNo: String, tradeNo: String, amountMinor: Int64, state: State, finishedAt: Millis) {
        self.refundNo = refundNo
        self.tradeNo = tradeNo
        self.amountMinor = amountMinor
        self.state = state
        self.finishedAt = finishedAt
    }
}

public enum DiscrepancyKind: String, Sendable, Codable, CaseIterable {
    /// The platform has a success or refund the store lacks.
    case missingHere = "missing_here"
    /// The store has a success or refund no bill (of the day or the held days after) has.
    case missingThere = "missing_there"
    case amountMismatch = "amount_mismatch"
    case statusMismatch = "status_mismatch"
    case refundMismatch = "refund_mismatch"
}

/// One difference between the store and a platform's bill, with what a supervisor should do.
public struct Discrepancy: Equatable, Sendable, Codable {
    public var kind: DiscrepancyKind
    public var tradeNo: String
    /// "" for a trade.
    public var refundNo: String
    public var billAmountMinor: Int64?
    public var storeAmountMinor: Int64?
    /// A `ReconAction` code: worded by the front ends, stored as it is.
    public var action: String

    public init(kind: DiscrepancyKind, tradeNo: String, refundNo: String = "", billAmountMinor: Int64?,
                storeAmountMinor: Int64?, action: String) {
        self.kind = kind
        self.tradeNo = tradeNo
        self.refundNo = refundNo
        self.billAmountMinor = billAmountMinor
        self.storeAmountMinor = storeAmountMinor
        self.action = action
    }

    /// Identifies an item across re-runs of the same day.
    public var key: String { "\(kind.rawValue)|\(tradeNo)|\(refundNo)" }
}

/// The outcome of matching one day of one platform.
public struct DayResult: Equatable, Sendable {
    public var tradesMatched = 0
    public var tradesMatchedMinor: Int64 = 0
    public var refundsMatched = 0
    public var refundsMatchedMinor: Int64 = 0
    public var feesMinor: Int64 = 0
    public var discrepancies: [Discrepancy] = []
    /// Store successes of the day not on its bill, waiting for a later day's bill.
    public var held: [String] = []
    public init() {}
    public var agrees: Bool { discrepancies.isEmpty && held.isEmpty }
}
