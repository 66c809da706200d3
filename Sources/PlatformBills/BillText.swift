import AlipayProtocol
import CashierCore

/// Field-level helpers both bill formats share: yuan with a sign, Beijing time, CSV fields.
enum BillText {
    /// "12.30", "-12.30", "0.00": signed yuan with two decimals, exact.
    static func yuan(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let m = minor.magnitude
        return "\(sign)\(m / 100).\(ServiceFee.pad2(Int64(m % 100)))"
    }

    /// Strict signed yuan (Yuan.parse after an optional minus): nil when malformed.
    static func minor(_ text: String) -> Int64? {
        let negative = text.hasPrefix("-")
        guard let money = try? Yuan.parse(negative ? String(text.dropFirst()) : text) else { return nil }
        return negative ? -money.minor : money.minor
    }

    static func time(_ millis: Millis) -> String { AlipayTime.string(millis) }
    /// Strict: a day that does not exist (2026-11-31) is refused, not rolled over.
    static func time(_ text: String) -> Millis? {
        guard let m = AlipayTime.parse(text), AlipayTime.string(m) == text else { return nil }
        return m
    }

    /// Splits one CSV line (RFC 4180 quoting: a quoted field may hold commas and doubled quotes).
    /// nil when a quote is left open or stray text follows a closing quote.
    static func fields(_ line: Substring) -> [String]? {
        var out: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var it = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "," {
                out.append(field); field = ""; wasQuoted = false
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true
            } else {
                // After a closing quote only Alipay's tab padding may follow.
                if wasQuoted && c != "\t" { return nil }
                field.append(c)
            }
        }
        if quoted { return nil }
        out.append(field)
        return out
    }

    /// Quotes a field only when it must be (a comma, a quote, a line break), doubling quotes.
    static func csv(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        var out = "\""
        for c in value { out.append(c); if c == "\"" { out.append("\"") } }
        return out + "\""
    }

    /// Line breaks inside a subject would split a row: bills carry it on one line.
    static func oneLine(_ s: String) -> String {
        String(s.map { $0.isNewline ? " " : $0 })
    }

    /// Lines of a text, each with its 1-based number; "\r\n" and "\n" both end a line.
    static func lines(_ text: String) -> [(Int, Substring)] {
        var out: [(Int, Substring)] = []
        var n = 0
        // "\r\n" is one Character in Swift.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            n += 1
            out.append((n, raw))
        }
        if let last = out.last, last.1.isEmpty { out.removeLast() }
        return out
    }
}
