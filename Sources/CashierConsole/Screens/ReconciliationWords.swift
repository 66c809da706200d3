import CashierCore
import Localization

/// Every sentence and label of the reconciliation screen, from the catalogues, in `l`.
struct ReconWords {
    let l: Language
    init(_ l: Language) { self.l = l }

    var loading: String { l.t("console.recon.loading") }
    var loadingItems: String { l.t("console.recon.loading_items") }
    var noDays: String { l.t("console.recon.no_days") }
    var noItems: String { l.t("console.recon.no_items") }
    var noDay: String { l.t("console.recon.no_day") }
    var noItem: String { l.t("console.recon.no_item") }
    var resolving: String { l.t("console.recon.resolving") }
    var typeNote: String { l.t("console.recon.type_note") }
    var typeSupervisor: String { l.t("console.recon.type_supervisor") }
    var typePin: String { l.t("console.recon.type_pin") }
    var credentials: String { l.t("console.recon.credentials") }
    var switchHint: String { l.t("console.recon.switch_hint") }

    // Keys
    var items: String { l.t("console.recon.items") }
    var back: String { l.t("console.recon.back") }
    var days: String { l.t("console.recon.days") }
    var resolve: String { l.t("console.recon.resolve") }
    var refresh: String { l.t("console.recon.refresh") }
    var up: String { l.t("console.recon.up") }
    var down: String { l.t("console.recon.down") }
    var first: String { l.t("console.recon.first") }
    var last: String { l.t("console.recon.last") }
    var nextField: String { l.t("console.recon.next_field") }
    var previousField: String { l.t("console.recon.previous_field") }
    var cancel: String { l.t("console.recon.cancel") }
    var then: String { l.t("console.recon.then_key") }
    func blocked(_ key: String, _ why: String) -> String { l.t("console.recon.blocked", ["key": key, "why": why]) }
    func busy(_ key: String) -> String { l.t("console.recon.busy", ["key": key]) }

    // Columns of the days, then of the items
    var dayColumns: [String] {
        ["console.recon.col_day", "console.recon.col_platform", "console.recon.col_trades", "console.recon.col_matched",
         "console.recon.col_refunds", "console.recon.col_refunded", "console.recon.col_fees", "console.recon.col_state"].map { l.t($0) }
    }
    var itemColumns: [String] {
        ["#"] + ["console.recon.col_kind", "console.recon.col_trade_no", "console.recon.col_refund_no", "console.recon.col_bill",
                 "console.recon.col_store", "console.recon.col_state", "console.recon.col_action"].map { l.t($0) }
    }

    // Dialog labels
    var note: String { l.t("console.recon.note") }
    var thenLabel: String { l.t("console.recon.then") }
    var supervisor: String { l.t("console.recon.supervisor") }
    var pin: String { l.t("console.recon.pin") }

    /// English shows the platform's key as the bills name it ("alipay"); Chinese its name (支付宝).
    func platform(_ key: String) -> String { l == .en ? key : PlatformKind(rawValue: key).map(l.platform) ?? key }

    func kind(_ k: ReconItemRow.Kind) -> String {
        switch k {
        case .missingHere: return l.t("console.recon.kind_missing_here")
        case .missingThere: return l.t("console.recon.kind_missing_there")
        case .amountMismatch: return l.t("console.recon.kind_amount")
        case .statusMismatch: return l.t("console.recon.kind_status")
        case .refundMismatch: return l.t("console.recon.kind_refund")
        }
    }

    func followUp(_ f: ReconFollowUpChoice?) -> String {
        switch f {
        case nil: return l.t("console.recon.follow_none")
        case .apply?: return l.t("console.recon.follow_apply")
        case .refund?: return l.t("console.recon.follow_refund")
        }
    }

    func state(_ d: ReconDayRow) -> String {
        if d.agrees { return l.t("console.recon.agrees") }
        var parts: [String] = []
        if d.openItems > 0 { parts.append(l.t("console.recon.n_open", ["count": d.openItems])) }
        if d.held > 0 { parts.append(l.t("console.recon.n_held", ["count": d.held])) }
        return parts.joined(separator: " · ")
    }

    func itemState(_ i: ReconItemRow) -> String { i.isOpen ? l.t("console.recon.open") : l.t("console.recon.resolved_state") }

    func amount(_ m: Money?) -> String { m?.decimal ?? "—" }

    func summary(_ days: [ReconDayRow]) -> String {
        let open = days.filter { $0.openItems > 0 }.count, held = days.filter { $0.held > 0 }.count
        return " " + l.plural("console.recon.summary", count: days.count, ["open": open, "held": held])
    }

    func daySummary(_ d: ReconDayRow, _ items: [ReconItemRow]) -> String {
        " " + l.plural("console.recon.day_summary", count: items.count, ["platform": platform(d.platform), "date": d.date,
                                                                            "open": items.filter(\.isOpen).count])
    }

    func matched(_ d: ReconDayRow) -> String {
        l.plural("console.recon.trades", count: d.tradesMatched, ["amount": d.tradesAmount.decimal]) + " · "
            + l.plural("console.recon.refunds", count: d.refundsMatched, ["amount": d.refundsAmount.decimal]) + " · "
            + l.t("console.recon.fees", ["amount": d.fees.decimal])
    }

    /// Above the day's items.
    func dayHeading(_ d: ReconDayRow) -> String { " \(platform(d.platform)) \(d.date) · " + matched(d) }

    /// Under the days, about the one at the cursor.
    func dayPanel(_ d: ReconDayRow) -> [String] {
        var runs = d.runs == 1 ? l.t("console.recon.runs_once") : l.t("console.recon.runs_n", ["count": d.runs])
        if d.billChanged { runs += " · " + l.t("console.recon.bill_changed") }
        var lines = [" \(platform(d.platform)) \(d.date) · " + runs, " " + l.t("console.recon.matched_line", ["matched": matched(d)])]
        if d.agrees {
            lines.append(" " + l.t("console.recon.day_agrees"))
        } else {
            var parts: [String] = []
            if d.openItems > 0 { parts.append(l.plural("console.recon.items_open", count: d.openItems)) }
            if d.held > 0 { parts.append(l.t("console.recon.waiting_bill", ["count": d.held])) }
            lines.append(" " + parts.joined(separator: " · "))
        }
        return lines
    }

    func itemHeading(_ i: ReconItemRow) -> String {
        let refund = i.refundNo.isEmpty ? "" : " " + l.t("console.recon.refund_no", ["number": i.refundNo])
        return " " + l.t("console.recon.item_heading", ["id": i.id, "kind": kind(i.kind), "trade": i.tradeNo, "refund": refund,
                                                        "bill": amount(i.billAmount), "store": amount(i.storeAmount)])
    }

    func itemFooter(_ i: ReconItemRow) -> String {
        if let by = i.resolvedBy { return l.t("console.recon.resolved_by", ["user": by, "resolution": i.resolution ?? ""]) }
        return i.note.isEmpty ? "" : l.t("console.recon.note_line", ["note": l.reconNote(i.note)])
    }

    func dialogTitle(_ i: ReconItemRow) -> String { l.t("console.recon.dialog_title", ["id": i.id]) }

    func alreadyResolved(_ i: ReconItemRow) -> String { l.t("console.recon.already_resolved", ["id": i.id]) }

    func resolved(_ i: ReconItemRow) -> String { l.t("console.recon.resolved", ["id": i.id, "trade": i.tradeNo]) }
}
