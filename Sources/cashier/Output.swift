import CashierCore
import Localization
import CashierEngine
import Foundation

struct OrderJSON: Encodable {
    var id: Int64
    var number: String
    var type: String
    var customer: String
    var amount: String
    var currency: String
    var status: String
    var paid: String
    var refunded: String

    init(_ o: OrderRecord) {
        id = o.id; number = o.number; type = o.type; customer = o.customer; amount = o.amount.decimal
        currency = o.currency.code; status = o.status.rawValue
        paid = Money.format(minor: o.paid, currency: o.currency)
        refunded = Money.format(minor: o.refunded, currency: o.currency)
    }
}

struct PaymentJSON: Encodable {
    struct Share: Encodable {
        var number: String
        var amount: String
        var coupon: String
        var cash: String
        var online: String
        var status: String
    }

    var checkout: Int64
    var state: String
    var outcome: String
    var currency: String
    var total: String
    var coupon: String
    var cash: String
    var tendered: String
    var change: String
    var online: String
    var trade_no: String?
    var platform: String?
    var payment_state: String?
    var attempt: Int?
    var deadline: String?
    var message: String?
    var qr_content: String?
    var orders: [Share]

    init(_ s: PaymentSnapshot) {
        let c = s.checkout
        let cur = c.currency
        func f(_ m: Int64) -> String { Money.format(minor: m, currency: cur) }
        checkout = c.id; state = c.state.rawValue; outcome = Outcome.of(s).rawValue; currency = cur.code
        total = f(c.total); coupon = f(c.coupon); cash = f(c.cash); tendered = f(c.tendered); change = f(c.changeDue)
        online = f(c.online)
        if let po = s.paymentOrder {
            trade_no = po.tradeNo; platform = po.platform.rawValue; payment_state = po.state.rawValue; attempt = po.attempt
            deadline = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(po.deadline) / 1000))
            message = po.message; qr_content = po.qrContent
        }
        orders = s.shares.map { Share(number: $0.order.number, amount: $0.order.amount.decimal, coupon: f($0.coupon),
                                      cash: f($0.cash), online: f($0.online), status: $0.order.status.rawValue) }
    }
}

enum Outcome: String {
    case waiting, paid, failed, closed

    static func of(_ s: PaymentSnapshot) -> Outcome {
        switch s.checkout.state {
        case .open: return .waiting
        case .succeeded: return .paid
        case .failed: return s.paymentOrder?.state == .closed ? .closed : .failed
        }
    }
}

struct RefundRequestJSON: Encodable {
    struct RefundOrder: Encodable {
        var refund_no: String
        var method: String
        var amount: String
        var state: String
        var message: String?
    }

    var id: Int64
    var order: String
    var amount: String
    var currency: String
    var reason: String
    var state: String
    var requested_by: String
    var decided_by: String?
    var refunds: [RefundOrder]

    init(_ r: RefundRequestRecord, orderNumber: String, refunds: [RefundOrderRecord]) {
        id = r.id; order = orderNumber; amount = r.amount.decimal; currency = r.amount.currency.code; reason = r.reason
        state = r.state.rawValue; requested_by = r.requestedBy; decided_by = r.decidedBy
        self.refunds = refunds.map { RefundOrder(refund_no: $0.refundNo, method: $0.method.rawValue, amount: $0.amount.decimal,
                                                 state: $0.state.rawValue, message: $0.message) }
    }
}

enum Human {
    /// English keeps the state keys scripts read (`paid`, `pending`); Chinese words them.
    static func payment(_ s: PaymentSnapshot, _ l: Language = CLI.lang) -> String {
        let c = s.checkout
        func f(_ m: Int64) -> String { Money.format(minor: m, currency: c.currency) }
        var lines: [String] = []
        let outcome = Outcome.of(s)
        let outcomeWord: String
        switch outcome {
        case .waiting: outcomeWord = l.t("cli.payment.waiting")
        case .paid: outcomeWord = l.t("cli.payment.paid")
        case .failed: outcomeWord = l.t("cli.payment.failed")
        case .closed: outcomeWord = l.t("cli.payment.closed")
        }
        var head = l.t("cli.payment.head", ["id": c.id, "outcome": outcomeWord, "total": "\(f(c.total)) \(c.currency.code)"])
        if let po = s.paymentOrder {
            let state = l == .en ? po.state.rawValue : l.checkoutState(po.state)
            head += l.t("cli.payment.online", ["online": f(c.online), "platform": l.platform(po.platform), "trade": po.tradeNo,
                                               "state": state, "attempt": po.attempt])
        }
        lines.append(head)
        if c.coupon > 0 { lines.append("  " + l.t("cli.payment.coupon", ["code": c.couponCode ?? "", "amount": f(c.coupon)])) }
        if c.cash > 0 { lines.append("  " + l.t("cli.payment.cash", ["cash": f(c.cash), "tendered": f(c.tendered), "change": f(c.changeDue)])) }
        if let po = s.paymentOrder {
            if let m = po.message { lines.append("  \(m)") }
            if let qr = po.qrContent, outcome == .waiting { lines.append("  " + l.t("cli.payment.qr", ["qr": qr, "trade": po.tradeNo])) }
        }
        for share in s.shares {
            let status = l == .en ? share.order.status.rawValue : l.status(share.order.status)
            lines.append("  " + l.t("cli.payment.share", ["number": share.order.number, "amount": share.order.amount.decimal, "coupon": f(share.coupon),
                                                          "cash": f(share.cash), "online": f(share.online), "status": status]))
        }
        return lines.joined(separator: "\n")
    }
}

/// Text laid out in aligned columns: numbers (by `right`) flush right, the rest flush left.
enum Columns {
    /// `text` padded with spaces to `width` display columns (CJK characters take two).
    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Self.width(text)))
    }

    static func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + (EastAsianWidth.isWide($1.value) ? 2 : 1) } }

    static func render(_ rows: [[String]], right: Set<Int> = [], indent: String = "") -> String {
        let n = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: n)
        // Widths in display columns: a CJK character takes two.
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) } }
        return rows.map { row in
            indent + row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - width(cell))
                return right.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

func isoTime(_ millis: Int64?) -> String? {
    millis.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0) / 1000)) }
}
