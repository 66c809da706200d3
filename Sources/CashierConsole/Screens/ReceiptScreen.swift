import CashierCore

/// An order's receipts, one at a time in a scrollable pane, to read and print again.
struct ReceiptState: Equatable, Sendable {
    var orderId: Int64
    var orderNumber: String
    var receipts: [ReceiptView] = []
    var loaded = false
    var index = 0
    var scroll = 0

    var current: ReceiptView? { receipts.indices.contains(index) ? receipts[index] : nil }
}

extension AppState {
    /// `p` on History or Order detail.
    mutating func openReceipt(_ order: OrderRow?) -> [Effect] {
        guard let order else { return [] }
        drawer.returnTo = route
        drawer.receipt = ReceiptState(orderId: order.id, orderNumber: order.number)
        route = .drawer(.receipt)
        return [request(.drawer(.receipts(orderId: order.id)))]
    }

    func receiptKeyReason(_ order: OrderRow?) -> String? {
        guard let order else { return "Receipt: there is no order here." }
        if order.status == .unpaid || order.status == .paying {
            return "Receipt: order \(order.number) is \(Fmt.status(order.status)); receipts exist once it is paid."
        }
        return nil
    }

    mutating func receiptsArrived(_ receipts: [ReceiptView]) {
        guard var state = drawer.receipt else { return }
        let keep = state.current?.id
        state.receipts = receipts
        state.loaded = true
        state.index = receipts.firstIndex { $0.id == keep } ?? max(0, receipts.count - 1)
        drawer.receipt = state
    }

    var receiptBindings: [KeyBinding] {
        let state = drawer.receipt
        let none = state?.current == nil ? "there is no receipt to print." : nil
        let busy = isPending(.drawer(.print)) ? "the receipt is being sent, wait for the answer." : nil
        let single = (state?.receipts.count ?? 0) < 2 ? "this order has one receipt or none." : nil
        return [
            .on(.up, do: .up, "Scroll up"),
            .on(.down, do: .down, "Scroll down"),
            .on(.pageUp, do: .pageUp, "Page up"),
            .on(.pageDown, do: .pageDown, "Page down"),
            .on(.tab, .right, do: .nextReceipt, "Next receipt", disabled: single.map { "Next receipt: " + $0 }),
            .on(.backTab, .left, do: .prevReceipt, "Previous receipt", disabled: single.map { "Previous receipt: " + $0 }),
            .on(.char("p"), do: .print, "Print again", bar: true, disabled: (none ?? busy).map { "Print: " + $0 }),
            .on(.function(5), do: .refresh, "Refresh", bar: true),
            .on(.escape, do: .back, "Back", bar: true),
        ]
    }

    mutating func receiptCommand(_ command: Command, key: Key) -> [Effect] {
        guard var state = drawer.receipt else { return [] }
        let lines = state.current?.lines.count ?? 0
        let room = max(1, bodyHeight - 2)
        let limit = max(0, lines - room)
        switch command {
        case .up: state.scroll = max(0, state.scroll - 1)
        case .down: state.scroll = min(limit, state.scroll + 1)
        case .pageUp: state.scroll = max(0, state.scroll - room)
        case .pageDown: state.scroll = min(limit, state.scroll + room)
        case .nextReceipt, .prevReceipt:
            let n = state.receipts.count
            guard n > 0 else { return [] }
            state.index = (state.index + (command == .nextReceipt ? 1 : n - 1)) % n
            state.scroll = 0
        case .print:
            guard let receipt = state.current, let session else { return [] }
            message = Note("Sending the receipt to the printer…", .pending)
            return [request(.drawer(.reprint(receiptId: receipt.id, session: session)))]
        case .refresh:
            return [request(.drawer(.receipts(orderId: state.orderId)))]
        case .back:
            drawer.receipt = nil
            route = drawer.returnTo
            return refreshVisible()
        default: break
        }
        drawer.receipt = state
        return []
    }

    func drawReceipt(into grid: inout Grid, _ body: Rect) {
        guard let state = drawer.receipt else { return }
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

    var receiptSummary: [StyledLine] {
        guard let state = drawer.receipt, let receipt = state.current else { return [] }
        let room = max(1, bodyHeight - 2)
        let last = min(receipt.lines.count, state.scroll + room)
        var text = " Order \(state.orderNumber) · \(receipt.kind.rawValue) \(receipt.reference) · lines \(state.scroll + 1)–\(last) of \(receipt.lines.count)"
        if state.receipts.count > 1 { text += " · Tab next receipt" }
        return [StyledLine(text, .dim)]
    }
}
