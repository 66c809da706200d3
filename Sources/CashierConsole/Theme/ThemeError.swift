/// A theme file that cannot be used: names the file and the key so the operator can fix it.
public struct ThemeError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    /// The offending key as written, e.g. `header.fg`; nil when the file as a whole is the problem.
    public let key: String?
    /// One sentence: what is wrong and what to do.
    public let message: String

    public init(file: String, key: String?, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        if let key { return "Theme file \(file), key \"\(key)\": \(message)" }
        return "Theme file \(file): \(message)"
    }
}
