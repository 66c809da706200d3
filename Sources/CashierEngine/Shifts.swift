import CashierCore
import CashierStore

/// A user's name and PIN, as typed.
public struct Credentials: Sendable, Equatable {
    public var user: String
    public var pin: String
    public init(user: String, pin: String) { self.user = user; self.pin = pin }
}

/// What a close would show before it is made: expected, counted, over/short and what blocks it.
public struct ShiftClosePreview: Sendable, Equatable {
    public var shift: ShiftRecord
    public var expected: Int64
    public var counted: Int64
    /// Counted minus expected: positive over, negative short.
    public var overShort: Int64
    /// Beyond `EngineConfig.overShortLimit`: a supervisor's name and PIN are needed.
    public var needsSupervisor: Bool
    /// Payments of this shift still in flight: they block the close.
    public var inFlight: [InFlight]
}

extension Engine {
    /// Opens a shift for `operatorName` on `terminal` (default: this console's) with the counted float.
    public func openShift(operatorName: String, pin: String, float: Int64, terminal: String? = nil) throws(CashierError) -> ShiftRecord {
        try authenticate(user: operatorName, pin: pin)
        return try storeCall { try store.openShift(terminal: terminal ?? config.terminal, operatorName: operatorName, float: float) }
    }

    /// Opens a shift on this console's terminal for a user the console authenticated at log-in:
    /// the float is recorded without asking the PIN again.
    public func openShift(signedInAs operatorName: String, float: Int64) throws(CashierError) -> ShiftRecord {
        try storeCall { try store.openShift(terminal: config.terminal, operatorName: operatorName, float: float) }
    }

    /// Cash put into the operator's open drawer, with a reason.
    public func cashIn(operatorName: String, amount: Int64, reason: String) throws(CashierError) -> CashMovementRecord {
        if let p = OrderRules.textProblem(reason, field: "reason", what: .reason, max: OrderLimits.reason) { throw p.refusal }
        return try storeCall { try store.moveCash(operatorName: operatorName, kind: .cashIn, amount: amount, reason: reason) }
    }

    /// Cash taken out of the operator's open drawer (a paid-out, a bank drop), with a reason.
    public func cashOut(operatorName: String, amount: Int64, reason: String) throws(CashierError) -> CashMovementRecord {
        if let p = OrderRules.textProblem(reason, field: "reason", what: .reason, max: OrderLimits.reason) { throw p.refusal }
        return try storeCall { try store.moveCash(operatorName: operatorName, kind: .cashOut, amount: amount, reason: reason) }
    }

    /// The open shift of a terminal (default: this console's).
    public func currentShift(terminal: String? = nil) throws(CashierError) -> ShiftRecord? {
        try storeCall { try store.openShift(terminal: terminal ?? config.terminal) }
    }

    /// The operator's open shift, on any terminal.
    public func openShift(of operatorName: String) throws(CashierError) -> ShiftRecord? {
        try storeCall { try store.openShift(operatorName: operatorName) }
    }

    public func drawer(shiftId: Int64) throws(CashierError) -> DrawerSummary {
        guard let d = try storeCall({ try store.drawer(shiftId: shiftId) }) else {
            throw .noShift(shiftId)
        }
        return d
    }

    public func cashMovements(shiftId: Int64) throws(CashierError) -> [CashMovementRecord] {
        try storeCall { try store.cashMovements(shiftId: shiftId) }
    }

    /// An empty count in the store's currency, to fill denomination by denomination.
    public func emptyCount(for shift: ShiftRecord) -> DrawerCount {
        (try? DrawerCount(currency: shift.currency)) ?? DrawerCount.greedy(0, currency: shift.currency)
    }

    /// Expected, counted and over/short for a count, without closing anything.
    public func closePreview(shiftId: Int64, count: DrawerCount) throws(CashierError) -> ShiftClosePreview {
        let d = try drawer(shiftId: shiftId)
        let diff = count.total - d.expected
        return ShiftClosePreview(shift: d.shift, expected: d.expected, counted: count.total, overShort: diff,
                                 needsSupervisor: abs(diff) > config.overShortLimit, inFlight: d.inFlight)
    }

    /// Closes a shift with the drawer's count. `closer` is who closes: with their PIN, or vouched
    /// for by `supervisor` (name and PIN). A cashier closes only their own shift; a supervisor any.
    /// `shiftId` nil: the closer's own open shift. Over/short beyond the limit needs a supervisor.
    public func closeShift(shiftId: Int64? = nil, closer: String, pin: String?, supervisor: Credentials? = nil,
                           count: DrawerCount) throws(CashierError) -> ShiftRecord {
        if let pin { try authenticate(user: closer, pin: pin) } else { _ = try requireUser(closer) }
        if let supervisor { _ = try requireSupervisor(user: supervisor.user, pin: supervisor.pin, toDo: .approveShiftClose) }
        guard pin != nil || supervisor != nil else {
            throw .forbidden("refusal.shift.close_needs_pin", ["user": .text(closer)])
        }
        let id: Int64
        if let shiftId {
            id = shiftId
        } else if let own = try openShift(of: closer) {
            id = own.id
        } else {
            throw CashierError(.notFound, "refusal.shift.no_open_shift", ["user": .text(closer)], remedy: .nameShiftToClose)
        }
        return try storeCall {
            try store.closeShift(id: id, closedBy: closer, supervisor: supervisor?.user, count: count, overShortLimit: config.overShortLimit)
        }
    }

    /// Shifts newest first (open ones only with `openOnly`).
    public func shifts(openOnly: Bool = false, limit: Int = 50) throws(CashierError) -> [ShiftRecord] {
        try storeCall { try store.shifts(openOnly: openOnly, limit: limit) }
    }
}
