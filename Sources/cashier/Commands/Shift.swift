import ArgumentParser
import Localization
import CashierCore
import CashierEngine
import Foundation

struct Shift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shift", abstract: CLI.lang.t("cli.help.shift"),
        subcommands: [OpenShift.self, CashIn.self, CashOut.self, CloseShift.self, ShowShift.self])
}

struct TerminalOption: ParsableArguments {
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_terminal"))) var terminal: String?
}

struct OpenShift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: CLI.lang.t("cli.help.shift_open"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.shift_open_operator"))) var operatorName: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_pin"))) var pin: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_float"))) var float: String
    @OptionGroup var terminal: TerminalOption
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let amount = try parseAmount(float, try ctx.engine.currency(), what: "--float")
            let s = try ctx.engine.openShift(operatorName: operatorName, pin: pin, float: amount, terminal: terminal.terminal)
            try showShift(ctx, s.id, json: json)
        }
    }
}

/// `cash-in` and `cash-out` share everything but the direction.
struct CashMoveOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.shift_cash_operator"))) var operatorName: String = "cashier"
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_amount"))) var amount: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_reason"))) var reason: String
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run(_ kind: CashMovementKind) async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let minor = try parseAmount(amount, try ctx.engine.currency(), what: "--amount")
            let m: CashMovementRecord
            if kind == .cashIn {
                m = try ctx.engine.cashIn(operatorName: operatorName, amount: minor, reason: reason)
            } else {
                m = try ctx.engine.cashOut(operatorName: operatorName, amount: minor, reason: reason)
            }
            if json { try showShift(ctx, m.shiftId, json: true); return }
            let args: [String: any CustomStringConvertible] = ["amount": Money.format(minor: abs(m.amount), currency: m.currency),
                                                               "shift": m.shiftId, "reason": m.reason ?? ""]
            print(kind == .cashIn ? CLI.lang.t("cli.shift.cashed_in", args) : CLI.lang.t("cli.shift.cashed_out", args))
            try showShift(ctx, m.shiftId, json: false)
        }
    }
}

struct CashIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cash-in", abstract: CLI.lang.t("cli.help.shift_cash_in"))
    @OptionGroup var options: CashMoveOptions
    func run() async throws { try await options.run(.cashIn) }
}

struct CashOut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cash-out", abstract: CLI.lang.t("cli.help.shift_cash_out"))
    @OptionGroup var options: CashMoveOptions
    func run() async throws { try await options.run(.cashOut) }
}

struct CloseShift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: CLI.lang.t("cli.help.shift_close"),
        discussion: CLI.lang.t("cli.help.shift_close_discussion"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.shift_close_operator"))) var operatorName: String = "cashier"
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_close_pin"))) var pin: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_count"))) var count: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_supervisor"))) var supervisor: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_close_shift"))) var shift: Int64?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let counted = try DrawerCount.parse(count, currency: try ctx.engine.currency())
            let s = try ctx.engine.closeShift(shiftId: shift, closer: operatorName, pin: supervisor == nil ? pin : nil,
                                              supervisor: supervisor.map { Credentials(user: $0, pin: pin) }, count: counted)
            try showShift(ctx, s.id, json: json)
        }
    }
}

struct ShowShift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: CLI.lang.t("cli.help.shift_show"),
        discussion: CLI.lang.t("cli.help.shift_show_discussion"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.shift_number"))) var shift: Int64?
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.shift_show_operator"))) var operatorName: String?
    @OptionGroup var terminal: TerminalOption
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let id: Int64?
            if let shift {
                id = shift
            } else if let operatorName {
                guard let s = try ctx.engine.openShift(of: operatorName) else {
                    throw Refusal(message: CLI.lang.t("cli.shift.no_open_shift", ["user": operatorName]))
                }
                id = s.id
            } else {
                id = try ctx.engine.currentShift(terminal: terminal.terminal)?.id
            }
            if let id { try showShift(ctx, id, json: json); return }
            let recent = try ctx.engine.shifts(limit: 20)
            if json { printJSON(try recent.map { ShiftJSON(try ctx.engine.drawer(shiftId: $0.id), movements: []) }); return }
            let l = CLI.lang
            print(l.t("cli.shift.none_on_terminal", ["terminal": terminal.terminal ?? ctx.engine.config.terminal]))
            guard !recent.isEmpty else { return }
            let header = ["cli.shift.col_shift", "cli.report.col_terminal", "cli.report.col_operator", "cli.report.col_state",
                          "cli.shift.col_opened", "cli.report.col_expected", "cli.report.col_counted", "cli.report.over_short"].map { l.t($0) }
            print(Columns.render([header] + recent.map { s in
                let f = { (m: Int64?) in m.map { Money.format(minor: $0, currency: s.currency) } ?? "" }
                return [String(s.id), s.terminal, s.operatorName, l == .en ? s.state.rawValue : l.t(s.state.rawValue == "open" ? "cli.shift.open" : "cli.shift.closed"), Engine.clockTime(s.openedAt), f(s.expected), f(s.counted), f(s.overShort)]
            }, right: [0, 5, 6, 7]))
        }
    }
}

