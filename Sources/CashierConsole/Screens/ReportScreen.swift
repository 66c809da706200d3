import CashierCore
import Localization
import Foundation

/// The supervisor's own credentials to close the business day.
struct ZDialog: Equatable, Sendable {
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var focusPin = false
}

/// The X report of the day so far, and the supervisor's Z report that closes the day.
struct ReportsScreen: Screen {
    var report: ReportView?
    var scroll = 0
    var confirm: ZDialog?
    /// Where Esc leads back to.
    var returnTo: Route = .orders

    var isModal: Bool { confirm != nil }

    func zReportReason(_ context: Context) -> String? {
        if context.session?.role != .supervisor { return context.lang.t("console.reports.z_supervisor_only") }
        if report == nil { return context.lang.t("console.reports.z_wait_x") }
        return nil
    }

    func keys(_ context: Context) -> [ScreenKey<ReportsScreen>] {
        let l = context.lang
        let busy = context.isPending(.drawer(.report)) ? l.t("console.reports.why_busy") : nil
        if confirm != nil {
            return [
                .on(.enter, label: l.t("console.reports.make_z"), bar: true, disabled: busy.map { l.t("console.reports.z_blocked", ["why": $0]) }) { s, c, _ in s.makeZ(&c) },
                .on(.tab, .down, label: l.t("console.reports.next_field"), bar: true) { s, _, _ in s.confirm?.focusPin.toggle(); return [] },
                .on(.backTab, .up, label: l.t("console.reports.previous_field")) { s, _, _ in s.confirm?.focusPin.toggle(); return [] },
                .on(.escape, label: l.t("console.reports.cancel"), bar: true) { s, _, _ in s.confirm = nil; return [] },
            ] + KeyTable.textEditing(context.lang) { s, _, edit, key in
                if s.confirm?.focusPin == true { s.confirm?.pin.apply(edit, key: key) } else { s.confirm?.user.apply(edit, key: key) }
                return []
            }
        }
        let limit = max(0, lines(context).count - (context.bodyHeight - 1))
        let page = max(1, context.bodyHeight - 3)
        return KeyTable.scrolling(context.lang, \.scroll, limit: limit, page: page) + [
            .on(.home, label: l.t("console.reports.top")) { s, _, _ in s.scroll = 0; return [] },
            .on(.end, label: l.t("console.reports.bottom")) { s, _, _ in s.scroll = limit; return [] },
            .on(.char("x"), .function(5), label: l.t("console.reports.x"), bar: true,
                disabled: busy.map { l.t("console.reports.x_blocked", ["why": $0]) }) { _, c, _ in
                guard let session = c.session else { return [] }
                return [c.request(.drawer(.xReport(session)))]
            },
            .on(.char("z"), label: l.t("console.reports.z"), bar: true, disabled: zReportReason(context)) { s, c, _ in
                var dialog = ZDialog()
                // A supervisor at their own console only types the PIN.
                if let session = c.session, session.role == .supervisor { dialog.user.set(session.user); dialog.focusPin = true }
                s.confirm = dialog
                return []
            },
            .on(.escape, label: l.t("console.reports.back"), bar: true) { s, c, _ in c.go(.back(s.returnTo)); return [] },
        ]
    }

    mutating func makeZ(_ context: inout Context) -> [Effect] {
        guard var dialog = confirm else { return [] }
        let user = dialog.user.text.trimmingSpaces
        if user.isEmpty || dialog.pin.isEmpty {
            context.message = .error(user.isEmpty ? context.lang.t("console.reports.type_user") : context.lang.t("console.reports.type_pin"))
            dialog.focusPin = !user.isEmpty
            confirm = dialog
            return []
        }
        guard let session = context.session else { return [] }
        context.message = Note(context.lang.t("console.reports.making_z"), .pending)
        return [context.request(.drawer(.zReport(UserCredentials(user: user, pin: dialog.pin.text), session: session)))]
    }

    mutating func received(z: Bool, _ result: Result<ReportView, BackendError>, _ context: inout Context) -> [Effect] {
        guard case .success(let report) = result else {
            if case .failure(let error) = result { context.message = .error(error.text(context.lang)) }
            if z { confirm?.pin = TextField(secret: true, maxLength: 12) }
            return []
        }
        let wasZ = report.kind == .z
        self.report = report
        confirm = nil
        scroll = 0
        if wasZ {
            context.message = Note(context.lang.t("console.reports.z_made", ["number": report.number ?? 0, "day": report.businessDate]), .succeeded)
        }
        return []
    }

    func table(_ context: Context) -> Table {
        Table([Column("", nil), Column(context.lang.t("console.reports.count"), 8, right: true),
               Column(context.lang.t("console.reports.amount"), 14, right: true)], totalWidth: min(76, context.size.width - 4))
    }

    /// The report as lines: one aligned table per section.
    func lines(_ context: Context) -> [StyledLine] {
        let l = context.lang
        guard let r = report else { return [StyledLine("  " + l.t("console.reports.loading"), .dim)] }
        let t = table(context)
        var out: [StyledLine] = []
        for section in r.sections {
            let all = section.rows + (section.total.map { [$0] } ?? [])
            let counts = all.contains { $0.count != nil }, amounts = all.contains { $0.amount != nil }
            out.append(StyledLine(t.text([Self.words(section.title, l), counts ? l.t("console.reports.count") : "", amounts ? l.t("console.reports.amount") : ""]), .title))
            if section.rows.isEmpty { out.append(StyledLine(t.text(["  " + l.t("console.reports.none")]), .dim)) }
            for row in section.rows { out.append(reportRow(row, t, section.signed, total: false, l)) }
            if let total = section.total { out.append(reportRow(total, t, section.signed, total: true, l)) }
            out.append(StyledLine(""))
        }
        if out.last == StyledLine("") { out.removeLast() }
        return out
    }

