import CashierCore

/// Everything printed on one receipt, as plain values: the engine fills it from the store, the
/// layout turns it into lines. Amounts are minor units in `currency`.
public struct Receipt: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case payment, refund
    }

    public struct Item: Sendable, Equatable {
        public var name: String
        public var quantity: Int
        public var unitPrice: Int64
        public var total: Int64 { Int64(quantity) * unitPrice }

        public init(name: String, quantity: Int, unitPrice: Int64) {
            self.name = name; self.quantity = quantity; self.unitPrice = unitPrice
        }
    }

    public struct Order: Sendable, Equatable {
        public var number: String
        public var customer: String
        public var amount: Int64
        /// Empty on a refund receipt: a refund returns an amount, not lines.
        public var items: [Item]

        public init(number: String, customer: String, amount: Int64, items: [Item]) {
            self.number = number; self.customer = customer; self.amount = amount; self.items = items
        }
    }

    public enum Method: Sendable, Equatable {
        case coupon(code: String)
        case cash
        /// `platform` as shown ("Alipay"); `code` the masked payment code, nil for a QR payment.
        case online(platform: String, code: String?)

        /// In English (see `label(_:)` for the receipt's language).
        public var label: String { label(.en) }
    }

    public struct Payment: Sendable, Equatable {
        public var method: Method
        public var amount: Int64
        public init(method: Method, amount: Int64) { self.method = method; self.amount = amount }
    }

    public struct Refund: Sendable, Equatable {
        public var refundNo: String
        public var method: Method
        public var amount: Int64
        public var reason: String
        public var approvedBy: String?
        /// The payment it goes back through (online refunds).
        public var tradeNo: String?
        /// Refunded on the order including this refund, and what the order had paid.
        public var refundedTotal: Int64
        public var orderPaid: Int64

        public init(refundNo: String, method: Method, amount: Int64, reason: String, approvedBy: String?,
                    tradeNo: String?, refundedTotal: Int64, orderPaid: Int64) {
            self.refundNo = refundNo; self.method = method; self.amount = amount; self.reason = reason
            self.approvedBy = approvedBy; self.tradeNo = tradeNo
            self.refundedTotal = refundedTotal; self.orderPaid = orderPaid
        }
    }

    public var header: [String]
    public var footer: [String]
    public var kind: Kind
    /// Gap-free, assigned by the store when the payment or refund settled.
    public var number: Int64
    /// 0 for the original; n for the n-th reprint (printed "REPRINT").
    public var copy: Int
    public var currency: Currency
    /// When the payment or refund settled (ms since 1970).
    public var time: Millis
    public var operatorName: String
    public var terminal: String?
    public var channel: String?
    public var orders: [Order]
    /// Payment receipts: each method once, in the order coupon, cash, online.
    public var payments: [Payment]
    public var total: Int64
    /// Cash handed over; nil without cash.
    public var tendered: Int64?
    public var change: Int64
    public var tradeNo: String?
    public var platformTradeNo: String?
    public var refund: Refund?

    public init(header: [String] = [], footer: [String] = [], kind: Kind, number: Int64, copy: Int = 0, currency: Currency,
                time: Millis, operatorName: String, terminal: String? = nil, channel: String? = nil, orders: [Order],
                payments: [Payment] = [], total: Int64, tendered: Int64? = nil, change: Int64 = 0, tradeNo: String? = nil,
                platformTradeNo: String? = nil, refund: Refund? = nil) {
        self.header = header; self.footer = footer; self.kind = kind; self.number = number; self.copy = copy
        self.currency = currency; self.time = time; self.operatorName = operatorName; self.terminal = terminal
        self.channel = channel; self.orders = orders; self.payments = payments; self.total = total
        self.tendered = tendered; self.change = change; self.tradeNo = tradeNo; self.platformTradeNo = platformTradeNo
        self.refund = refund
    }

    /// "R00000042": the printed and file name form of the number.
    public static func formatNumber(_ n: Int64) -> String {
        let digits = String(n)
        return "R" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    public var formattedNumber: String { Receipt.formatNumber(number) }
}
