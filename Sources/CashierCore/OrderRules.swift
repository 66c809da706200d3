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

/// One thing wrong with an input: the field (a JSON path such as `lines[2].unit_price`) and the
/// refusal saying what to fix (worded by the front end, in its language).
public struct FieldProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var refusal: CashierError
    public init(_ field: String, _ key: String, _ args: [String: CashierError.Argument] = [:]) {
        self.field = field
        self.refusal = .invalid(key, args)
    }
    public init(_ field: String, _ refusal: CashierError) {
        self.field = field
        self.refusal = refusal
    }
    public var description: String { "\(field): \(refusal)" }
}

/// The free text an order, a refund or a resolution carries: each has its own sentences.
public enum TextSubject: Sendable, Equatable {
    case customer, note, reason
    /// The name of line `n` (counted from 1).
    case lineName(Int)
}

/// Where two drafts of the same order number differ: the field, and the stored and sent values
/// when they are short enough to show.
public struct DraftDifference: Sendable, Equatable {
    public var field: String
    public var stored: String?
    public var sent: String?
}

public enum OrderRules {
    /// Every problem of a draft, in field order; empty when it may be stored.
    public static func problems(_ d: OrderDraft, now: Millis, storeCurrency: Currency) -> [FieldProblem] {
        var out: [FieldProblem] = []
        if !isToken(d.number, max: OrderLimits.number) {
            out.append(.init("number", "refusal.order_input.bad_number", ["number": "\(d.number.prefix(80))", "max": "\(OrderLimits.number)"]))
        }
        if !isToken(d.type, max: OrderLimits.type) {
            out.append(.init("type", "refusal.order_input.bad_type", ["type": "\(d.type.prefix(80))", "max": "\(OrderLimits.type)"]))
        }
        if let p = textProblem(d.customer, field: "customer", what: .customer, max: OrderLimits.customer) { out.append(p) }
        if d.currency != storeCurrency {
            out.append(.init("currency", "refusal.order_input.other_currency", ["currency": "\(d.currency.code)", "store": "\(storeCurrency.code)"]))
        }
        if d.lines.isEmpty || d.lines.count > OrderLimits.lines {
            out.append(.init("lines", "refusal.order_input.line_count", ["max": "\(OrderLimits.lines)", "lines": "\(d.lines.count)"]))
        }
        for (i, l) in d.lines.prefix(OrderLimits.lines).enumerated() {
            if l.name.isEmpty {
                out.append(.init("lines[\(i)].name", "refusal.order_input.line_unnamed", ["line": "\(i + 1)"]))
            } else if let p = textProblem(l.name, field: "lines[\(i)].name", what: .lineName(i + 1), max: OrderLimits.lineName) { out.append(p) }
            if l.quantity < 1 || l.quantity > OrderLimits.quantity {
                out.append(.init("lines[\(i)].quantity", "refusal.order_input.quantity", ["line": "\(i + 1)", "quantity": "\(l.quantity)", "max": "\(OrderLimits.quantity)"]))
            }
            if l.unitPrice < 0 || l.unitPrice > OrderLimits.maxTotal {
                out.append(.init("lines[\(i)].unit_price", "refusal.order_input.unit_price", ["line": "\(i + 1)", "max": "\(Money.format(minor: OrderLimits.maxTotal, currency: d.currency))"]))
            }
        }
        if out.allSatisfy({ !$0.field.hasPrefix("lines") }) {
            switch d.amount {
            case nil: out.append(.init("lines", "refusal.order_input.total_too_large", ["max": "\(Money.format(minor: OrderLimits.maxTotal, currency: d.currency))"]))
            case 0?: out.append(.init("lines", "refusal.order_input.total_zero"))
            default: break
            }
        }
        if let at = d.expiresAt, at <= now {
            out.append(.init("expires_at", "refusal.order_input.expiry_past"))
        }
        if let p = textProblem(d.note, field: "note", what: .note, max: OrderLimits.note) { out.append(p) }
        if let m = d.metadata, m.unicodeScalars.count > OrderLimits.metadata {
            out.append(.init("metadata", "refusal.order_input.metadata_too_long", ["max": "\(OrderLimits.metadata)"]))
        }
        return out
    }

