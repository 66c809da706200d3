import CashierConsole
import CashierCore
import CashierEngine
import Foundation

/// The drawer screens over the engine's shifts and reports: engine records in, console values out.
extension EngineBackend {
    public func drawerSetup() throws(BackendError) -> DrawerSetup? {
        let engine = self.engine
        let currency = try call { try engine.currency() }
        let denominations = Denominations.of(currency).map { minor in
            Denomination(value: Money(minor: minor, currency: currency), kind: Self.isCoin(minor, currency) ? .coin : .note)
        }
        return DrawerSetup(terminal: engine.config.terminal, currency: currency, denominations: denominations,
                           overShortLimit: Money(minor: engine.config.overShortLimit, currency: currency))
    }

    /// Coins: below one unit of the currency, and the euro's 1 and 2.
    static func isCoin(_ minor: Int64, _ currency: Currency) -> Bool {
        minor < currency.scale || (currency.code == "EUR" && minor <= 200)
    }

    public func currentShift(session: UserSession) throws(BackendError) -> ShiftSummary? {
        let engine = self.engine
        return try call {
            guard let shift = try engine.openShift(of: session.user), shift.terminal == engine.config.terminal else { return nil }
            return try summary(shift.id)
        }
    }

    /// The session was authenticated at log-in: the float is recorded without asking the PIN again.
    public func openShift(float: Money, session: UserSession) throws(BackendError) -> ShiftSummary {
        let engine = self.engine
        return try call {
            let shift = try engine.openShift(signedInAs: session.user, float: float.minor)
            return try summary(shift.id)
        }
    }

    public func moveCash(_ kind: CashMove, amount: Money, reason: String, session: UserSession) throws(BackendError) -> ShiftSummary {
        let engine = self.engine
        return try call {
            let m = kind == .cashIn
                ? try engine.cashIn(operatorName: session.user, amount: amount.minor, reason: reason)
                : try engine.cashOut(operatorName: session.user, amount: amount.minor, reason: reason)
            return try summary(m.shiftId)
        }
    }

    public func closeShift(count: DrawerTally, pin: String, supervisor: UserCredentials?, session: UserSession) throws(BackendError) -> ShiftClosing {
        let engine = self.engine
        return try call {
            guard let open = try engine.openShift(of: session.user) else {
                throw CashierError.notFound("refusal.shift.nothing_to_close", ["user": .text(session.user)])
            }
            let before = try summary(open.id)
            var quantities: [Int64: Int] = [:]
            for (d, q) in count.quantities { quantities[d.value.minor] = q }
            let tally = try DrawerCount(currency: count.currency, quantities: quantities)
            let closed = try engine.closeShift(shiftId: open.id, closer: session.user, pin: pin,
                                               supervisor: supervisor.map { CashierEngine.Credentials(user: $0.user, pin: $0.pin) }, count: tally)
            let cur = closed.currency
            var shift = before
            shift.expected = Money(minor: closed.expected ?? before.expected.minor, currency: cur)
            return ShiftClosing(shift: shift, counted: Money(minor: closed.counted ?? tally.total, currency: cur),
                                difference: Money(minor: closed.overShort ?? 0, currency: cur),
                                closedAt: closed.closedAt ?? engine.clock.now(), approvedBy: closed.approvedBy)
        }
    }

    public func xReport(session: UserSession) throws(BackendError) -> ReportView {
        let engine = self.engine
        return try call { Self.report(try engine.reportX(by: session.user)) }
    }

    public func zReport(supervisor: UserCredentials, session: UserSession) throws(BackendError) -> ReportView {
        let engine = self.engine
        return try call {
            switch try engine.reportZ(supervisor: supervisor.user, pin: supervisor.pin) {
            case .produced(let z): return Self.report(z.figures)
            case .alreadyClosed(let z):
                throw CashierError.conflict("refusal.report.day_closed", ["date": "\(z.businessDate)", "number": "\(z.number)"])
            }
        }
    }

    /// A shift's figures now: the drawer's sums (signed in the store, shown as sizes here) and its cash in/out.
    func summary(_ shiftId: Int64) throws -> ShiftSummary {
        let d = try engine.drawer(shiftId: shiftId)
        let cur = d.shift.currency
        func m(_ minor: Int64) -> Money { Money(minor: abs(minor), currency: cur) }
        let moves = try engine.cashMovements(shiftId: shiftId).compactMap { r -> CashMoveRow? in
            let kind: CashMove
            switch r.kind {
            case .cashIn: kind = .cashIn
            case .cashOut: kind = .cashOut
            default: return nil
            }
            return CashMoveRow(kind: kind, amount: m(r.amount), reason: r.reason ?? "", by: r.operatorName, at: r.at)
        }
        return ShiftSummary(id: d.shift.id, terminal: d.shift.terminal, operatorName: d.shift.operatorName, openedAt: d.shift.openedAt,
                            float: m(d.float), cashTaken: m(d.sales), changeGiven: m(d.change), cashRefunds: m(d.refunds),
                            cashIn: m(d.cashIn), cashOut: m(d.cashOut), expected: Money(minor: d.expected, currency: cur), movements: moves)
    }

