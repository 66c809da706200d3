import Foundation
import CashierCore
@testable import CashierConsole

/// The drawer side of the fake engine: shifts per operator on one terminal, cash movements,
/// sales tests record by hand, X/Z reports built from them, and receipts.
final class FakeDrawer: @unchecked Sendable {
    struct Sale { var method: PaymentMethod; var type: String; var by: String; var amount: Money }

    private let lock = NSLock()
    /// Off unless a test turns it on, so the older screen tests log in straight to the orders.
    var keepsShifts = false
    /// A payment still waiting on the operator's shift: closing is refused.
    var paymentInFlight = false
    private var shifts: [String: ShiftSummary] = [:]
    private var closed: [ShiftClosing] = []
    private var sales: [Sale] = []
    private var zNumbers: [String: Int] = [:]
    private var receiptsByOrder: [Int64: [ReceiptView]] = [:]
    private var printedIds: [Int64] = []
    private var nextShiftId: Int64 = 1

    static let denominations: [Denomination] =
        ["100", "50", "20", "10", "5", "1"].map { Denomination(value: FakeBackend.cny($0), kind: .note) }
        + ["0.5", "0.1"].map { Denomination(value: FakeBackend.cny($0), kind: .coin) }

    let setup = DrawerSetup(terminal: "T1", currency: .cny, denominations: FakeDrawer.denominations,
                            overShortLimit: FakeBackend.cny("5.00"))

    func with<T>(_ body: (FakeDrawer) throws(BackendError) -> T) throws(BackendError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(self)
    }

    func shift(of user: String) -> ShiftSummary? { lock.withLock { shifts[user] } }
    var printed: [Int64] { lock.withLock { printedIds } }
    fileprivate func current(_ user: String) -> ShiftSummary? { shifts[user] }

    /// A cash sale on `user`'s shift: `tendered` taken, the change given back.
    func sell(_ method: PaymentMethod, _ amount: String, type: String = "goods", by user: String = "cashier", tendered: String? = nil) {
        lock.withLock {
            let m = FakeBackend.cny(amount)
            sales.append(Sale(method: method, type: type, by: user, amount: m))
            guard method == .cash, var s = shifts[user] else { return }
            let given = FakeBackend.cny(tendered ?? amount)
            s.cashTaken = s.cashTaken + given
            s.changeGiven = s.changeGiven + (given - m)
            s.expected = s.expected + m
            shifts[user] = s
        }
    }

    func addReceipt(orderId: Int64, _ receipt: ReceiptView) { lock.withLock { receiptsByOrder[orderId, default: []].append(receipt) } }

    fileprivate func open(_ user: String, float: Money, at now: Millis) throws(BackendError) -> ShiftSummary {
        if let s = shifts[user] { throw BackendError("\(user) already has shift #\(s.id) open on \(s.terminal).") }
        let zero = Money.zero(.cny)
        let s = ShiftSummary(id: nextShiftId, terminal: "T1", operatorName: user, openedAt: now, float: float, cashTaken: zero,
                             changeGiven: zero, cashRefunds: zero, cashIn: zero, cashOut: zero, expected: float, movements: [])
        nextShiftId += 1
        shifts[user] = s
        return s
    }

    fileprivate func move(_ user: String, _ kind: CashMove, _ amount: Money, _ reason: String, at now: Millis) throws(BackendError) -> ShiftSummary {
        guard var s = shifts[user] else { throw BackendError("\(user) has no open shift on T1: open one first.") }
        if kind == .cashOut, amount > s.expected { throw BackendError("Only \(s.expected.decimal) is expected in the drawer.") }
        s.movements.append(CashMoveRow(kind: kind, amount: amount, reason: reason, by: user, at: now))
        if kind == .cashIn { s.cashIn = s.cashIn + amount; s.expected = s.expected + amount } else { s.cashOut = s.cashOut + amount; s.expected = s.expected - amount }
        shifts[user] = s
        return s
    }

    fileprivate func close(_ user: String, _ count: DrawerTally, _ supervisor: UserCredentials?, at now: Millis) throws(BackendError) -> ShiftClosing {
        guard let s = shifts[user] else { throw BackendError("\(user) has no open shift on T1: open one first.") }
        if paymentInFlight { throw BackendError("A payment is still in flight on shift #\(s.id): wait for it or cancel it, then close.") }
        let difference = count.total - s.expected
        var approvedBy: String?
        if abs(difference.minor) > setup.overShortLimit.minor && user == "supervisor" {
            approvedBy = user  // as in the engine: a supervisor's own close needs nobody else
        } else if abs(difference.minor) > setup.overShortLimit.minor {
            guard let supervisor else { throw BackendError("The difference is beyond the limit: a supervisor must accept it.") }
            guard supervisor.user == "supervisor", supervisor.pin == "9999" else { throw BackendError("Wrong PIN for \(supervisor.user).") }
            approvedBy = supervisor.user
        }
        let closing = ShiftClosing(shift: s, counted: count.total, difference: difference, closedAt: now, approvedBy: approvedBy)
        closed.append(closing)
        shifts[user] = nil
        return closing
    }

