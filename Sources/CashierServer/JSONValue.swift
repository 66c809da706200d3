import Foundation

/// Any JSON value, decoded by JSONDecoder so a number, a string and a boolean stay apart (no
/// `true` read as 1, no 2.5 read as 2). The order routes read nested bodies with it.
indirect enum JSONValue: Decodable, Encodable, Equatable, Sendable {
    case null, bool(Bool), int(Int64), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    static func parse(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        guard !bytes.isEmpty else { throw .badRequest("api.body_empty") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .badRequest("api.intake.not_utf8")
        }
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw .badRequest("api.intake.not_json")
        }
    }

    /// Canonical text (sorted keys): how metadata is stored, so the same object compares equal.
    var canonicalText: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }
}

/// One JSON object read strictly at a path (`orders[3].lines[0]`): only the allowed fields, each
/// of its type; a refusal names the field by its full path.
struct JSONFields {
    let path: String
    let fields: [String: JSONValue]

    init(_ value: JSONValue, path: String = "", allowed: Set<String>) throws(APIError) {
        self.path = path
        guard case .object(let o) = value else {
            throw path.isEmpty ? .invalid("api.intake.body_not_object") : .invalid("api.intake.not_object", ["field": path])
        }
        fields = o
        if let unknown = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalid("api.unknown_field", ["field": name(Validate.clip(unknown)), "allowed": allowed.sorted().joined(separator: ", ")],
                           field: name(unknown))
        }
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { if let v = fields[key], v != .null { return true } else { return false } }

    func string(_ key: String) throws(APIError) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw .invalid("api.not_string", ["field": name(key)])
        }
    }

    func requiredString(_ key: String) throws(APIError) -> String {
        guard let s = try string(key) else { throw .invalid("api.field_missing", ["field": name(key)]) }
        return s
    }

    func int(_ key: String) throws(APIError) -> Int64 {
        switch fields[key] {
        case nil, .null?: throw .invalid("api.field_missing", ["field": name(key)])
        case .int(let i)?: return i
        default: throw .invalid("api.intake.not_whole_number", ["field": name(key)])
        }
    }

    func array(_ key: String) throws(APIError) -> [JSONValue] {
        switch fields[key] {
        case nil, .null?: throw .invalid("api.intake.list_missing", ["field": name(key)])
        case .array(let a)?: return a
        default: throw .invalid("api.intake.not_list", ["field": name(key)])
        }
    }

    func object(_ key: String) throws(APIError) -> JSONValue? {
        switch fields[key] {
        case nil, .null?: return nil
        case .object(let o)?: return .object(o)
        default: throw .invalid("api.intake.not_object", ["field": name(key)])
        }
    }
}
