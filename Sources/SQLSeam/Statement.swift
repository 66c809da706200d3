/// The two engines the store runs on.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}

/// One statement of the store, written once with `?` placeholders. Most statements read the same on
/// both engines; the few that cannot (see docs/postgres.md's inventory) carry their PostgreSQL form
/// beside the SQLite one, so the difference is named where the statement lives.
public struct SQLStatement: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let sqlite: String
    /// nil: the same text as `sqlite`.
    public let postgresForm: String?

    public init(_ sql: String) {
        sqlite = sql
        postgresForm = nil
    }

    /// A statement whose text differs by engine: both forms side by side, placeholders in the same order.
    public init(sqlite: String, postgres: String) {
        self.sqlite = sqlite
        postgresForm = postgres
    }

    public init(stringLiteral value: String) { self.init(value) }

    public func text(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: return sqlite
        case .postgres: return postgresForm ?? sqlite
        }
    }

    public var description: String { sqlite }
}

extension SQLStatement {
    /// `?` placeholders numbered `$1…$n` for PostgreSQL, outside quoted text and identifiers and
    /// comments. A statement keeps one placeholder style; written with `?`, it reads on both engines.
    public static func numberingPlaceholders(_ sql: String) -> (text: String, count: Int) {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        var lineComment = false
        var previous: Character?
        for c in sql {
            defer { previous = c }
            if lineComment {
                out.append(c)
                if c == "\n" { lineComment = false }
                continue
            }
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                out.append(c)
            case "-" where previous == "-":
                lineComment = true
                out.append(c)
            case "?":
                n += 1
                out += "$\(n)"
            default:
                out.append(c)
            }
        }
        return (out, n)
    }
}

extension SQLStatement {
    /// A claim that several hosts may run at once: `build` writes the statement around its locking
    /// clause, which SQLite (one writer at a time) leaves empty and PostgreSQL makes `FOR UPDATE
    /// [OF table] SKIP LOCKED`, so a row another host is claiming is skipped, never picked twice.
    public static func claim(lockingOf table: String? = nil, _ build: (_ lockingClause: String) -> String) -> SQLStatement {
        SQLStatement(sqlite: build(""), postgres: build(" FOR UPDATE" + (table.map { " OF \($0)" } ?? "") + " SKIP LOCKED"))
    }
}
