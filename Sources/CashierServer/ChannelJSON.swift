import CashierCore
import CashierEngine
import Foundation

/// What the channel API answers. Amounts are decimal strings in the order's currency.
struct OrderOut: Encodable {
    struct Line: Encodable { var name: String; var quantity: Int; var unit_price: String }
    struct Hold: Encodable { var channel: String; var owner: String; var since: String; var until: String }

    var number: String
    var type: String
    var customer: String
    var amount: String
    var currency: String
    var status: String
    var paid: String
    var refunded: String
    var refundable: String
    var lines: [Line]
    var held_by: Hold?
    var expires_at: String?
    var note: String?
    var metadata: JSONValue?
    var created_at: String
    var updated_at: String

    init(_ o: OrderRecord, lines: [OrderLineRecord], lock: LockRecord?, now: Millis) {
        func f(_ m: Int64) -> String { Money.format(minor: m, currency: o.currency) }
        number = o.number; type = o.type; customer = o.customer; amount = o.amount.decimal; currency = o.currency.code
        status = o.status.rawValue; paid = f(o.paid); refunded = f(o.refunded); refundable = f(o.refundable)
        self.lines = lines.map { Line(name: $0.name, quantity: $0.quantity, unit_price: f($0.unitPrice)) }
        expires_at = o.expiresAt.map(Stamp.iso); note = o.note.isEmpty ? nil : o.note
        metadata = o.metadata.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        created_at = Stamp.iso(o.createdAt); updated_at = Stamp.iso(o.updatedAt)
        if let lock, lock.expiresAt > now {
            held_by = Hold(channel: lock.channel, owner: lock.owner, since: Stamp.iso(lock.acquiredAt), until: Stamp.iso(lock.expiresAt))
        }
    }
}

struct PaymentOut: Encodable {
    struct Share: Encodable { var number: String; var amount: String; var status: String }

    var checkout: Int64
    /// waiting, paid, failed or closed.
    var outcome: String
    var trade_no: String?
    var state: String?
    var method: String?
    var platform: String?
    var amount: String
    var currency: String
    var platform_trade_no: String?
    var qr_content: String?
    var message: String?
    var channel: String
    var orders: [Share]

    init(_ s: PaymentSnapshot) {
        let c = s.checkout
        checkout = c.id
        switch c.state {
        case .open: outcome = "waiting"
        case .succeeded: outcome = "paid"
        case .failed: outcome = s.paymentOrder?.state == .closed ? "closed" : "failed"
        }
        amount = Money.format(minor: c.online, currency: c.currency); currency = c.currency.code; channel = c.channel
        if let po = s.paymentOrder {
            trade_no = po.tradeNo; state = po.state.rawValue; method = po.mode; platform = po.platform.rawValue
            platform_trade_no = po.platformTradeNo; qr_content = po.qrContent; message = po.message
        }
        orders = s.shares.map { Share(number: $0.order.number, amount: $0.order.amount.decimal, status: $0.order.status.rawValue) }
    }
}

struct RefundOut: Encodable {
    struct Part: Encodable { var refund_no: String; var method: String; var amount: String; var state: String; var message: String? }

    var id: Int64
    var order: String
    var amount: String
    var currency: String
    var reason: String
    /// requested, approved or rejected: a supervisor decides at the console.
    var state: String
    var requested_by: String
    var channel: String
    var decision_note: String?
    var refunds: [Part]

    init(_ r: RefundRequestRecord, orderNumber: String, parts: [RefundOrderRecord]) {
        id = r.id; order = orderNumber; amount = r.amount.decimal; currency = r.amount.currency.code; reason = r.reason
        state = r.state.rawValue; requested_by = r.requestedBy; channel = r.channel; decision_note = r.decisionNote
        refunds = parts.map { Part(refund_no: $0.refundNo, method: $0.method.rawValue, amount: $0.amount.decimal,
                                   state: $0.state.rawValue, message: $0.message) }
    }
}

enum Stamp {
    static func iso(_ millis: Millis) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
