import CashierCore

/// Every sentence and label of the reconciliation screen, in one place (for the catalogues).
enum ReconWords {
    static let title = "Reconciliation"
    static let loading = "Loading the reconciled days…"
    static let loadingItems = "Loading the day's items…"
    static let noDays = "No day reconciled yet: `cashier reconcile --date DAY` matches its bills."
    static let noItems = "Nothing differs: the store and the platform agree on this day."
    static let noDay = "there is no reconciled day here."
    static let noItem = "there is no item here."
    static let resolving = "Resolving…"
    static let typeNote = "Type a note saying what was done about it."
    static let typeSupervisor = "Type the supervisor's user name."
    static let typePin = "Type the supervisor's own PIN for this resolution."
    static let credentials = "The supervisor's own credentials:"
    static let switchHint = "Space switches"

    // Keys
    static let items = "Items", back = "Back", days = "Days", resolve = "Resolve", refresh = "Refresh"
    static let up = "Up", down = "Down", first = "First row", last = "Last row"
    static let nextField = "Next field", previousField = "Previous field", cancel = "Cancel", then = "What else it does"

    // Columns of the days, then of the items
    static let dayColumns = ["Day", "Platform", "Trades", "Matched", "Refunds", "Refunded", "Fees", "State"]
    static let itemColumns = ["#", "Kind", "Trade no", "Refund no", "Bill", "Store", "State", "Suggested action"]

    // Dialog labels
    static let note = "Note", thenLabel = "Then", supervisor = "Supervisor", pin = "PIN"

    static func kind(_ k: ReconItemRow.Kind) -> String {
        switch k {
        case .missingHere: return "missing here"
        case .missingThere: return "missing there"
        case .amountMismatch: return "amount mismatch"
        case .statusMismatch: return "status mismatch"
        case .refundMismatch: return "refund mismatch"
        }
    }

    static func followUp(_ f: ReconFollowUpChoice?) -> String {
        switch f {
        case nil: return "nothing else (note only)"
        case .apply?: return "apply the platform's success"
        case .refund?: return "refund it at the platform"
        }
    }

    static func state(_ d: ReconDayRow) -> String {
        if d.agrees { return "agrees" }
        var parts: [String] = []
        if d.openItems > 0 { parts.append("\(d.openItems) open") }
        if d.held > 0 { parts.append("\(d.held) held") }
        return parts.joined(separator: " · ")
    }

    static func itemState(_ i: ReconItemRow) -> String { i.isOpen ? "open" : "resolved" }

    static func amount(_ m: Money?) -> String { m?.decimal ?? "—" }

    static func summary(_ days: [ReconDayRow]) -> String {
        let open = days.filter { $0.openItems > 0 }.count, held = days.filter { $0.held > 0 }.count
        return " \(Fmt.plural(days.count, "platform day")) · \(open) with open items · \(held) waiting for a later bill"
    }

    static func daySummary(_ d: ReconDayRow, _ items: [ReconItemRow]) -> String {
        " \(d.platform) · \(d.date) · \(Fmt.plural(items.count, "item")), \(items.filter(\.isOpen).count) open · resolving needs a supervisor's PIN"
    }

    static func matched(_ d: ReconDayRow) -> String {
        "\(Fmt.plural(d.tradesMatched, "trade")) \(d.tradesAmount.decimal) · \(Fmt.plural(d.refundsMatched, "refund")) "
            + "\(d.refundsAmount.decimal) · fees \(d.fees.decimal)"
    }

    /// Above the day's items.
    static func dayHeading(_ d: ReconDayRow) -> String { " \(d.platform) \(d.date) · " + matched(d) }

    /// Under the days, about the one at the cursor.
    static func dayPanel(_ d: ReconDayRow) -> [String] {
        let runs = "reconciled \(d.runs == 1 ? "once" : "\(d.runs) times")" + (d.billChanged ? " · bill CHANGED since the first run" : "")
        var lines = [" \(d.platform) \(d.date) · " + runs, " Matched: " + matched(d)]
        if d.agrees {
            lines.append(" The store and the platform agree on this day.")
        } else {
            var parts: [String] = []
            if d.openItems > 0 { parts.append("\(Fmt.plural(d.openItems, "item")) open (Enter lists them)") }
            if d.held > 0 { parts.append("\(d.held) waiting for the next day's bill") }
            lines.append(" " + parts.joined(separator: " · "))
        }
        return lines
    }

    static func itemHeading(_ i: ReconItemRow) -> String {
        let refund = i.refundNo.isEmpty ? "" : " refund \(i.refundNo)"
        return " #\(i.id) · \(kind(i.kind)) · \(i.tradeNo)\(refund) · bill \(amount(i.billAmount)) · store \(amount(i.storeAmount))"
    }

    static func itemFooter(_ i: ReconItemRow) -> String {
        if let by = i.resolvedBy { return "Resolved by \(by): \(i.resolution ?? "")" }
        return i.note.isEmpty ? "" : "Note: \(i.note)"
    }

    static func dialogTitle(_ i: ReconItemRow) -> String { "Resolve item #\(i.id)" }

    static func alreadyResolved(_ i: ReconItemRow) -> String { "Resolve: item #\(i.id) is already resolved." }

    static func resolved(_ i: ReconItemRow) -> String { "Resolved item #\(i.id) of \(i.tradeNo)." }
}
