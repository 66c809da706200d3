/// What went wrong, in the words the store acts on, whichever engine said it.
public enum SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A UNIQUE constraint or unique index refused the row (the name when the engine gives one).
    case uniqueViolation(String)
    /// A CHECK, NOT NULL or foreign key constraint refused the row.
    case constraintViolation(String)
    /// A trigger refused the change (SQLite RAISE(ABORT, message); PostgreSQL RAISE EXCEPTION).
    case refusedByTrigger(String)
    /// PostgreSQL aborted the transaction to keep transactions serializable, or to break a
    /// deadlock: nothing of it was committed, so it may be run again.
    case serializationFailure(String)
    /// The database cannot be reached or the connection broke. When this happens during COMMIT the
    /// outcome is unknown: `commitOutcomeUnknown`.
    case unreachable(String)
    /// The connection broke while COMMIT was under way: the transaction may or may not have been
    /// committed, so it is never run again blindly.
    case commitOutcomeUnknown(String)
    /// A value was not of the type asked for.
    case decoding(String)
    /// Anything else the engine reported.
    case other(String)

    public var message: String {
        switch self {
        case .uniqueViolation(let m), .constraintViolation(let m), .refusedByTrigger(let m), .serializationFailure(let m),
             .unreachable(let m), .commitOutcomeUnknown(let m), .decoding(let m), .other(let m):
            return m
        }
    }

    public var description: String { message }

    /// Nothing of the transaction was committed and running it again may succeed.
    public var isRetryable: Bool {
        if case .serializationFailure = self { return true }
        return false
    }
}
