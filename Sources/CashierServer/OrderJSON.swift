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
            throw APIError.invalid("api.intake.currency", ["field": name("currency")], field: name("currency"))
        }
        let rawLines = try o.array("lines")
        guard (1...OrderLimits.lines).contains(rawLines.count) else {
            throw APIError.invalid("api.intake.line_count", ["field": name("lines"), "lines": rawLines.count, "max": OrderLimits.lines], field: name("lines"))
        }
        var lines: [OrderDraft.Line] = []
        for (i, raw) in rawLines.enumerated() {
            let l = try JSONFields(raw, path: name("lines[\(i)]"), allowed: ["name", "quantity", "unit_price"])
            let priceText = try l.requiredString("unit_price")
            let price: Money
            do throws(MoneyParseError) { price = try Money.parse(priceText, currency: currency) } catch {
                throw APIError(status: .unprocessableContent, code: "invalid", words: .engine(.invalid("api.intake.unit_price", ["field": .text(l.name("unit_price")), "why": .amountProblem(error)])),
                               field: l.name("unit_price"))
            }
            lines.append(.init(name: try l.requiredString("name"), quantity: try l.int("quantity"), unitPrice: price.minor))
        }
        var expires: Millis?
        if let text = try o.string("expires_at") {
            guard let at = Timestamps.parse(text) else {
                throw APIError.invalid("api.intake.expires_at", ["field": name("expires_at")], field: name("expires_at"))
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
            return conflict ? APIError.conflict(first.problem, field: path(first)) : APIError.invalid(first.problem, field: path(first))
        }
        let items = r.items.map { APIError.Item(index: $0.index, number: $0.number, field: path($0), words: .engine($0.problem.refusal)) }
        var refused = APIError.invalid("api.intake.orders_refused", ["count": Set(r.items.map(\.index)).count], field: "orders", items: items)
        if conflict { refused.status = .conflict; refused.code = "conflict" }
        return refused
    }

    static let statusNames = OrderStatus.allCases.map(\.rawValue)

    static func listQuery(_ params: some Sequence<(key: Substring, value: Substring)>) throws(APIError) -> OrderChangesQuery {
        var q = OrderChangesQuery(limit: 100)
        var seen = Set<String>()
        for (k, v) in params {
            let key = String(k), value = String(v).removingPercentEncoding ?? String(v)
            guard seen.insert(key).inserted else { throw APIError.invalid("api.intake.param_twice", ["name": Validate.clip(key)], field: key) }
            switch key {
            case "status":
                guard let s = OrderStatus(rawValue: value) else {
                    throw APIError.invalid("api.intake.unknown_status", ["status": Validate.clip(value), "known": statusNames.joined(separator: ", ")], field: "status")
                }
                q.statuses = [s]
            case "type":
                guard OrderRules.isTypeName(value) else { throw APIError.invalid("api.intake.bad_type", ["text": Validate.clip(value)], field: "type") }
                q.type = value
            case "updated_since":
                guard let at = Timestamps.parse(value) else {
                    throw APIError.invalid("api.intake.updated_since", field: "updated_since")
                }
                q.updatedSince = at
            case "limit":
                guard value.utf8.count <= 4, let n = Int(value), (1...500).contains(n) else {
                    throw APIError.invalid("api.intake.limit", field: "limit")
                }
                q.limit = n
            case "cursor":
                let parts = value.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2, parts.allSatisfy({ (1...18).contains($0.count) && $0.allSatisfy(\.isASCII) }),
                      let at = Int64(parts[0]), let id = Int64(parts[1]), at >= 0, id >= 0 else {
                    throw APIError.invalid("api.intake.cursor", field: "cursor")
                }
                q.after = (at, id)
            default:
                throw APIError.invalid("api.intake.unknown_param", ["name": Validate.clip(key)], field: key)
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
            return .failure(error.problem)
        }
    }
}
