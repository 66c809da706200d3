/// A refusal with one clear sentence saying what is wrong and what to do. Nothing was written.
public struct CashierError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Bad input: amounts, codes, missing fields.
        case invalid
        case notFound
        /// The order is held or being paid elsewhere, or its state forbids this.
        case conflict
        /// Wrong PIN, locked or disabled user, or a role that may not do this.
        case forbidden
        /// A broken invariant: a bug, reported rather than written.
        case `internal`
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func invalid(_ m: String) -> Self { .init(.invalid, m) }
    public static func notFound(_ m: String) -> Self { .init(.notFound, m) }
    public static func conflict(_ m: String) -> Self { .init(.conflict, m) }
    public static func forbidden(_ m: String) -> Self { .init(.forbidden, m) }
}
