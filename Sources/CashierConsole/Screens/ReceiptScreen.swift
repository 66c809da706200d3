import CashierCore

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
        let none = current == nil ? "there is no receipt to print." : nil
        let busy = context.isPending(.drawer(.print)) ? "the receipt is being sent, wait for the answer." : nil
        let single = receipts.count < 2 ? "this order has one receipt or none." : nil
        let room = max(1, context.bodyHeight - 2)
        let limit = max(0, (current?.lines.count ?? 0) - room)
        return KeyTable.scrolling(\.scroll, limit: limit, page: room) + [
            .on(.tab, .right, label: "Next receipt", disabled: single.map { "Next receipt: " + $0 }) { s, _, _ in s.step(by: 1) },
            .on(.backTab, .left, label: "Previous receipt", disabled: single.map { "Previous receipt: " + $0 }) { s, _, _ in
                s.step(by: s.receipts.count - 1)
            },
            .on(.char("p"), label: "Print again", bar: true, disabled: (none ?? busy).map { "Print: " + $0 }) { s, c, _ in
                guard let receipt = s.current, let session = c.session else { return [] }
                c.message = Note("Sending the receipt to the printer…", .pending)
                return [c.request(.drawer(.reprint(receiptId: receipt.id, session: session)))]
            },
            .on(.function(5), label: "Refresh", bar: true) { s, c, _ in [c.request(.drawer(.receipts(orderId: s.orderId)))] },
            .on(.escape, label: "Back", bar: true) { s, c, _ in c.go(.back(s.returnTo)); return [] },
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
        let state = self
        guard let receipt = state.current else {
            let note = state.loaded
                ? "Order \(state.orderNumber) has no receipt yet: one is made for each payment and refund."
                : "Loading the receipts of order \(state.orderNumber)…"
            grid.centred(note, y: body.y + 3, role: .dim)
            return
        }
        let paper = max(32, receipt.lines.map(DisplayWidth.of).max() ?? 0)
        let width = min(body.width, paper + 4)
        let x = (body.width - width) / 2
        let title = "Receipt \(state.index + 1) of \(state.receipts.count)"
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
        var text = " Order \(state.orderNumber) · \(receipt.kind.rawValue) \(receipt.reference) · lines \(state.scroll + 1)–\(last) of \(receipt.lines.count)"
        if state.receipts.count > 1 { text += " · Tab next receipt" }
        return [StyledLine(text, .dim)]
    }
}