    /// The first field in which two drafts of the same number differ, with both values where short.
    public static func firstDifference(stored a: OrderDraft, sent b: OrderDraft) -> DraftDifference? {
        func show(_ s: String) -> String { "\"\(s.prefix(40))\"" }
        func both(_ field: String, _ x: String, _ y: String) -> DraftDifference { .init(field: field, stored: x, sent: y) }
        if a.type != b.type { return both("type", show(a.type), show(b.type)) }
        if a.customer != b.customer { return both("customer", show(a.customer), show(b.customer)) }
        if a.currency != b.currency { return both("currency", a.currency.code, b.currency.code) }
        if a.lines.count != b.lines.count { return both("lines", "\(a.lines.count)", "\(b.lines.count)") }
        for (i, (x, y)) in zip(a.lines, b.lines).enumerated() {
            if x.name != y.name { return both("lines[\(i)].name", show(x.name), show(y.name)) }
            if x.quantity != y.quantity { return both("lines[\(i)].quantity", "\(x.quantity)", "\(y.quantity)") }
            if x.unitPrice != y.unitPrice {
                return both("lines[\(i)].unit_price", Money.format(minor: x.unitPrice, currency: a.currency), Money.format(minor: y.unitPrice, currency: b.currency))
            }
        }
        if a.expiresAt != b.expiresAt { return .init(field: "expires_at") }
        if a.note != b.note { return .init(field: "note") }
        if a.metadata != b.metadata { return .init(field: "metadata") }
        return nil
    }

    /// The refusal of an order number sent again with other content: `twice` within one call,
    /// else against the stored order.
    public static func differs(_ number: String, _ d: DraftDifference, twice: Bool) -> FieldProblem {
        var args: [String: CashierError.Argument] = ["number": .text(number), "field": .text(d.field)]
        guard let stored = d.stored, let sent = d.sent else {
            return .init("number", twice ? "refusal.order_input.twice_different" : "refusal.order_input.exists_different", args)
        }
        args["stored"] = .text(stored)
        args["sent"] = .text(sent)
        return .init("number", twice ? "refusal.order_input.twice_different_values" : "refusal.order_input.exists_different_values", args)
    }

    /// A reason for a refund or cancellation: 1 to `OrderLimits.reason` characters, no control characters.
    public static func reasonProblem(_ reason: String, field: String = "reason") -> FieldProblem? {
        if reason.trimmingSpaces.isEmpty { return .init(field, "refusal.text.reason_empty") }
        return textProblem(reason, field: field, what: .reason, max: OrderLimits.reason)
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
    public static func textProblem(_ s: String, field: String, what: TextSubject, max: Int) -> FieldProblem? {
        // Printable ASCII within the limit (most text) needs no look at Unicode properties.
        let bytes = s.utf8
        if bytes.count <= max && bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        if s.unicodeScalars.count > max {
            return what.problem(field, long: true, max: max)
        }
        if s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return what.problem(field, long: false, max: max)
        }
        return nil
    }
}

extension TextSubject {
    /// Too long, or holding a control character: one sentence per subject.
    func problem(_ field: String, long: Bool, max: Int) -> FieldProblem {
        switch (self, long) {
        case (.customer, true): return .init(field, "refusal.text.customer_too_long", ["max": "\(max)"])
        case (.customer, false): return .init(field, "refusal.text.customer_control")
        case (.note, true): return .init(field, "refusal.text.note_too_long", ["max": "\(max)"])
        case (.note, false): return .init(field, "refusal.text.note_control")
        case (.reason, true): return .init(field, "refusal.text.reason_too_long", ["max": "\(max)"])
        case (.reason, false): return .init(field, "refusal.text.reason_control")
        case (.lineName(let n), true): return .init(field, "refusal.text.line_name_too_long", ["line": "\(n)", "max": "\(max)"])
        case (.lineName(let n), false): return .init(field, "refusal.text.line_name_control", ["line": "\(n)"])
        }
    }
}
