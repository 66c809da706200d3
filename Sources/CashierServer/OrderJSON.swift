import CashierCore
import CashierEngine
import Foundation

/// The order routes' JSON: a body to an `OrderDraft` (strictly: amounts as decimal strings parsed
/// like the CLI's, every text bounded) and the query of the catch-up list.
enum OrderJSON {
    static func draft(_ value: JSONValue, path: String) throws(APIError) -> OrderDraft {
        let o = try JSONFields(value, path: path, allowed: OrderRoutes.orderFields)
        func name(_ k: String) -> String { o.name(k) }
        let number = try o.requiredString("number")
        let type = try o.requiredString("type")
        let customer = try o.string("customer") ?? ""
        let code = try o.requiredString("currency")
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }), let currency = Currency.named(code) else {
            throw APIError.invalid("Field \"\(name("currency"))\" is not a currency code such as CNY.", field: name("currency"))
        }
        let rawLines = try o.array("lines")
        guard (1...OrderLimits.lines).contains(rawLines.count) else {
            throw APIError.invalid("Field \"\(name("lines"))\" holds \(rawLines.count) lines: send 1 to \(OrderLimits.lines).", field: name("lines"))
        }
        var lines: [OrderDraft.Line] = []
        for (i, raw) in rawLines.enumerated() {
            let l = try JSONFields(raw, path: name("lines[\(i)]"), allowed: ["name", "quantity", "unit_price"])
            let priceText = try l.requiredString("unit_price")
            let price: Money
            do throws(MoneyParseError) { price = try Money.parse(priceText, currency: currency) } catch {
                throw APIError.invalid("Field \"\(l.name("unit_price"))\": \(error.description)", field: l.name("unit_price"))
            }
            lines.append(.init(name: try l.requiredString("name"), quantity: try l.int("quantity"), unitPrice: price.minor))
        }
        var expires: Millis?
        if let text = try o.string("expires_at") {
            guard let at = Timestamps.parse(text) else {
                throw APIError.invalid("Field \"\(name("expires_at"))\" is not an RFC 3339 time such as 2026-12-01T18:00:00+08:00.", field: name("expires_at"))
            }
            expires = at
        }
        let metadata = try o.object("metadata").map(\.canonicalText)
        return OrderDraft(number: number, type: type, customer: customer, currency: currency, lines: lines,
                          expiresAt: expires, note: try o.string("note") ?? "", metadata: metadata)
    }

    /// The engine's refusal as the API's: 409 when an order conflicts with a stored one, else 422.
    static func refusal(_ r: OrderIntakeRefusal, single: Bool) -> APIError {
        let conflict = r.items.contains(where: \.conflict)
        func path(_ i: OrderIntakeRefusal.Item) -> String { single ? i.problem.field : "orders[\(i.index)].\(i.problem.field)" }
        if single, let first = r.items.first {
            return conflict ? APIError.conflict(first.problem.message, field: path(first))
                            : APIError.invalid(first.problem.message, field: path(first))
        }
        let items = r.items.map { APIError.Item(index: $0.index, number: $0.number, field: path($0), message: $0.problem.message) }
        let message = "\(Set(r.items.map(\.index)).count) orders are refused and none was created: fix the listed items."
        return conflict ? APIError.conflict(message, field: "orders", items: items) : APIError.invalid(message, field: "orders", items: items)
    }

    static let statusNames = OrderStatus.allCases.map(\.rawValue)

    static func listQuery(_ params: some Sequence<(key: Substring, value: Substring)>) throws(APIError) -> OrderChangesQuery {
        var q = OrderChangesQuery(limit: 100)
        var seen = Set<String>()
        for (k, v) in params {
            let key = String(k), value = String(v).removingPercentEncoding ?? String(v)
            guard seen.insert(key).inserted else { throw APIError.invalid("Query parameter \"\(Validate.clip(key))\" is given twice: give it once.", field: key) }
            switch key {
            case "status":
                guard let s = OrderStatus(rawValue: value) else {
                    throw APIError.invalid("Unknown status \"\(Validate.clip(value))\": use \(statusNames.joined(separator: ", ")).", field: "status")
                }
                q.statuses = [s]
            case "type":
                guard OrderRules.isTypeName(value) else { throw APIError.invalid("\"\(Validate.clip(value))\" is not an order type.", field: "type") }
                q.type = value
            case "updated_since":
                guard let at = Timestamps.parse(value) else {
                    throw APIError.invalid("updated_since is not an RFC 3339 time such as 2026-12-01T00:00:00Z.", field: "updated_since")
                }
                q.updatedSince = at
            case "limit":
                guard value.utf8.count <= 4, let n = Int(value), (1...500).contains(n) else {
                    throw APIError.invalid("limit must be a whole number from 1 to 500.", field: "limit")
                }
                q.limit = n
            case "cursor":
                let parts = value.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2, parts.allSatisfy({ (1...18).contains($0.count) && $0.allSatisfy(\.isASCII) }),
                      let at = Int64(parts[0]), let id = Int64(parts[1]), at >= 0, id >= 0 else {
                    throw APIError.invalid("cursor is not one this server gave: pass next_cursor from the previous page.", field: "cursor")
                }
                q.after = (at, id)
            default:
                throw APIError.invalid("Unknown query parameter \"\(Validate.clip(key))\": use status, type, updated_since, limit or cursor.", field: key)
            }
        }
        return q
    }
}

/// RFC 3339 times in and out of the API (and the CLI's --expires).
public enum Timestamps {
    public static func parse(_ text: String) -> Millis? {
        guard text.utf8.count <= 40 else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let d = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
        let ms = d.timeIntervalSince1970 * 1000
        // Years 0001 to 9999, as RFC 3339 writes them (a time before 1970 is a valid updated_since).
        guard ms.isFinite, ms >= -62_135_596_800_000, ms < 253_402_300_800_000 else { return nil }
        return Millis(ms.rounded())
    }
}

/// The API's order body for other ways in (the CLI's JSON Lines import): the same strict reading.
public enum OrderBodies {
    /// One JSON object as an order draft, or the field at fault and what to fix.
    public static func draft(json bytes: [UInt8]) -> Result<OrderDraft, FieldProblem> {
        do throws(APIError) { return .success(try OrderJSON.draft(try JSONValue.parse(bytes), path: "")) } catch {
            return .failure(FieldProblem(error.field ?? "", error.message))
        }
    }
}
