import CashierCore

/// The platforms' daily bills matched against the store (`cashier reconcile` records them):
/// the days, their items, and a supervisor resolving one with a note and their PIN.
public protocol ReconciliationBackend: Sendable {
    /// Every recorded platform day, newest first.
    func reconciliationDays() throws(BackendError) -> [ReconDayRow]
    /// The items of one platform's day, open ones first.
    func reconciliationItems(platform: String, date: String) throws(BackendError) -> [ReconItemRow]
    /// Resolves an item; with `followUp` the engine first applies the platform's success or
    /// returns its money (nothing is resolved when that is refused).
    func resolveReconciliationItem(id: Int64, note: String, followUp: ReconFollowUpChoice?, supervisor: String,
                                   pin: String) throws(BackendError) -> ReconItemRow
}

/// What resolving may do besides closing the item (the engine's `ReconFollowUp`).
public enum ReconFollowUpChoice: String, Equatable, Sendable, CaseIterable {
    case apply, refund
}

public struct ReconDayRow: Equatable, Sendable {
    public var platform: String
    public var date: String
    public var tradesMatched: Int
    public var tradesAmount: Money
    public var refundsMatched: Int
    public var refundsAmount: Money
    public var fees: Money
    /// Store successes waiting for a later day's bill.
    public var held: Int
    public var openItems: Int
    public var runs: Int
    public var billChanged: Bool

    public init(platform: String, date: String, tradesMatched: Int, tradesAmount: Money, refundsMatched: Int, refundsAmount: Money,
                fees: Money, held: Int, openItems: Int, runs: Int, billChanged: Bool) {
        self.platform = platform; self.date = date; self.tradesMatched = tradesMatched; self.tradesAmount = tradesAmount
        self.refundsMatched = refundsMatched; self.refundsAmount = refundsAmount; self.fees = fees; self.held = held
        self.openItems = openItems; self.runs = runs; self.billChanged = billChanged
    }

    public var agrees: Bool { openItems == 0 && held == 0 }
}

public struct ReconItemRow: Equatable, Sendable, Identifiable {
    public enum Kind: String, Equatable, Sendable {
        case missingHere = "missing_here", missingThere = "missing_there", amountMismatch = "amount_mismatch"
        case statusMismatch = "status_mismatch", refundMismatch = "refund_mismatch"
    }
    public var id: Int64
    public var kind: Kind
    public var tradeNo: String
    /// "" for a trade.
    public var refundNo: String
    public var billAmount: Money?
    public var storeAmount: Money?
    /// The suggested action, in the engine's words.
    public var action: String
    public var note: String
    public var resolvedBy: String?
    public var resolution: String?
    /// What resolving it may also do now (empty: a note is all it takes).
    public var followUps: [ReconFollowUpChoice]

    public init(id: Int64, kind: Kind, tradeNo: String, refundNo: String, billAmount: Money?, storeAmount: Money?, action: String,
                note: String, resolvedBy: String?, resolution: String?, followUps: [ReconFollowUpChoice]) {
        self.id = id; self.kind = kind; self.tradeNo = tradeNo; self.refundNo = refundNo; self.billAmount = billAmount
        self.storeAmount = storeAmount; self.action = action; self.note = note; self.resolvedBy = resolvedBy
        self.resolution = resolution; self.followUps = followUps
    }

    public var isOpen: Bool { resolvedBy == nil }
}