    func reportRow(_ row: ReportRow, _ t: Table, _ signed: Bool, total: Bool, _ l: Language) -> StyledLine {
        let amount = row.amount.map { m in signed && m.minor > 0 ? "+" + m.decimal : m.decimal } ?? ""
        let text = t.text(["  " + Self.words(row.label, l), row.count.map(String.init) ?? "", amount])
        if signed, let m = row.amount, m.minor != 0 { return StyledLine(text, m.minor < 0 ? .failed : .warning) }
        return StyledLine(text, total ? .amount : .normal)
    }

    func heading(_ timeZone: TimeZone, _ l: Language) -> String {
        guard let r = report else { return "" }
        let args: [String: any CustomStringConvertible] = ["number": r.number ?? 0, "day": r.businessDate,
                                                           "time": Fmt.stamp(r.generatedAt, timeZone), "user": r.generatedBy]
        return r.kind == .z ? l.t("console.reports.heading_z", args) : l.t("console.reports.heading_x", args)
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let l = context.lang
        grid.put(" " + heading(context.timeZone, l), x: 0, y: body.y, role: .title, maxWidth: body.width)
        let lines = lines(context)
        for (i, line) in lines.dropFirst(scroll).enumerated() where i < body.height - 1 {
            grid.put("  " + line.text, x: 0, y: body.y + 1 + i, role: line.role, maxWidth: body.width)
        }
        guard let dialog = confirm else { return }
        let (x, y) = grid.centredBox(width: 64, height: 11, title: l.t("console.reports.z_title"))
        let day = report?.businessDate ?? ""
        for (i, line) in wrap(l.t("console.reports.z_explain", ["day": day]), width: 59).prefix(2).enumerated() {
            grid.put(line, x: x + 3, y: y + 2 + i, role: .dialog)
        }
        grid.put(l.t("console.reports.supervisor"), x: x + 3, y: y + 5, role: .dialog)
        grid.field(dialog.user, x: x + 15, y: y + 5, width: 30, focused: !dialog.focusPin)
        grid.put(l.t("console.reports.pin"), x: x + 3, y: y + 6, role: .dialog)
        grid.field(dialog.pin, x: x + 15, y: y + 6, width: 30, focused: dialog.focusPin)
        grid.put(l.t("console.reports.z_keys"), x: x + 3, y: y + 8, role: .dialog)
    }

    func summary(_ context: Context) -> [StyledLine] {
        guard let r = report else { return [] }
        let count = lines(context).count
        let shown = min(count, scroll + context.bodyHeight - 1)
        let args: [String: any CustomStringConvertible] = ["first": scroll + 1, "last": shown, "count": count]
        return [StyledLine(" " + (r.kind == .z ? context.lang.t("console.reports.summary_z", args) : context.lang.t("console.reports.summary_x", args)), .dim)]
    }
}

extension ReportsScreen {
    /// A report label in the console's language.
    static func words(_ label: ReportLabel, _ l: Language) -> String {
        switch label {
        case .text(let text): return text
        case .word(let word): return words(word, l)
        case .method(let key): return PaymentMethod(rawValue: key).map(l.method) ?? key
        case .channel(let key): return Channel(rawValue: key).map(l.channel) ?? key
        case .reconPlatform(let key, let matched):
            let name = PlatformKind(rawValue: key).map(l.platform) ?? key
            return matched ? l.t("report.recon_matched", ["platform": name]) : l.t("report.recon_unmatched", ["platform": name])
        case .shift(let id, let name, let terminal, let state):
            let line = l.t("console.reports.shift_line", ["id": id, "user": name, "terminal": terminal])
            return state.map { line + " (" + $0 + ")" } ?? line
        }
    }

    static func words(_ word: ReportWord, _ l: Language) -> String {
        switch word {
        case .paymentsByMethod: return l.t("report.payments_by_method")
        case .byOrderType: return l.t("report.by_order_type")
        case .byOperator: return l.t("report.by_operator")
        case .byChannel: return l.t("report.by_channel")
        case .refundsByMethod: return l.t("report.refunds_by_method")
        case .couponsUsed: return l.t("report.coupons_used")
        case .totals: return l.t("report.totals")
        case .counts: return l.t("report.counts")
        case .drawer: return l.t("report.drawer")
        case .overShortByShift: return l.t("report.over_short_by_shift")
        case .total: return l.t("report.total")
        case .payments: return l.t("report.payments")
        case .refunds: return l.t("report.refunds")
        case .net: return l.t("report.net")
        case .repayments: return l.t("report.repayments")
        case .failedOnline: return l.t("report.failed_online")
        case .cancelledOnline: return l.t("report.cancelled_online")
        case .openingFloats: return l.t("report.opening_floats")
        case .cashTaken: return l.t("report.cash_taken")
        case .changeGiven: return l.t("report.change_given")
        case .cashRefunds: return l.t("report.cash_refunds")
        case .cashIn: return l.t("report.cash_in")
        case .cashOut: return l.t("report.cash_out")
        case .reconNothing: return l.t("report.recon_nothing")
        case .reconReconciled: return l.t("report.recon_reconciled")
        case .reconNotYet: return l.t("report.recon_not_yet")
        case .openItems: return l.t("report.open_items")
        }
    }
}
