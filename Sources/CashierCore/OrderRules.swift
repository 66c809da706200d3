/// An order as a business system, the CLI or the console describes it, before it is stored.
/// The amount due is the sum of the lines: computed here, never sent.
public struct OrderDraft: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var name: String
        public var quantity: Int64
        public var unitPrice: Int64
        public init(name: String, quantity: Int64, unitPrice: Int64) {
            self.name = name; self.quantity = quantity; self.unitPrice = unitPrice
        }
    }
    public var number: String
    public var type: String
    public var customer: String
    public var currency: Currency
    public var lines: [Line]
    public var expiresAt: Millis?
    public var note: String
    /// A JSON object's text, kept as sent.
    public var metadata: String?

    public init(number: String, type: String, customer: String = "", currency: Currency, lines: [Line],
                expiresAt: Millis? = nil, note: String = "", metadata: String? = nil) {
        self.number = number; self.type = type; self.customer = customer; self.currency = currency
        self.lines = lines; self.expiresAt = expiresAt; self.note = note; self.metadata = metadata
    }

    /// The sum of the lines, or nil when it overflows or passes `OrderLimits.maxTotal`.
    public var amount: Int64? {
        var total: Int64 = 0
        for l in lines {
            let (line, o1) = l.quantity.multipliedReportingOverflow(by: l.unitPrice)
            let (sum, o2) = total.addingReportingOverflow(line)
            guard !o1, !o2, sum <= OrderLimits.maxTotal else { return nil }
            total = sum
        }
        return total
    }
}

/// The documented limits of everything an order carries (README, docs/openapi.yaml). Lengths count
/// Unicode characters, as SQLite's length() does.
public enum OrderLimits {
    public static let number = 64
    public static let type = 32
    public static let customer = 100
    public static let lineName = 100
    public static let lines = 100
    public static let quantity: Int64 = 100_000
    public static let note = 500
    public static let metadata = 4000
    public static let reason = 500
    public static let batch = 1000
    /// 15 digits of minor units: what `Money.parse` accepts, so a sum can never overflow Int64.
    public static let maxTotal: Int64 = 999_999_999_999_999
    public static let numberPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
    public static let typePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"
}

/// One thing wrong with an input: the field (a JSON path such as `lines[2].unit_price`) and a
/// sentence saying what to fix.
public struct FieldProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String
    public init(_ field: String, _ message: String) { self.field = field; self.message = message }
    public var description: String { message }
}

public enum OrderRules {
    /// Every problem of a draft, in field order; empty when it may be stored.
    public static func problems(_ d: OrderDraft, now: Millis, storeCurrency: Currency) -> [FieldProblem] {
        var out: [FieldProblem] = []
        if !isToken(d.number, max: OrderLimits.number) {
            out.append(.init("number", "The order number \"\(d.number.prefix(80))\" is not 1 to \(OrderLimits.number) letters, digits, '.', '_' or '-' starting with a letter or digit: use the business's own order number."))
        }
        if !isToken(d.type, max: OrderLimits.type) {
            out.append(.init("type", "The order type \"\(d.type.prefix(80))\" is not 1 to \(OrderLimits.type) letters, digits, '.', '_' or '-' starting with a letter or digit: name a type such as goods."))
        }
        if let p = textProblem(d.customer, field: "customer", what: "The customer", max: OrderLimits.customer) { out.append(p) }
        if d.currency != storeCurrency {
            out.append(.init("currency", "The currency \(d.currency.code) is not this store's: send orders in \(storeCurrency.code)."))
        }
        if d.lines.isEmpty || d.lines.count > OrderLimits.lines {
            out.append(.init("lines", "An order has 1 to \(OrderLimits.lines) lines, this one \(d.lines.count): send at least one line, split a longer order."))
        }
        for (i, l) in d.lines.prefix(OrderLimits.lines).enumerated() {
            if l.name.isEmpty {
                out.append(.init("lines[\(i)].name", "Line \(i + 1) has no name: say what is sold."))
            } else if let p = textProblem(l.name, field: "lines[\(i)].name", what: "Line \(i + 1)'s name", max: OrderLimits.lineName) { out.append(p) }
            if l.quantity < 1 || l.quantity > OrderLimits.quantity {
                out.append(.init("lines[\(i)].quantity", "Line \(i + 1)'s quantity \(l.quantity) is not 1 to \(OrderLimits.quantity): send a whole number in that range."))
            }
            if l.unitPrice < 0 || l.unitPrice > OrderLimits.maxTotal {
                out.append(.init("lines[\(i)].unit_price", "Line \(i + 1)'s unit price is out of range: send 0 up to \(Money.format(minor: OrderLimits.maxTotal, currency: d.currency))."))
            }
        }
        if out.allSatisfy({ !$0.field.hasPrefix("lines") }) {
            switch d.amount {
            case nil: out.append(.init("lines", "The lines add up to more than \(Money.format(minor: OrderLimits.maxTotal, currency: d.currency)): split the order."))
            case 0?: out.append(.init("lines", "The lines add up to nothing: an order needs something to pay."))
            default: break
            }
        }
        if let at = d.expiresAt, at <= now {
            out.append(.init("expires_at", "The expiry time is already past: give a time in the future, or none."))
        }
        if let p = textProblem(d.note, field: "note", what: "The note", max: OrderLimits.note) { out.append(p) }
        if let m = d.metadata, m.unicodeScalars.count > OrderLimits.metadata {
            out.append(.init("metadata", "The metadata is longer than \(OrderLimits.metadata) characters as JSON: keep only what the business needs back."))
        }
        return out
    }