    /// The engine's figures as the console's tables (the CLI lays out the same figures).
    static func report(_ f: ReportFigures) -> ReportView {
        let cur = f.currencyValue
        func m(_ minor: Int64) -> Money { Money(minor: minor, currency: cur) }
        func lines(_ title: ReportWord, _ ls: [ReportLine], method: Bool = false, channel: Bool = false, total: Bool) -> CashierConsole.ReportSection {
            let rows = ls.map { ReportRow(method ? .method($0.key) : channel ? .channel($0.key) : .text($0.key), count: $0.count, amount: m($0.amount)) }
            let sum = ReportRow(.total, count: ls.reduce(0) { $0 + $1.count }, amount: m(ls.reduce(0) { $0 + $1.amount }))
            return CashierConsole.ReportSection(title, rows: rows, total: total ? sum : nil)
        }
        let shifts = f.shifts.map { s in
            ReportRow(.shift(id: s.id, operatorName: s.operatorName, terminal: s.terminal, state: s.overShort == nil ? s.state : nil),
                      amount: s.overShort.map(m))
        }
        return ReportView(kind: f.kind == .z ? .z : .x, number: f.number, businessDate: f.businessDate, generatedAt: f.generatedAt,
                          generatedBy: f.generatedBy ?? "", sections: [
            lines(.paymentsByMethod, f.byMethod, method: true, total: true),
            lines(.byOrderType, f.byType, total: true),
            lines(.byOperator, f.byOperator, total: true),
            lines(.byChannel, f.byChannel, channel: true, total: false),
            lines(.refundsByMethod, f.refundsByMethod, method: true, total: true),
            lines(.couponsUsed, f.coupons, total: true),
            CashierConsole.ReportSection(.totals, rows: [ReportRow(.payments, amount: m(f.salesTotal)),
                                                        ReportRow(.refunds, amount: m(f.refundsTotal)), ReportRow(.net, amount: m(f.net))]),
            CashierConsole.ReportSection(.counts, rows: [ReportRow(.payments, count: f.payments), ReportRow(.repayments, count: f.repayments),
                                                        ReportRow(.failedOnline, count: f.failed),
                                                        ReportRow(.cancelledOnline, count: f.closed)]),
            CashierConsole.ReportSection(.drawer, rows: [
                ReportRow(.openingFloats, amount: m(f.floats)), ReportRow(.cashTaken, amount: m(f.cashTaken)),
                ReportRow(.changeGiven, amount: m(f.changeGiven)), ReportRow(.cashRefunds, amount: m(f.cashRefunds)),
                ReportRow(.cashIn, amount: m(f.cashIn)), ReportRow(.cashOut, amount: m(f.cashOut))]),
            CashierConsole.ReportSection(.overShortByShift, rows: shifts,
                                         total: f.shifts.isEmpty ? nil : ReportRow(.total, amount: m(f.overShort)), signed: true),
        ] + reconciliation(f))
    }

    /// Whether the day is reconciled with every platform, and each one's open items.
    static func reconciliation(_ f: ReportFigures) -> [CashierConsole.ReportSection] {
        guard let r = f.reconciliation else { return [] }
        let title: ReportWord = r.isEmpty ? .reconNothing : r.allSatisfy(\.reconciled) ? .reconReconciled : .reconNotYet
        let rows = r.map { p in
            ReportRow(.reconPlatform(p.platform, matched: p.reconciled), count: p.reconciled ? p.openItems : nil)
        }
        return [CashierConsole.ReportSection(title, rows: rows, total: r.isEmpty ? nil : ReportRow(.openItems, count: r.reduce(0) { $0 + $1.openItems }))]
    }
}

/// Receipts from history: an order's payment and refund receipts, and reprints of one of them.
extension EngineBackend {
    public func receipts(orderId: Int64) throws(BackendError) -> [ReceiptView] {
        let engine = self.engine
        return try call {
            try engine.receipts(orderId: orderId).map { r in
                ReceiptView(id: r.record.id, kind: r.record.kind == .refund ? .refund : .payment,
                            reference: r.reference, createdAt: r.record.createdAt, lines: r.lines.map(\.text))
            }
        }
    }

    public func reprint(receiptId: Int64, session: UserSession) throws(BackendError) -> String {
        let engine = self.engine
        return try call {
            let r = try runBlocking { try await engine.reprint(receiptId: receiptId, by: session.user) }
            let name = r.rendered.receipt.formattedNumber
            // Short enough for the message line: the file sits in the receipts folder beside the store.
            if let problem = r.printError { return "Reprint of \(name) saved, but the printer failed: \(problem)" }
            return r.printed ? "Receipt \(name) sent to the printer again (copy \(r.copy))."
                             : "Reprinted \(name) (copy \(r.copy)) to the receipts folder; no printer is configured."
        }
    }
}
