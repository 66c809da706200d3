/// Where a PostgreSQL store lives: `postgres://USER[:PASS]@HOST[:PORT]/DB` (also `postgresql://`),
/// with USER, PASS and DB percent-encoded where they hold reserved characters.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Whether a store argument means PostgreSQL at all (anything else is an SQLite path).
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL with its password hidden: what messages and logs show.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    /// PostgreSQL's longest user or database name (NAMEDATALEN − 1): the server silently cuts a
    /// longer one, so such a URL would name another database than it says.
    public static let longestName = 63
    /// A host name's longest form (DNS), and a bound on the whole URL as typed.
    public static let longestHost = 253
    public static let longestURL = 1_024

    /// Reads a URL, or says in one sentence what is wrong with it.
    public static func parse(_ text: String) throws(PostgresLocationError) -> PostgresLocation {
        let form = "write postgres://USER[:PASS]@HOST[:PORT]/DB"
        guard text.utf8.count <= longestURL else {
            throw PostgresLocationError(message: "The store URL is longer than \(longestURL) bytes: \(form).")
        }
        func refuse(_ what: String) -> PostgresLocationError {
            PostgresLocationError(message: "The store URL \(redact(text)) \(what): \(form).")
        }
        guard let scheme = text.range(of: "://"), isURL(text) else { throw refuse("is not a postgres:// URL") }
        var rest = Substring(text[scheme.upperBound...])
        if rest.contains("?") || rest.contains("#") { throw refuse("has options (?…), which are not supported") }
        guard let at = rest.lastIndex(of: "@") else { throw refuse("names no user") }
        let credentials = rest[..<at]
        rest = rest[rest.index(after: at)...]
        let userPart: Substring, passPart: Substring?
        if let colon = credentials.firstIndex(of: ":") {
            userPart = credentials[..<colon]
            passPart = credentials[credentials.index(after: colon)...]
        } else {
            userPart = credentials
            passPart = nil
        }
        guard let user = decode(userPart), !user.isEmpty else { throw refuse("names no user") }
        let password = try passPart.map { p throws(PostgresLocationError) -> String in
            guard let d = decode(p) else { throw refuse("has a badly percent-encoded password") }
            return d
        }
        guard let slash = rest.firstIndex(of: "/") else { throw refuse("names no database") }
        let hostPort = rest[..<slash]
        guard let database = decode(rest[rest.index(after: slash)...]), !database.isEmpty, !database.contains("/") else {
            throw refuse("names no database (or more than one path part)")
        }
        var host: Substring, portText: Substring?
        if hostPort.hasPrefix("[") {
            // An IPv6 address: [::1]:5432
            guard let close = hostPort.firstIndex(of: "]") else { throw refuse("has an unclosed [ in its host") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.isEmpty { portText = nil } else if after.hasPrefix(":") { portText = after.dropFirst() } else {
                throw refuse("has something after its host's ]")
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
            portText = nil
        }
        guard !host.isEmpty else { throw refuse("names no host") }
        var port = 5432
        if let portText {
            guard let p = Int(portText), (1...65_535).contains(p) else { throw refuse("has a port that is not a number from 1 to 65535") }
            port = p
        }
        if user.utf8.count > longestName { throw refuse("has a user name longer than \(longestName) bytes, PostgreSQL's limit") }
        if database.utf8.count > longestName { throw refuse("has a database name longer than \(longestName) bytes, PostgreSQL's limit") }
        if host.utf8.count > longestHost { throw refuse("has a host name longer than \(longestHost) bytes") }
        return PostgresLocation(user: user, password: password, host: String(host), port: port, database: database)
    }

    /// Percent-decoding; nil for a malformed escape.
    static func decode(_ part: Substring) -> String? {
        var bytes: [UInt8] = []
        var i = part.utf8.startIndex
        let utf8 = part.utf8
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "%") {
                let h1 = utf8.index(after: i)
                guard h1 < utf8.endIndex else { return nil }
                let h2 = utf8.index(after: h1)
                guard h2 < utf8.endIndex, let hi = hex(utf8[h1]), let lo = hex(utf8[h2]) else { return nil }
                bytes.append(hi << 4 | lo)
                i = utf8.index(after: h2)
            } else {
                bytes.append(b)
                i = utf8.index(after: i)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The text with anything between "://user:" and "@" hidden: a refusal never prints a password.
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}

public struct PostgresLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
