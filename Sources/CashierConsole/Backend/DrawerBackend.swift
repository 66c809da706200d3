import CashierCore

/// What the console needs for the cashier's day: shifts, the cash drawer, X/Z reports and
/// receipts. Same contract as `ConsoleBackend`: blocking calls made off the main thread, errors
/// are the engine's one sentence.
public protocol DrawerBackend: Sendable {
    /// This terminal and the store's drawer rules; nil when the store keeps no shifts (the
    /// console then skips the shift screens and pays as before).
    func drawerSetup() throws(BackendError) -> DrawerSetup?
    /// The operator's open shift on this terminal, nil when they have none.
    func currentShift(session: UserSession) throws(BackendError) -> ShiftSummary?
    /// Opens a shift on this terminal with the counted opening float.
    func openShift(float: Money, session: UserSession) throws(BackendError) -> ShiftSummary
    /// Cash put into (`cashIn`) or taken out of the drawer, with why.
    func moveCash(_ kind: CashMove, amount: Money, reason: String, session: UserSession) throws(BackendError) -> ShiftSummary
    /// Closes the operator's shift with the counted drawer, signed with the operator's PIN; a
    /// difference beyond the limit needs a supervisor's own credentials too. A payment still in
    /// flight refuses with the engine's sentence.
    func closeShift(count: DrawerTally, pin: String, supervisor: UserCredentials?, session: UserSession) throws(BackendError) -> ShiftClosing
    /// The X report of today so far (any operator).
    func xReport(session: UserSession) throws(BackendError) -> ReportView
    /// Closes the business day: the Z report, numbered, once per day, supervisor only.
    func zReport(supervisor: UserCredentials, session: UserSession) throws(BackendError) -> ReportView
    /// The receipts of an order (its payments and refunds), oldest first.
    func receipts(orderId: Int64) throws(BackendError) -> [ReceiptView]
    /// Sends a receipt to the printer again; answers the sentence to show (where it went).
    func reprint(receiptId: Int64, session: UserSession) throws(BackendError) -> String
}

/// A user's own name and PIN, typed for one decision.
public struct UserCredentials: Equatable, Sendable {
    public var user: String
    public var pin: String
    public init(user: String, pin: String) { self.user = user; self.pin = pin }
}

public struct Denomination: Equatable, Sendable, Hashable {
    public enum Kind: String, Equatable, Sendable { case note, coin }
    public var value: Money
    public var kind: Kind
    public init(value: Money, kind: Kind) { self.value = value; self.kind = kind }
}

public struct DrawerSetup: Equatable, Sendable {
    /// This console's terminal name (shifts belong to a terminal and an operator).
    public var terminal: String
    public var currency: Currency
    /// The notes and coins of the currency, largest first: one row each when counting.
    public var denominations: [Denomination]
    /// A difference (over or short) beyond this needs a supervisor to close the shift.
    public var overShortLimit: Money
    public init(terminal: String, currency: Currency, denominations: [Denomination], overShortLimit: Money) {
        self.terminal = terminal; self.currency = currency; self.denominations = denominations; self.overShortLimit = overShortLimit
    }
}

public enum CashMove: String, Equatable, Sendable {
    case cashIn = "cash in", cashOut = "cash out"
}

public struct CashMoveRow: Equatable, Sendable {
    public var kind: CashMove
    public var amount: Money
    public var reason: String
    public var by: String
    public var at: Millis
    public init(kind: CashMove, amount: Money, reason: String, by: String, at: Millis) {
        self.kind = kind; self.amount = amount; self.reason = reason; self.by = by; self.at = at
    }
}

/// An open shift's figures. `expected` is derived by the engine from the movements.
public struct ShiftSummary: Equatable, Sendable {
    public var id: Int64
    public var terminal: String
    public var operatorName: String
    public var openedAt: Millis
    public var float: Money
    public var cashTaken: Money
    public var changeGiven: Money
    public var cashRefunds: Money
    public var cashIn: Money
    public var cashOut: Money
    public var expected: Money
    /// Cash in and out, oldest first.
    public var movements: [CashMoveRow]
    public init(id: Int64, terminal: String, operatorName: String, openedAt: Millis, float: Money, cashTaken: Money,
                changeGiven: Money, cashRefunds: Money, cashIn: Money, cashOut: Money, expected: Money, movements: [CashMoveRow]) {
        self.id = id; self.terminal = terminal; self.operatorName = operatorName; self.openedAt = openedAt; self.float = float
        self.cashTaken = cashTaken; self.changeGiven = changeGiven; self.cashRefunds = cashRefunds; self.cashIn = cashIn
        self.cashOut = cashOut; self.expected = expected; self.movements = movements
    }
}