    fileprivate func report(_ kind: ReportKind, number: Int?, by user: String, at now: Millis) -> ReportView {
        let zero = Money.zero(.cny)
        func grouped(method: Bool = false, _ key: (Sale) -> String) -> [ReportRow] {
            var order: [String] = []
            var sums: [String: (Int, Money)] = [:]
            for s in sales {
                let k = key(s)
                if sums[k] == nil { order.append(k) }
                let old = sums[k] ?? (0, zero)
                sums[k] = (old.0 + 1, old.1 + s.amount)
            }
            return order.map { ReportRow(method ? .method($0) : .text($0), count: sums[$0]!.0, amount: sums[$0]!.1) }
        }
        let total = ReportRow(.total, count: sales.count, amount: sales.reduce(zero) { $0 + $1.amount })
        let overShort = closed.map { ReportRow("Shift #\($0.shift.id) \($0.shift.operatorName) \($0.shift.terminal)", amount: $0.difference) }
        return ReportView(kind: kind, number: number, businessDate: "2026-09-21", generatedAt: now, generatedBy: user, sections: [
            ReportSection(.paymentsByMethod, rows: grouped(method: true) { $0.method.rawValue }, total: total),
            ReportSection(.byOrderType, rows: grouped(\.type), total: total),
            ReportSection(.byOperator, rows: grouped(\.by), total: total),
            ReportSection(.refundsByMethod, rows: []),
            ReportSection(.overShortByShift, rows: overShort, signed: true),
            ReportSection(.counts, rows: [ReportRow(.payments, count: sales.count), ReportRow(.repayments, count: 0)]),
        ])
    }

    fileprivate func z(_ supervisor: UserCredentials, at now: Millis) throws(BackendError) -> ReportView {
        guard supervisor.user == "supervisor" else { throw BackendError("\(supervisor.user) is not a supervisor: only a supervisor makes the Z report.") }
        guard supervisor.pin == "9999" else { throw BackendError("Wrong PIN for \(supervisor.user).") }
        if let n = zNumbers["2026-09-21"] { throw BackendError("Business day 2026-09-21 already has its Z report (#\(n)): a day is closed once.") }
        let n = zNumbers.count + 1
        zNumbers["2026-09-21"] = n
        return report(.z, number: n, by: supervisor.user, at: now)
    }

    fileprivate func receipts(_ orderId: Int64) -> [ReceiptView] { receiptsByOrder[orderId] ?? [] }

    fileprivate func reprint(_ id: Int64) throws(BackendError) -> String {
        guard receiptsByOrder.values.joined().contains(where: { $0.id == id }) else { throw BackendError("No receipt #\(id).") }
        printedIds.append(id)
        return "Receipt #\(id) sent to the printer (lp)."
    }
}

extension FakeBackend {
    func drawerSetup() throws(BackendError) -> DrawerSetup? { try drawerFake.with { $0.keepsShifts ? $0.setup : nil } }

    func currentShift(session: UserSession) throws(BackendError) -> ShiftSummary? {
        try drawerFake.with { $0.current(session.user) }
    }

    func openShift(float: Money, session: UserSession) throws(BackendError) -> ShiftSummary {
        let now = clock.now()
        return try drawerFake.with { d throws(BackendError) in try d.open(session.user, float: float, at: now) }
    }

    func moveCash(_ kind: CashMove, amount: Money, reason: String, session: UserSession) throws(BackendError) -> ShiftSummary {
        let now = clock.now()
        return try drawerFake.with { d throws(BackendError) in try d.move(session.user, kind, amount, reason, at: now) }
    }

    func closeShift(count: DrawerTally, pin: String, supervisor: UserCredentials?, session: UserSession) throws(BackendError) -> ShiftClosing {
        let now = clock.now()
        let right = session.user == "supervisor" ? "9999" : "1111"
        guard pin == right else { throw BackendError("Wrong PIN for \(session.user).") }
        return try drawerFake.with { d throws(BackendError) in try d.close(session.user, count, supervisor, at: now) }
    }

    func xReport(session: UserSession) throws(BackendError) -> ReportView {
        let now = clock.now()
        return try drawerFake.with { $0.report(.x, number: nil, by: session.user, at: now) }
    }

    func zReport(supervisor: UserCredentials, session: UserSession) throws(BackendError) -> ReportView {
        let now = clock.now()
        return try drawerFake.with { d throws(BackendError) in try d.z(supervisor, at: now) }
    }

    func receipts(orderId: Int64) throws(BackendError) -> [ReceiptView] { try drawerFake.with { $0.receipts(orderId) } }

    func reprint(receiptId: Int64, session: UserSession) throws(BackendError) -> String {
        try drawerFake.with { d throws(BackendError) in try d.reprint(receiptId) }
    }
}
