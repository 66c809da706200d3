import CashierCore
import CashierStore
import Foundation
import Localization

/// A report laid out as titled tables of text cells, amounts already formatted: the CLI prints
/// them in aligned columns, a console screen draws them in its own table. Both show the same rows.
public struct ReportSection: Sendable, Equatable {
    public var title: String
    /// Column headings after the title column (e.g. ["count", "amount"]).
    public var columns: [String]
    public var rows: [[String]]
    /// The shifts' own table (wider: the CLI prints it apart).
    public var isShiftTable = false
}

extension ReportFigures {
    public var currencyValue: Currency { Currency.named(currency) ?? .cny }

    public func money(_ minor: Int64) -> String { Money.format(minor: minor, currency: currencyValue) }

    /// "Z report 3", "X report", "X report of shift 4".
    public var title: String { title(in: .en) }

    public func title(in l: Language) -> String {
        if kind == .z { return l.t("cli.report.z_title", ["number": number ?? 0]) }
        return shiftId.map { l.t("cli.report.x_shift_title", ["shift": $0]) } ?? l.t("cli.report.x_title")
    }

    /// A time in the store's time zone, "2026-11-24 22:13:05".
    public func localTime(_ millis: Millis) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: timeZone) ?? .current
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// The header lines: title, business day, period, who produced it.
    public var heading: [String] { heading(in: .en) }

    public func heading(in l: Language) -> [String] {
        var lines = [l.t("cli.report.heading", ["title": title(in: l), "day": businessDate, "zone": timeZone, "currency": currency])]
        if shiftId == nil {
            lines.append(l.t("cli.report.period", ["from": from == 0 ? l.t("cli.report.first_record") : localTime(from), "to": localTime(to)]))
        }
        lines.append(generatedBy.map { l.t("cli.report.produced_by", ["time": localTime(generatedAt), "user": $0]) }
                     ?? l.t("cli.report.produced", ["time": localTime(generatedAt)]))
        if let line = reconciliationLine(in: l) { lines.append(line) }
        return lines
    }

    /// Whether the day is reconciled with every platform and how many items are open, as of now.
    public var reconciliationLine: String? { reconciliationLine(in: .en) }

    public func reconciliationLine(in l: Language) -> String? {
        guard let r = reconciliation else { return nil }
        if r.isEmpty { return l.t("cli.report.recon_nothing") }
        let items = l.plural("cli.report.items_open", count: r.reduce(0) { $0 + $1.openItems })
        let waiting: [String] = r.filter { !$0.reconciled }.map { $0.platform }
        return waiting.isEmpty ? l.t("cli.report.recon_done", ["items": items])
            : l.t("cli.report.recon_waiting", ["platforms": waiting.joined(separator: ", "), "items": items])
    }

    /// Per platform: whether its bill of the day was matched, and the items still open.
    func reconciliationSections(_ l: Language) -> [ReportSection] {
        guard let r = reconciliation else { return [] }
        let rows: [[String]] = r.map {
            [$0.reconciled ? l.t("cli.report.platform_reconciled", ["platform": $0.platform])
                           : l.t("cli.report.platform_not_reconciled", ["platform": $0.platform]), String($0.openItems)]
        }
        return [ReportSection(title: l.t("cli.report.reconciliation"), columns: [l.t("cli.report.col_open")],
                              rows: rows.isEmpty ? [[l.t("cli.report.none"), ""]] : rows)]
    }

    /// Every table of the report, in reading order.
    public var sections: [ReportSection] { sections(in: .en) }

    /// The tables with their words in `l` (the data keys stay: methods, types, operators).
    public func sections(in l: Language) -> [ReportSection] {
        let count = l.t("cli.report.col_count"), amount = l.t("cli.report.col_amount")
        // English keeps the keys scripts and the CSV use ("cash", "wechat", "counter"); Chinese words them.
        func method(_ k: String) -> String { l == .en ? k : PaymentMethod(rawValue: k).map(l.method) ?? k }
        func platform(_ k: String) -> String { l == .en ? k : PlatformKind(rawValue: k).map(l.platform) ?? k }
        func channel(_ k: String) -> String { l == .en ? k : Channel(rawValue: k).map(l.channel) ?? k }
        func lines(_ title: String, _ ls: [ReportLine], total: Int64?, word: (String) -> String = { $0 }) -> ReportSection {
            var rows = ls.map { [word($0.key), String($0.count), money($0.amount)] }
            if rows.isEmpty { rows.append([l.t("cli.report.none"), "", ""]) }
            if let total { rows.append([l.t("cli.report.total"), "", money(total)]) }
            return ReportSection(title: title, columns: [count, amount], rows: rows)
        }
        var byPlatform: [ReportSection] = []
        if let online = onlineByPlatform { byPlatform.append(lines(l.t("cli.report.online_by_platform"), online, total: nil, word: platform)) }
        if let back = onlineRefundsByPlatform { byPlatform.append(lines(l.t("cli.report.online_refunds_by_platform"), back, total: nil, word: platform)) }
        return [
            lines(l.t("report.payments_by_method"), byMethod, total: salesTotal, word: method),
        ] + byPlatform + [
            lines(l.t("report.by_order_type"), byType, total: nil),
            lines(l.t("report.by_operator"), byOperator, total: nil),
            lines(l.t("report.by_channel"), byChannel, total: nil, word: channel),
            lines(l.t("report.refunds_by_method"), refundsByMethod, total: refundsTotal, word: method),
            lines(l.t("report.coupons_used"), coupons, total: nil),
            ReportSection(title: l.t("report.totals"), columns: ["", amount], rows: [
                [l.t("cli.report.payments"), "", money(salesTotal)], [l.t("cli.report.refunds"), "", money(refundsTotal)],
                [l.t("cli.report.net"), "", money(net)]]),
            ReportSection(title: l.t("report.counts"), columns: [count], rows: [
                [l.t("cli.report.payments"), String(payments)], [l.t("cli.report.repayments"), String(repayments)],
                [l.t("cli.report.failed_online"), String(failed)], [l.t("cli.report.closed_online"), String(closed)]]),
            ReportSection(title: l.t("report.drawer"), columns: [amount], rows: [
                [l.t("cli.report.opening_floats"), money(floats)], [l.t("cli.report.cash_taken"), money(cashTaken)],
                [l.t("cli.report.change_given"), money(changeGiven)], [l.t("cli.report.cash_refunds"), money(cashRefunds)],
                [l.t("cli.report.cash_in"), money(cashIn)], [l.t("cli.report.cash_out"), money(cashOut)],
                [l.t("cli.report.over_short"), money(overShort)]]),
        ] + reconciliationSections(l) + [
            ReportSection(title: l.t("cli.report.shifts"),
                          columns: ["cli.report.col_terminal", "cli.report.col_operator", "cli.report.col_state", "cli.report.col_float",
                                    "cli.report.cash_in", "cli.report.cash_out", "cli.report.col_expected", "cli.report.col_counted",
                                    "cli.report.over_short"].map { l.t($0) },
                          rows: shifts.map { s in
                              [String(s.id), s.terminal, s.operatorName, s.state, money(s.float), money(s.cashIn), money(s.cashOut),
                               money(s.expected), s.counted.map(money) ?? "-", s.overShort.map(money) ?? "-"]
                          }, isShiftTable: true),
        ]
    }
}
