import CashierCore
import Localization

/// One printed line: its text (never wider than the paper) and whether it is printed bold.
public struct ReceiptLine: Sendable, Equatable {
    public var text: String
    public var bold: Bool
    public init(_ text: String, bold: Bool = false) { self.text = text; self.bold = bold }
}

/// Lays a receipt out for a thermal printer of 32, 42 or 48 columns: names wrapped, amounts
/// right-aligned, wide (CJK) characters counted as two columns. The same lines make the text
/// file and the ESC/POS bytes.
public enum ReceiptLayout {
    public static let widths = [32, 42, 48]

    /// `utcOffsetSeconds`: the time zone the time is printed in (the caller decides; tests pin it).
    /// `language`: the store's receipt language (labels only; names and numbers are printed as they are).
    public static func lines(_ r: Receipt, width: Int, language: ReceiptLanguage = .en, utcOffsetSeconds: Int = 0) -> [ReceiptLine] {
        var out = Builder(width: width)
        let w = language
        let money = { (m: Int64) in Money.format(minor: m, currency: r.currency) }
        for h in r.header { out.center(h, bold: true) }
        if !r.header.isEmpty { out.rule("=") }
        out.row(r.kind == .payment ? w.word("receipt.sale") : w.word("receipt.refund"), w.word("receipt.number") + " " + r.formattedNumber, bold: true)
        if r.copy > 0 { out.center(r.copy == 1 ? w.word("receipt.reprint") : w.word("receipt.reprint_n", ["copy": r.copy]), bold: true) }
        out.row(w.word("receipt.time"), ReceiptTime.format(r.time, utcOffsetSeconds: utcOffsetSeconds))
        out.row(w.word("receipt.operator"), r.operatorName)
        if let t = r.terminal { out.row(w.word("receipt.terminal"), t) }
        if let c = r.channel { out.row(w.word("receipt.channel"), c) }
        out.rule("-")
        switch r.kind {
        case .payment: payment(r, &out, money, w)
        case .refund: refund(r, &out, money, w)
        }
        if !r.footer.isEmpty {
            out.rule("-")
            for f in r.footer { out.center(f, bold: false) }
        }
        return out.lines
    }

    /// The plain text: one line each, newline-terminated.
    public static func text(_ r: Receipt, width: Int, language: ReceiptLanguage = .en, utcOffsetSeconds: Int = 0) -> String {
        lines(r, width: width, language: language, utcOffsetSeconds: utcOffsetSeconds).map { $0.text + "\n" }.joined()
    }

    static func payment(_ r: Receipt, _ out: inout Builder, _ money: (Int64) -> String, _ w: ReceiptLanguage) {
        for (i, o) in r.orders.enumerated() {
            if i > 0 { out.blank() }
            out.row(w.word("receipt.order") + " " + o.number, o.customer)
            for item in o.items {
                out.wrapped(item.name, indent: 0)
                out.row("  \(item.quantity) x \(money(item.unitPrice))", money(item.total))
            }
            if r.orders.count > 1 { out.row("  " + w.word("receipt.order_total"), money(o.amount)) }
        }
        out.rule("=")
        out.row(w.word("receipt.total"), "\(r.currency.code) \(money(r.total))", bold: true)
        for p in r.payments { out.row(p.method.label(w), money(p.amount)) }
        if let tendered = r.tendered {
            out.row(w.word("receipt.tendered"), money(tendered))
            out.row(w.word("receipt.change"), money(r.change), bold: r.change > 0)
        }
        if let t = r.tradeNo { out.row(w.word("receipt.trade_no"), t) }
        if let p = r.platformTradeNo { out.row(w.word("receipt.platform_no"), p) }
    }

    static func refund(_ r: Receipt, _ out: inout Builder, _ money: (Int64) -> String, _ w: ReceiptLanguage) {
        for o in r.orders { out.row(w.word("receipt.order") + " " + o.number, o.customer) }
        guard let f = r.refund else { return }
        out.row(w.word("receipt.refund_no"), f.refundNo)
        out.row(w.word("receipt.back_to"), f.method.label(w))
        if let t = f.tradeNo { out.row(w.word("receipt.trade_no"), t) }
        if let a = f.approvedBy { out.row(w.word("receipt.approved_by"), a) }
        out.wrapped(w.word("receipt.reason") + " " + f.reason, indent: 0)
        out.rule("=")
        out.row(w.word("receipt.refund"), "\(r.currency.code) \(money(f.amount))", bold: true)
        out.row(w.word("receipt.order_paid"), money(f.orderPaid))
        out.row(w.word("receipt.refunded_total"), money(f.refundedTotal))
        out.row(w.word("receipt.left_to_refund"), money(f.orderPaid - f.refundedTotal))
    }

    struct Builder {
        let width: Int
        var lines: [ReceiptLine] = []

        mutating func add(_ text: String, bold: Bool) {
            var t = text
            while t.last == " " { t.removeLast() }
            lines.append(ReceiptLine(t, bold: bold))
        }

        mutating func blank() { add("", bold: false) }
        mutating func rule(_ ch: Character) { add(String(repeating: ch, count: width), bold: false) }

        mutating func center(_ text: String, bold: Bool) {
            for l in Columns.wrap(text, width: width) { add(Columns.pad(l, to: width, align: .center), bold: bold) }
        }

        mutating func wrapped(_ text: String, indent: Int) {
            let pad = String(repeating: " ", count: indent)
            for l in Columns.wrap(text, width: width - indent) { add(pad + l, bold: false) }
        }

        /// `left` and `right` on one line when both fit with a space between; otherwise `left`
        /// wraps and `right` sits right-aligned on its last line or, if there is no room, below.
        mutating func row(_ left: String, _ right: String, bold: Bool = false) {
            // A leading indent is kept (item details sit under their name); the rest is cleaned.
            let indent = String(left.prefix { $0 == " " }.prefix(4))
            let l = indent + Columns.clean(left), r = Columns.clean(right)
            let lw = Columns.of(l), rw = Columns.of(r)
            if lw + 1 + rw <= width || (l.isEmpty && rw <= width) {
                add(l + String(repeating: " ", count: max(0, width - lw - rw)) + r, bold: bold)
                return
            }
            var left = l.isEmpty ? [] : Columns.wrap(l, width: width)
            if rw > width {
                left += Columns.wrap(r, width: width).map { Columns.pad($0, to: width, align: .right) }
            } else if let last = left.last, Columns.of(last) + 1 + rw <= width {
                left[left.count - 1] = last + String(repeating: " ", count: width - Columns.of(last) - rw) + r
            } else {
                left.append(Columns.pad(r, to: width, align: .right))
            }
            for l in left { add(l, bold: bold) }
        }
    }
}

/// "2026-11-24 21:38:05" from ms since 1970, by calendar arithmetic (no locale, no time zone database).
public enum ReceiptTime {
    public static func format(_ millis: Millis, utcOffsetSeconds: Int) -> String {
        func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
        let seconds = floorDiv(millis, 1000) + Int64(utcOffsetSeconds)
        let days = floorDiv(seconds, 86_400)
        let rest = seconds - days * 86_400
        let (y, m, d) = civil(days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (eras of 400 years).
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