struct ShiftJSON: Encodable {
    struct Movement: Encodable {
        var kind: String
        var amount: String
        var reason: String?
        var checkout: Int64?
        var refund_order: Int64?
        var at: String?
        var `operator`: String
    }

    var id: Int64
    var terminal: String
    var `operator`: String
    var state: String
    var currency: String
    var opened_at: String?
    var closed_at: String?
    var closed_by: String?
    var approved_by: String?
    var float: String
    var sales: String
    var change: String
    var refunds: String
    var cash_in: String
    var cash_out: String
    var expected: String
    var counted: String?
    var over_short: String?
    var count: [String: Int]?
    var in_flight: [String]
    var movements: [Movement]

    init(_ d: DrawerSummary, movements: [CashMovementRecord]) {
        let s = d.shift
        func f(_ m: Int64) -> String { Money.format(minor: m, currency: s.currency) }
        id = s.id; terminal = s.terminal; `operator` = s.operatorName; state = s.state.rawValue; currency = s.currency.code
        opened_at = isoTime(s.openedAt); closed_at = isoTime(s.closedAt); closed_by = s.closedBy; approved_by = s.approvedBy
        float = f(d.float); sales = f(d.sales); change = f(d.change); refunds = f(d.refunds); cash_in = f(d.cashIn)
        cash_out = f(d.cashOut); expected = f(d.expected); counted = s.counted.map(f); over_short = s.overShort.map(f)
        count = d.count.map { c in Dictionary(uniqueKeysWithValues: c.quantities.map { (f($0.key), $0.value) }) }
        in_flight = d.inFlight.map(\.reference)
        self.movements = movements.map { Movement(kind: $0.kind.rawValue, amount: f($0.amount), reason: $0.reason, checkout: $0.checkoutId,
                                                  refund_order: $0.refundOrderId, at: isoTime($0.at), operator: $0.operatorName) }
    }
}

func showShift(_ ctx: Context, _ id: Int64, json: Bool) throws {
    let d = try ctx.engine.drawer(shiftId: id)
    let movements = try ctx.engine.cashMovements(shiftId: id)
    if json { printJSON(ShiftJSON(d, movements: movements)); return }
    let s = d.shift
    func f(_ m: Int64) -> String { Money.format(minor: m, currency: s.currency) }
    let l = CLI.lang
    var head = l.t("cli.shift.head", ["id": s.id, "terminal": s.terminal, "user": s.operatorName, "time": Engine.clockTime(s.openedAt)])
    if let at = s.closedAt {
        head += l.t("cli.shift.head_closed", ["time": Engine.clockTime(at), "user": s.closedBy ?? "?"])
            + (s.approvedBy.map { l.t("cli.shift.head_approved", ["user": $0]) } ?? "")
    } else {
        head += l.t("cli.shift.head_open")
    }
    print(head + l.t("cli.shift.head_currency", ["currency": s.currency.code]))
    var rows = [[l.t("cli.shift.opening_float"), f(d.float)], [l.t("cli.report.cash_taken"), f(d.sales)], [l.t("cli.report.change_given"), f(d.change)],
                [l.t("cli.report.cash_refunds"), f(d.refunds)], [l.t("cli.report.cash_in"), f(d.cashIn)], [l.t("cli.report.cash_out"), f(d.cashOut)],
                [l.t("cli.report.col_expected"), f(d.expected)]]
    if let counted = s.counted, let diff = s.overShort {
        let word = diff > 0 ? l.t("cli.shift.over") : diff < 0 ? l.t("cli.shift.short") : l.t("cli.report.over_short")
        rows += [[l.t("cli.report.col_counted"), f(counted)], [word, f(diff)]]
    }
    print(Columns.render(rows, right: [1], indent: "  "))
    if let c = d.count, !c.quantities.isEmpty {
        print("  " + l.t("cli.shift.count"))
        print(Columns.render(Denominations.of(c.currency).filter { c.quantity($0) > 0 }.map { [Denominations.label($0, c.currency), "× \(c.quantity($0))", f($0 * Int64(c.quantity($0)))] },
                             right: [0, 1, 2], indent: "    "))
    }
    for flight in d.inFlight {
        print("  " + (flight.tradeNo.map { l.t("cli.shift.payment_in_flight", ["trade": $0, "checkout": flight.checkout]) }
                      ?? l.t("cli.shift.checkout_in_flight", ["checkout": flight.checkout])))
    }
}
