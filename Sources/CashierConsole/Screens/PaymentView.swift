import CashierCore

extension PaymentScreen {
    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        draw(into: &grid, body, context, qr: QRBlock.standard)
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context, qr: QRRenderer) {
        let state = self, now = context.now, timeZone = context.timeZone
        let pay = state.view
        var y = body.y
        var facts: [String] = []
        if let trade = pay.tradeNo { facts.append("Trade \(trade)") }
        if let platform = pay.platform { facts.append(platform.displayName) }
        if let s = pay.paymentState { facts.append("state \(s.rawValue)") }
        facts.append("attempt \(pay.attempt)")
        grid.put(" " + facts.joined(separator: " · "), x: 0, y: y, role: .title, maxWidth: body.width)
        y += 1

        // A QR code for the customer to scan, beside the details, while the payment waits.
        var qrLines: [String] = []
        if pay.outcome == .waiting, let content = pay.qrContent { qrLines = qr(content) ?? [] }
        let qrWidth = qrLines.map { DisplayWidth.of($0) }.max() ?? 0
        let left = qrLines.isEmpty ? body.width : body.width - qrWidth - 2

        let (word, role): (String, Role)
        switch pay.outcome {
        case .waiting: (word, role) = ("WAITING", .pending)
        case .paid: (word, role) = ("PAID", .succeeded)
        case .failed: (word, role) = ("FAILED", .failed)
        case .closed: (word, role) = ("CLOSED", .failed)
        }
        var countdown = ""
        if pay.outcome == .waiting, let deadline = pay.deadline {
            countdown = deadline > now ? "\(Fmt.countdown(deadline - now)) left" : "deadline passed"
        }
        grid.banner(word, note: countdown, x: 1, y: y, width: left - 2, role: role)
        y += 4

        var notes: [String] = []
        if let text = pay.message { notes.append(text) }
        if pay.outcome == .waiting {
            if pay.qrContent != nil {
                notes.append("Ask the customer to scan the QR code with \(pay.platform?.displayName ?? "their app").")
                if qrLines.isEmpty, let content = pay.qrContent { notes.append("QR: \(content)") }
            } else if pay.online.minor > 0 {
                notes.append("Waiting for the customer to confirm on their phone.")
            }
            if let deadline = pay.deadline { notes.append("Cancelled automatically at \(Fmt.time(deadline, timeZone)) if not paid.") }
        }
        for note in notes where y < body.bottom {
            grid.put(" " + note, x: 0, y: y, role: .dim, maxWidth: left)
            y += 1
        }
        y += 1

        let wide = left >= 78
        let columns = wide
            ? [Column("Order", 12), Column("Customer", nil), Column("Amount", 10, right: true, role: .amount),
               Column("Coupon", 9, right: true, role: .amount), Column("Cash", 9, right: true, role: .amount),
               Column("Online", 10, right: true, role: .amount), Column("Status", 8)]
            : [Column("Order", 12), Column("Amount", 10, right: true, role: .amount),
               Column("Online", 10, right: true, role: .amount), Column("Status", 8)]
        let table = Table(columns, totalWidth: left - 2)
        table.draw(columns.map(\.title), into: &grid, x: 1, y: y, rowRole: .title)
        y += 1
        for share in pay.shares where y < body.bottom - 1 {
            let cells = wide
                ? [share.number, share.customer, share.amount.decimal, share.coupon.decimal, share.cash.decimal,
                   share.online.decimal, Fmt.status(share.status)]
                : [share.number, share.amount.decimal, share.online.decimal, Fmt.status(share.status)]
            table.draw(cells, into: &grid, x: 1, y: y)
            y += 1
        }
        let totals = "Total \(pay.total.decimal) · coupon \(pay.coupon.decimal) · cash \(pay.cash.decimal) · online \(pay.online.decimal)"
        grid.put(" " + totals, x: 0, y: y, maxWidth: left)

        if !qrLines.isEmpty {
            let x = body.width - qrWidth - 1
            for (i, line) in qrLines.enumerated() where body.y + 1 + i < body.bottom - 1 {
                grid.put(line, x: x, y: body.y + 1 + i, role: .qr)
            }
            if let trade = pay.tradeNo {
                // Centred under the code, but never cut when the code is narrower than the number.
                let span = max(qrWidth, DisplayWidth.of(trade))
                grid.centred(trade, x: body.width - span - 1, y: min(body.bottom - 1, body.y + 1 + qrLines.count), width: span, role: .dim)
            }
        }

        if state.confirmingCancel {
            let origin = grid.centredBox(width: 56, height: 6, title: "Cancel the payment?")
            grid.put("The payment is closed at the platform first.", x: origin.x + 2, y: origin.y + 2, role: .dialog)
            grid.put("y cancels it · n or Esc keeps waiting", x: origin.x + 2, y: origin.y + 3, role: .dialog)
        }
        if let code = state.newCode {
            let origin = grid.centredBox(width: 56, height: 6, title: "New payment code")
            grid.put("Scan the customer's new code:", x: origin.x + 2, y: origin.y + 2, role: .dialog)
            grid.field(code, x: origin.x + 2, y: origin.y + 3, width: 52, focused: true)
        }
    }
}
