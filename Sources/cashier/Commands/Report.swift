import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.report"),
        subcommands: [XReport.self, ZReport.self])
}

struct ReportFormat: ParsableArguments {
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.report_csv"))) var csv = false

    func emit(_ f: ReportFigures, note: String? = nil) throws {
        if json && csv { throw Refusal(message: "Choose one of --json and --csv.") }
        if json { printJSON(ReportJSON(f)); return }
        if csv { print(ReportText.csv(f), terminator: ""); return }
        if let note { print(note) }
        print(ReportText.render(f))
    }
}

struct XReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "x", abstract: CLI.lang.t("cli.help.report_x"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.report_date"))) var date: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.report_shift"))) var shift: Int64?
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.report_operator"))) var operatorName: String = "cashier"
    @OptionGroup var format: ReportFormat

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            try format.emit(try ctx.engine.reportX(date: date, shiftId: shift, by: operatorName))
        }
    }
}

struct ZReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "z", abstract: CLI.lang.t("cli.help.report_z"),
        discussion: CLI.lang.t("cli.help.report_z_discussion"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.report_date"))) var date: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.report_z_supervisor"))) var supervisor: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.supervisor_pin"))) var pin: String?
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.report_z_operator"))) var operatorName: String?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.report_z_reprint"))) var reprint = false
    @OptionGroup var format: ReportFormat

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let day = try date ?? ctx.engine.businessDate()
            let reader = operatorName ?? supervisor ?? "cashier"
            if reprint || date != nil, let z = try ctx.engine.storedZ(date: day, by: reader) {
                try format.emit(z.figures, note: "(stored Z report \(z.number), shown again)")
                return
            }
            if reprint { throw Refusal(message: "\(day) has no Z report yet: run `cashier report z --date \(day)` with a supervisor to close it.") }
            guard let supervisor, let pin else {
                throw Refusal(message: "A Z report closes the day: pass --supervisor and --pin of a supervisor.")
            }
            switch try ctx.engine.reportZ(date: day, supervisor: supervisor, pin: pin) {
            case .produced(let z):
                try format.emit(z.figures)
            case .alreadyClosed(let z):
                throw Refusal(message: "\(day) is already closed by Z report \(z.number): a day has one Z report; show it with `cashier report z --reprint --date \(day)`.")
            }
        }
    }
}

struct ReportJSON: Encodable {
    struct Line: Encodable { var key: String; var count: Int; var amount: String }
    struct ShiftLine: Encodable {
        var id: Int64; var terminal: String; var `operator`: String; var state: String
        var float: String; var cash_in: String; var cash_out: String; var expected: String; var counted: String?; var over_short: String?
    }

    var kind: String
    var number: Int?
    var business_date: String
    var time_zone: String
    var shift: Int64?
    var from: String?
    var to: String?
    var currency: String
    var generated_at: String?
    var generated_by: String?
    var by_method: [Line]
    var by_type: [Line]
    var by_operator: [Line]
    var by_channel: [Line]
    var refunds_by_method: [Line]
    var coupons: [Line]
    /// Absent on Z reports frozen before they were kept.
    var online_by_platform: [Line]?
    var online_refunds_by_platform: [Line]?
    var sales_total: String
    var refunds_total: String
    var net: String
    var payments: Int
    var repayments: Int
    var failed: Int
    var closed: Int
    var drawer: [String: String]
    var over_short: String
    var shifts: [ShiftLine]
    /// As of the reading (the platforms' bills come a day later); absent on a shift's X report.
    var reconciliation: [ReportReconciliation]?
    var reconciled: Bool?

    init(_ f: ReportFigures) {
        let cur = Currency.named(f.currency) ?? .cny
        func m(_ v: Int64) -> String { Money.format(minor: v, currency: cur) }
        func l(_ ls: [ReportLine]) -> [Line] { ls.map { Line(key: $0.key, count: $0.count, amount: m($0.amount)) } }
        kind = f.kind.rawValue; number = f.number; business_date = f.businessDate; time_zone = f.timeZone; shift = f.shiftId
        from = isoTime(f.from); to = isoTime(f.to); currency = f.currency; generated_at = isoTime(f.generatedAt); generated_by = f.generatedBy
        by_method = l(f.byMethod); by_type = l(f.byType); by_operator = l(f.byOperator); by_channel = l(f.byChannel)
        refunds_by_method = l(f.refundsByMethod); coupons = l(f.coupons)
        online_by_platform = f.onlineByPlatform.map(l); online_refunds_by_platform = f.onlineRefundsByPlatform.map(l)
        sales_total = m(f.salesTotal); refunds_total = m(f.refundsTotal); net = m(f.net)
        payments = f.payments; repayments = f.repayments; failed = f.failed; closed = f.closed
        drawer = ["floats": m(f.floats), "cash_taken": m(f.cashTaken), "change_given": m(f.changeGiven), "cash_refunds": m(f.cashRefunds),
                  "cash_in": m(f.cashIn), "cash_out": m(f.cashOut)]
        over_short = m(f.overShort)
        shifts = f.shifts.map { ShiftLine(id: $0.id, terminal: $0.terminal, operator: $0.operatorName, state: $0.state, float: m($0.float),
                                          cash_in: m($0.cashIn), cash_out: m($0.cashOut), expected: m($0.expected),
                                          counted: $0.counted.map(m), over_short: $0.overShort.map(m)) }
        reconciliation = f.reconciliation
        reconciled = f.reconciliation.map { $0.allSatisfy(\.reconciled) }
    }
}
