import CashierCore
import Localization

extension PaymentScreen {
    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        draw(into: &grid, body, context, qr: QRBlock.standard)
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context, qr: QRRenderer) {
        let state = self, now = context.now, timeZone = context.timeZone, l = context.lang
        let pay = state.view
        var y = body.y
        var facts: [String] = []
        if let trade = pay.tradeNo { facts.append(l.t("console.payment.trade", ["trade": trade])) }
        if let platform = pay.platform { facts.append(l.platform(platform)) }
        if let s = pay.paymentState { facts.append(l.t("console.payment.state", ["state": l.checkoutState(s)])) }
        facts.append(l.t("console.payment.attempt", ["attempt": pay.attempt]))
        grid.put(" " + facts.joined(separator: " · "), x: 0, y: y, role: .title, maxWidth: body.width)
        y += 1

        // A QR code for the customer to scan, beside the details, while the payment waits.
        var qrLines: [String] = []
        if pay.outcome == .waiting, let content = pay.qrContent { qrLines = qr(content) ?? [] }
        let qrWidth = qrLines.map { DisplayWidth.of($0) }.max() ?? 0
        let left = qrLines.isEmpty ? body.width : body.width - qrWidth - 2

        let (word, role): (String, Role)
        switch pay.outcome {
        case .waiting: (word, role) = (l.t("console.payment.banner_waiting"), .pending)
        case .paid: (word, role) = (l.t("console.payment.banner_paid"), .succeeded)
        case .failed: (word, role) = (l.t("console.payment.banner_failed"), .failed)
        case .closed: (word, role) = (l.t("console.payment.banner_closed"), .failed)
        }
        var countdown = ""
        if pay.outcome == .waiting, let deadline = pay.deadline {
            countdown = deadline > now ? l.t("console.payment.left", ["time": Fmt.countdown(deadline - now)]) : l.t("console.payment.deadline_passed")
        }
        grid.banner(word, note: countdown, x: 1, y: y, width: left - 2, role: role)
        y += 4

        var notes: [String] = []
        if let text = pay.message { notes.append(text) }
        if pay.outcome == .waiting {
            if pay.qrContent != nil {
                notes.append(pay.platform.map { l.t("console.payment.scan_qr_with", ["app": l.platform($0)]) } ?? l.t("console.payment.scan_qr"))
                if qrLines.isEmpty, let content = pay.qrContent { notes.append(l.t("console.payment.qr_text", ["content": content])) }
            } else if pay.online.minor > 0 {
                notes.append(l.t("console.payment.confirm_on_phone"))
            }
            if let deadline = pay.deadline { notes.append(l.t("console.payment.auto_cancel", ["time": Fmt.time(deadline, timeZone)])) }
        }
        for note in notes where y < body.bottom {
            grid.put(" " + note, x: 0, y: y, role: .dim, maxWidth: left)
            y += 1
        }
        y += 1

        let wide = left >= 78
        let order = l.t("console.payment.col_order"), amount = l.t("console.payment.col_amount")
        let online = l.t("console.payment.col_online"), status = l.t("console.payment.col_status")
        let columns = wide
            ? [Column(order, 12), Column(l.t("console.payment.col_customer"), nil), Column(amount, 10, right: true, role: .amount),
               Column(l.t("console.payment.col_coupon"), 9, right: true, role: .amount), Column(l.t("console.payment.col_cash"), 9, right: true, role: .amount),
               Column(online, 10, right: true, role: .amount), Column(status, 8)]
            : [Column(order, 12), Column(amount, 10, right: true, role: .amount),
               Column(online, 10, right: true, role: .amount), Column(status, 8)]
        let table = Table(columns, totalWidth: left - 2)
        table.draw(columns.map(\.title), into: &grid, x: 1, y: y, rowRole: .title)
        y += 1
        for share in pay.shares where y < body.bottom - 1 {
            let cells = wide
                ? [share.number, share.customer, share.amount.decimal, share.coupon.decimal, share.cash.decimal,
                   share.online.decimal, l.status(share.status)]
                : [share.number, share.amount.decimal, share.online.decimal, l.status(share.status)]
            table.draw(cells, into: &grid, x: 1, y: y)
            y += 1
        }
        let totals = l.t("console.payment.totals", ["total": pay.total.decimal, "coupon": pay.coupon.decimal, "cash": pay.cash.decimal,
                                                     "online": pay.online.decimal])
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
            let origin = grid.centredBox(width: 56, height: 6, title: l.t("console.payment.cancel_title"))
            grid.put(l.t("console.payment.cancel_body"), x: origin.x + 2, y: origin.y + 2, role: .dialog)
            grid.put(l.t("console.payment.cancel_keys"), x: origin.x + 2, y: origin.y + 3, role: .dialog)
        }
        if let code = state.newCode {
            let origin = grid.centredBox(width: 56, height: 6, title: l.t("console.payment.new_code_title"))
            grid.put(l.t("console.payment.new_code_prompt"), x: origin.x + 2, y: origin.y + 2, role: .dialog)
            grid.field(code, x: origin.x + 2, y: origin.y + 3, width: 52, focused: true)
        }
    }
}
