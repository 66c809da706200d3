import CashierCore
import Foundation
import Localization

/// An import file refused: every problem, one line each, and nothing was written.
public struct OrderFileRefusal: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// An import file read into order drafts, every bad row reported by its line number.
///
/// CSV: a header row naming the columns, then one row per line item; rows with the same order
/// number form one order (its order fields must agree on every row). Required columns: number,
/// type, line_name, quantity, unit_price; optional: customer, currency, expires_at, note.
/// JSON Lines (.jsonl, .ndjson): one order per line, in the body `POST /v1/orders` takes.
public struct OrderFile: Sendable {
    public var orders: [OrderDraft] = []
    /// The language the rows' refusals are worded in.
    var lang: Language = .en
    /// The file line of each order's first row.
    public var lineOf: [Int] = []

    static let maxBytes = 1 << 30
    static let required = ["number", "type", "line_name", "quantity", "unit_price"]
    static let optional = ["customer", "currency", "expires_at", "note"]

    public static func read(path: String, currency: Currency, now: Millis, lang: Language = .en) throws(OrderFileRefusal) -> OrderFile {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw OrderFileRefusal(message: "Cannot read \(path): check the path.") }
        guard size <= maxBytes else {
            throw OrderFileRefusal(message: "\(path) is \(size / (1 << 20)) MiB, more than the 1024 MiB an import takes: split it into smaller files.")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw OrderFileRefusal(message: "Cannot read \(path): check its permissions.") }
        var file = OrderFile(lang: lang)
        var problems: [String] = []
        let bytes = [UInt8](data)
        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
            file.readJSONLines(bytes, &problems)
        } else {
            file.readCSV(bytes, currency: currency, &problems)
        }
        if problems.isEmpty && file.orders.isEmpty { problems.append("\(path) holds no orders: nothing to import.") }
        // The rows that did parse are checked too, so one refusal lists every bad row.
        file.check(now: now, currency: currency, &problems)
        guard problems.isEmpty else {
            throw OrderFileRefusal(message: "\(path) was not imported (\(problems.count) problems, nothing written):\n" + problems.joined(separator: "\n"))
        }
        return file
    }

    /// Each line of the file without its end (\n or \r\n), with its 1-based number.
    static func lines(_ bytes: [UInt8], _ body: (Int, ArraySlice<UInt8>) -> Void) {
        var start = 0, n = 0
        while start < bytes.count {
            n += 1
            var end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            let next = end + 1
            if end > start && bytes[end - 1] == 13 { end -= 1 }
            body(n, bytes[start..<end])
            start = next
        }
    }

    mutating func readJSONLines(_ bytes: [UInt8], _ problems: inout [String]) {
        var seen: [String: Int] = [:]
        Self.lines(bytes) { n, line in
            guard !line.allSatisfy({ $0 == 32 || $0 == 9 }) else { return }
            switch OrderBodies.draft(json: Array(line)) {
            case .success(let d):
                if let first = seen[d.number] {
                    problems.append("line \(n): order \(d.number) was already given on line \(first): give each order once.")
                    return
                }
                seen[d.number] = n
                orders.append(d); lineOf.append(n)
            case .failure(let p):
                problems.append("line \(n): \(lang.words(p.refusal))")
            }
        }
    }

    mutating func readCSV(_ bytes: [UInt8], currency: Currency, _ problems: inout [String]) {
        var column: [String: Int] = [:]
        var byNumber: [String: Int] = [:]
        var rowLines: [[Int]] = []
        var headerBad = false
        // Column positions by name, looked up once; the rows of one order repeat its expiry, parsed once.
        var at = Columns()
        var expiries: [String: Millis] = [:]
        Self.lines(bytes) { n, line in
            if problems.count >= 10_000 || headerBad { return }
            guard let text = String(validating: line, as: UTF8.self) else {
                problems.append("line \(n): not valid UTF-8: save the file as UTF-8.")
                return
            }
            if n == 1 {
                let names = CSV.fields(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text) ?? []
                for (i, name) in names.enumerated() { column[name.trimmingSpaces.lowercased()] = i }
                for name in Self.required + Self.optional { at.set(name, column[name]) }
                let missing = Self.required.filter { column[$0] == nil }
                let unknown = names.map { $0.trimmingSpaces.lowercased() }.filter { !Self.required.contains($0) && !Self.optional.contains($0) }
                if !missing.isEmpty || !unknown.isEmpty {
                    headerBad = true
                    problems.append("line 1: the header " + (missing.isEmpty ? "" : "lacks \(missing.joined(separator: ", "))")
                        + (missing.isEmpty || unknown.isEmpty ? "" : " and ") + (unknown.isEmpty ? "" : "has unknown \(unknown.joined(separator: ", "))")
                        + ": use the columns \((Self.required + Self.optional).joined(separator: ","))")
                }
                return
            }
            guard !text.isEmpty else { return }
            guard let f = CSV.fields(line, text) else { problems.append("line \(n): a quoted field is not closed: close it with \"."); return }
            guard f.count == column.count else {
                problems.append("line \(n): \(f.count) fields, the header has \(column.count): give every column (empty for none).")
                return
            }
            func get(_ column: KeyPath<Columns, Int?>) -> String {
                guard let i = at[keyPath: column] else { return "" }
                return f[i]
            }
            var rowCurrency = currency
            let code = get(\.currency)
            if !code.isEmpty {
                guard let c = Currency.named(code), c.code == code else { problems.append("line \(n): \"\(code.prefix(10))\" is not a currency code such as CNY."); return }
                rowCurrency = c
            }
            guard let qty = Int64(get(\.quantity)) else { problems.append("line \(n): the quantity \"\(get(\.quantity).prefix(20))\" is not a whole number."); return }
            let price: Int64
            do throws(MoneyParseError) { price = try Money.parse(get(\.unitPrice), currency: rowCurrency).minor } catch {
                problems.append("line \(n): unit_price: \(error.description)"); return
            }
            var expires: Millis?
            let expiresText = get(\.expiresAt)
            if let known = expiries[expiresText] {
                expires = known
            } else if !expiresText.isEmpty {
                guard let at = Timestamps.parse(expiresText) else {
                    problems.append("line \(n): expires_at \"\(get(\.expiresAt).prefix(40))\" is not an RFC 3339 time such as 2026-12-01T18:00:00+08:00.")
                    return
                }
                expires = at
                expiries[expiresText] = at
            }
            let item = OrderDraft.Line(name: get(\.lineName), quantity: qty, unitPrice: price)
            let number = get(\.number)
            if let i = byNumber[number] {
                let d = orders[i]
                guard d.type == get(\.type), d.customer == get(\.customer), d.currency == rowCurrency, d.expiresAt == expires, d.note == get(\.note) else {
                    problems.append("line \(n): order \(number)'s type, customer, currency, expires_at or note differ from line \(lineOf[i]): repeat them exactly on every row of one order.")
                    return
                }
                orders[i].lines.append(item); rowLines[i].append(n)
            } else {
                byNumber[number] = orders.count
                orders.append(OrderDraft(number: number, type: get(\.type), customer: get(\.customer), currency: rowCurrency,
                                         lines: [item], expiresAt: expires, note: get(\.note)))
                lineOf.append(n); rowLines.append([n])
            }
        }
        self.rowLines = rowLines
    }

    /// The line of each order's every row (CSV), so a problem with `lines[k]` names its own row.
    var rowLines: [[Int]] = []

    /// The rules the store applies, checked here so every problem has its line.
    func check(now: Millis, currency: Currency, _ problems: inout [String]) {
        for (i, d) in orders.enumerated() {
            for p in OrderRules.problems(d, now: now, storeCurrency: currency) {
                var line = lineOf[i]
                if p.field.hasPrefix("lines["), let k = Int(p.field.dropFirst(6).prefix { $0.isNumber }), i < rowLines.count, k < rowLines[i].count {
                    line = rowLines[i][k]
                }
                problems.append("line \(line): order \(d.number.prefix(64)): \(lang.words(p.refusal))")
                if problems.count >= 10_000 { return }
            }
        }
    }
}