/// The drawer as counted: how many of each denomination (denominations not listed count 0).
public struct DrawerTally: Equatable, Sendable {
    public var quantities: [Denomination: Int]
    public var currency: Currency
    public init(quantities: [Denomination: Int], currency: Currency) { self.quantities = quantities; self.currency = currency }
    public var total: Money {
        Money(minor: quantities.reduce(0) { $0 + $1.key.value.minor * Int64($1.value) }, currency: currency)
    }
}

public struct ShiftClosing: Equatable, Sendable {
    public var shift: ShiftSummary
    public var counted: Money
    /// counted − expected: positive is over, negative is short.
    public var difference: Money
    public var closedAt: Millis
    /// The supervisor who accepted a difference beyond the limit.
    public var approvedBy: String?
    public init(shift: ShiftSummary, counted: Money, difference: Money, closedAt: Millis, approvedBy: String?) {
        self.shift = shift; self.counted = counted; self.difference = difference; self.closedAt = closedAt; self.approvedBy = approvedBy
    }
}

public enum ReportKind: String, Equatable, Sendable { case x = "X", z = "Z" }

/// A label in a report: the desk's word (worded when drawn, in the console's language), or data
/// (an operator, an order type, a channel) shown as it is.
public enum ReportLabel: Equatable, Sendable {
    case text(String)
    case word(ReportWord)
    /// A payment method's key ("cash", "online", "coupon"), worded as the method; others as data.
    case method(String)
    /// A channel's key ("counter", "web"), worded as the channel; others as data.
    case channel(String)
    /// A platform's line in the reconciliation section (its key, "alipay"; whether its bill matched).
    case reconPlatform(String, matched: Bool)
    /// A shift's line in the over/short table.
    case shift(id: Int64, operatorName: String, terminal: String, state: String?)
}

/// The words of the report tables (the console words them: `ReportsScreen.words`).
public enum ReportWord: Equatable, Sendable {
    case paymentsByMethod, byOrderType, byOperator, byChannel, refundsByMethod, couponsUsed, totals, counts, drawer
    case overShortByShift, total, payments, refunds, net, repayments, failedOnline, cancelledOnline
    case openingFloats, cashTaken, changeGiven, cashRefunds, cashIn, cashOut
    case reconNothing, reconReconciled, reconNotYet, openItems
}

/// One line of a report table: a label, and a count and/or an amount.
public struct ReportRow: Equatable, Sendable {
    public var label: ReportLabel
    public var count: Int?
    public var amount: Money?
    public init(_ label: ReportLabel, count: Int? = nil, amount: Money? = nil) { self.label = label; self.count = count; self.amount = amount }
    public init(_ word: ReportWord, count: Int? = nil, amount: Money? = nil) { self.init(.word(word), count: count, amount: amount) }
    public init(_ text: String, count: Int? = nil, amount: Money? = nil) { self.init(.text(text), count: count, amount: amount) }
}

public struct ReportSection: Equatable, Sendable {
    public var title: ReportWord
    public var rows: [ReportRow]
    public var total: ReportRow?
    /// Amounts are differences (over/short): shown with a sign and coloured.
    public var signed: Bool
    public init(_ title: ReportWord, rows: [ReportRow], total: ReportRow? = nil, signed: Bool = false) {
        self.title = title; self.rows = rows; self.total = total; self.signed = signed
    }
}

public struct ReportView: Equatable, Sendable {
    public var kind: ReportKind
    /// The Z report's number (gapless); nil for X.
    public var number: Int?
    /// The business day, e.g. "2026-11-24".
    public var businessDate: String
    public var generatedAt: Millis
    public var generatedBy: String
    public var sections: [ReportSection]
    public init(kind: ReportKind, number: Int?, businessDate: String, generatedAt: Millis, generatedBy: String, sections: [ReportSection]) {
        self.kind = kind; self.number = number; self.businessDate = businessDate; self.generatedAt = generatedAt
        self.generatedBy = generatedBy; self.sections = sections
    }
}

public struct ReceiptView: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable { case payment, refund }
    public var id: Int64
    public var kind: Kind
    /// The trade, checkout or refund number it is for.
    public var reference: String
    public var createdAt: Millis
    /// Laid out for the printer's width (CJK counted as two columns).
    public var lines: [String]
    public init(id: Int64, kind: Kind, reference: String, createdAt: Millis, lines: [String]) {
        self.id = id; self.kind = kind; self.reference = reference; self.createdAt = createdAt; self.lines = lines
    }
}
