/// The string Alipay signs: parameters sorted by name (byte order), `key=value` joined by `&`,
/// raw (not URL-encoded), with empty values and the signature itself left out.
public enum AlipayCanonical {
    /// Requests sign every parameter but `sign`; notifies leave out `sign_type` too (as Alipay's).
    public static let requestExcluded: Set<String> = ["sign"]
    public static let notifyExcluded: Set<String> = ["sign", "sign_type"]

    public static func string(_ parameters: [String: String], excluding: Set<String> = requestExcluded) -> String {
        parameters
            .filter { !$0.value.isEmpty && !excluding.contains($0.key) }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }
}

/// application/x-www-form-urlencoded, both ways. Encoding is deterministic (sorted keys) so
/// bodies are reproducible in tests and logs.
public enum FormEncoding {
    public static func encode(_ parameters: [String: String]) -> String {
        parameters.sorted { $0.key < $1.key }
            .map { escape($0.key) + "=" + escape($0.value) }
            .joined(separator: "&")
    }

    /// Decodes `a=1&b=x+y%21`. A key given twice keeps its last value; a malformed escape is
    /// kept literally (the signature check then refuses the request).
    public static func decode(_ text: some StringProtocol) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = unescape(parts[0])
            guard !key.isEmpty else { continue }
            result[key] = parts.count > 1 ? unescape(parts[1]) : ""
        }
        return result
    }

    /// Unreserved characters (RFC 3986) stay; everything else is %XX of its UTF-8 bytes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return out
    }

    public static func unescape(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), input.count >= 2,
                      let high = nibble(input[input.startIndex]), let low = nibble(input[input.startIndex + 1]) {
                bytes.append(high << 4 | low)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF")
    private static func hex(_ n: UInt8) -> String { String(hexDigits[Int(n)]) }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