/// Where each known column is, found once from the header (a row reads them by position).
struct Columns {
    var number, type, lineName, quantity, unitPrice, customer, currency, expiresAt, note: Int?

    mutating func set(_ name: String, _ index: Int?) {
        switch name {
        case "number": number = index
        case "type": type = index
        case "line_name": lineName = index
        case "quantity": quantity = index
        case "unit_price": unitPrice = index
        case "customer": customer = index
        case "currency": currency = index
        case "expires_at": expiresAt = index
        case "note": note = index
        default: break
        }
    }
}

/// RFC 4180 fields of one line: commas separate, double quotes quote, "" is a quote inside.
enum CSV {
    /// The same, from the line's bytes when it holds no quote (most rows): split on commas.
    static func fields(_ bytes: ArraySlice<UInt8>, _ line: String) -> [String]? {
        guard !bytes.contains(UInt8(ascii: "\"")) else { return fields(line) }
        return bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    static func fields(_ line: String) -> [String]? {
        var out: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var it = line.unicodeScalars.makeIterator()
        while let c = it.next() {
            if quoted {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" { field.unicodeScalars.append(n) }
                        else if n == "," { quoted = false; out.append(field); field = ""; wasQuoted = false }
                        else { return nil }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "," {
                out.append(field); field = ""; wasQuoted = false
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true
            } else { field.unicodeScalars.append(c) }
        }
        if quoted { return nil }
        out.append(field)
        return out
    }
}
