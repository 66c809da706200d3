import CashierCore
import Foundation

/// A JSON object read strictly: an object, only known fields, each of the expected type.
/// Money is a string ("12.34"), never a JSON number, so no float ever touches an amount.
struct JSONInput {
    private let fields: [String: Any]

    init(_ bytes: [UInt8], allowed: Set<String>) throws(APIError) {
        guard !bytes.isEmpty else { throw .badRequest("api.body_empty") }
        guard let any = try? JSONSerialization.jsonObject(with: Data(bytes)), let object = any as? [String: Any] else {
            throw .badRequest("api.body_not_object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalid("api.unknown_field", ["field": unknown, "allowed": allowed.sorted().joined(separator: ", ")])
        }
        fields = object
    }

    func string(_ key: String) throws(APIError) -> String? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let s = value as? String else {
            throw key == "amount" ? .invalid("api.amount_not_string") : .invalid("api.not_string", ["field": key])
        }
        return s
    }

    func requiredString(_ key: String) throws(APIError) -> String {
        guard let s = try string(key), !s.isEmpty else { throw .invalid("api.field_missing", ["field": key]) }
        return s
    }

    func strings(_ key: String) throws(APIError) -> [String] {
        guard let value = fields[key] else { throw .invalid("api.orders_missing", ["field": key]) }
        guard let list = value as? [Any], let strings = list as? [String], list.allSatisfy({ $0 is String }) else {
            throw .invalid("api.not_string_list", ["field": key])
        }
        return strings
    }
}

/// Input shapes the channel API accepts, checked before anything reaches the store.
enum Validate {
    static func orderNumber(_ s: String) throws(APIError) -> String {
        // The business's own numbers (OrderRules): letters, digits, '.', '_' and '-', up to 64.
        guard OrderRules.isOrderNumber(s) else {
            throw .invalid("api.bad_order_number", ["text": clip(s)])
        }
        return s
    }

    static func tradeNo(_ s: String) throws(APIError) -> String {
        guard s.hasPrefix("CSH"), (4...32).contains(s.utf8.count), s.utf8.dropFirst(3).allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .invalid("api.bad_trade_number", ["text": clip(s)])
        }
        return s
    }

    static func paymentCode(_ s: String) throws(APIError) -> String {
        guard (10...32).contains(s.utf8.count), s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .invalid("api.bad_payment_code", ["text": clip(s)])
        }
        return s
    }

    static func text(_ s: String, field: String, max: Int) throws(APIError) -> String {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalid("api.field_empty", ["field": field]) }
        guard trimmed.count <= max else { throw .invalid("api.field_too_long", ["field": field, "max": max]) }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid("api.control_characters", ["field": field])
        }
        return trimmed
    }

    static func idempotencyKey(_ s: String) throws(APIError) -> String {
        guard (1...64).contains(s.utf8.count), s.utf8.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else {
            throw .invalid("api.bad_idempotency_key")
        }
        return s
    }

    private static func isAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    /// Echoed input is cut short so a refusal stays one readable sentence.
    static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }
}