    /// The first field in which two drafts of the same number differ, as "field (stored …, sent …)".
    public static func firstDifference(stored a: OrderDraft, sent b: OrderDraft) -> String? {
        func show(_ s: String) -> String { "\"\(s.prefix(40))\"" }
        if a.type != b.type { return "type (stored \(show(a.type)), sent \(show(b.type)))" }
        if a.customer != b.customer { return "customer (stored \(show(a.customer)), sent \(show(b.customer)))" }
        if a.currency != b.currency { return "currency (stored \(a.currency.code), sent \(b.currency.code))" }
        if a.lines.count != b.lines.count { return "lines (stored \(a.lines.count), sent \(b.lines.count))" }
        for (i, (x, y)) in zip(a.lines, b.lines).enumerated() {
            if x.name != y.name { return "lines[\(i)].name (stored \(show(x.name)), sent \(show(y.name)))" }
            if x.quantity != y.quantity { return "lines[\(i)].quantity (stored \(x.quantity), sent \(y.quantity))" }
            if x.unitPrice != y.unitPrice {
                return "lines[\(i)].unit_price (stored \(Money.format(minor: x.unitPrice, currency: a.currency)), sent \(Money.format(minor: y.unitPrice, currency: b.currency)))"
            }
        }
        if a.expiresAt != b.expiresAt { return "expires_at" }
        if a.note != b.note { return "note" }
        if a.metadata != b.metadata { return "metadata" }
        return nil
    }

    /// A reason for a refund or cancellation: 1 to `OrderLimits.reason` characters, no control characters.
    public static func reasonProblem(_ reason: String, field: String = "reason") -> FieldProblem? {
        if reason.trimmingSpaces.isEmpty { return .init(field, "The reason is empty: say why, in a few words.") }
        return textProblem(reason, field: field, what: "The reason", max: OrderLimits.reason)
    }

    public static func isOrderNumber(_ s: String) -> Bool { isToken(s, max: OrderLimits.number) }
    public static func isTypeName(_ s: String) -> Bool { isToken(s, max: OrderLimits.type) }

    static func isToken(_ s: String, max: Int) -> Bool {
        let u = Array(s.utf8)
        guard (1...max).contains(u.count), isAlnum(u[0]) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// Free text: at most `max` characters and no control characters (a line break in a customer's
    /// name would break receipts and CSV exports).
    public static func textProblem(_ s: String, field: String, what: String, max: Int) -> FieldProblem? {
        // Printable ASCII within the limit (most text) needs no look at Unicode properties.
        let bytes = s.utf8
        if bytes.count <= max && bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        if s.unicodeScalars.count > max {
            return .init(field, "\(what) is longer than \(max) characters: shorten it.")
        }
        if s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .init(field, "\(what) contains a control character (a line break or tab): remove it.")
        }
        return nil
    }
}
