import CashierCore
import Localization

/// An order's receipts, one at a time in a scrollable pane, to read and print again.
struct ReceiptScreen: Screen {
    var orderId: Int64
    var orderNumber: String
    var receipts: [ReceiptView] = []
    var loaded = false
    var index = 0
    var scroll = 0
    /// Where Esc leads back to.
    var returnTo: Route = .orders

    var current: ReceiptView? { receipts.indices.contains(index) ? receipts[index] : nil }

    func keys(_ context: Context) -> [ScreenKey<ReceiptScreen>] {
        let l = context.lang
        let none = current == nil ? l.t("console.receipt.none") : nil
        let busy = context.isPending(.drawer(.print)) ? l.t("console.receipt.busy") : nil
        let single = receipts.count < 2 ? l.t("console.receipt.single") : nil
        let room = max(1, context.bodyHeight - 2)
        let limit = max(0, (current?.lines.count ?? 0) - room)
        return KeyTable.scrolling(context.lang, \.scroll, limit: limit, page: room) + [
            .on(.tab, .right, label: l.t("console.receipt.next"), disabled: single.map { l.t("console.receipt.next_blocked", ["why": $0]) }) { s, _, _ in
                s.step(by: 1)
            },
            .on(.backTab, .left, label: l.t("console.receipt.previous"), disabled: single.map { l.t("console.receipt.previous_blocked", ["why": $0]) }) { s, _, _ in
                s.step(by: s.receipts.count - 1)
            },
            .on(.char("p"), label: l.t("console.receipt.reprint"), bar: true, disabled: (none ?? busy).map { l.t("console.receipt.print_blocked", ["why": $0]) }) { s, c, _ in
                guard let receipt = s.current, let session = c.session else { return [] }
                c.message = Note(c.lang.t("console.receipt.sending"), .pending)
                return [c.request(.drawer(.reprint(receiptId: receipt.id, session: session)))]
            },
            .on(.function(5), label: l.t("console.receipt.refresh"), bar: true) { s, c, _ in [c.request(.drawer(.receipts(orderId: s.orderId)))] },
            .on(.escape, label: l.t("console.receipt.back"), bar: true) { s, c, _ in c.go(.back(s.returnTo)); return [] },
        ]
    }

    mutating func step(by n: Int) -> [Effect] {
        guard !receipts.isEmpty else { return [] }
        index = (index + n) % receipts.count
        scroll = 0
        return []
    }

    mutating func refresh(_ context: inout Context) -> [Effect] {
        context.isPending(.drawer(.receipt)) ? [] : [context.request(.drawer(.receipts(orderId: orderId)))]
    }

    mutating func received(_ receipts: [ReceiptView]) -> [Effect] {
        let keep = current?.id
        self.receipts = receipts
        loaded = true
        index = receipts.firstIndex { $0.id == keep } ?? max(0, receipts.count - 1)
        return []
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let state = self, l = context.lang
        guard let receipt = state.current else {
            let note = state.loaded
                ? l.t("console.receipt.no_receipt", ["number": state.orderNumber])
                : l.t("console.receipt.loading", ["number": state.orderNumber])
            grid.centred(note, y: body.y + 3, role: .dim)
            return
        }
        let paper = max(32, receipt.lines.map(DisplayWidth.of).max() ?? 0)
        let width = min(body.width, paper + 4)
        let x = (body.width - width) / 2
        let title = l.t("console.receipt.title", ["index": state.index + 1, "count": state.receipts.count])
        grid.box(x: x, y: body.y, width: width, height: body.height, title: title)
        for (i, line) in receipt.lines.dropFirst(state.scroll).enumerated() where i < body.height - 2 {
            grid.put(line, x: x + 2, y: body.y + 1 + i, role: .dialog, maxWidth: width - 4)
        }
    }

    func summary(_ context: Context) -> [StyledLine] {
        let state = self
        guard let receipt = current else { return [] }
        let room = max(1, context.bodyHeight - 2)
        let last = min(receipt.lines.count, state.scroll + room)
        let l = context.lang
        let kind = receipt.kind == .payment ? l.t("console.receipt.kind_payment") : l.t("console.receipt.kind_refund")
        var text = " " + l.t("console.receipt.summary", ["number": state.orderNumber, "kind": kind, "reference": receipt.reference,
                                                         "first": state.scroll + 1, "last": last, "count": receipt.lines.count])
        if state.receipts.count > 1 { text += " · " + l.t("console.receipt.tab_next") }
        return [StyledLine(text, .dim)]
    }
}
