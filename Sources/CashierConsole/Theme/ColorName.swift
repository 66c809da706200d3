/// Colour names as written in theme files.
enum ColorName {
    static let basic = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// "default", a basic name, "bright-<name>", or 0–255 (as a number or a numeric string).
    static func parse(_ text: String) -> ThemeColor? {
        let name = text.lowercased()
        if name == "default" { return .terminalDefault }
        if let i = basic.firstIndex(of: name) { return .index(i) }
        if name.hasPrefix("bright-"), let i = basic.firstIndex(of: String(name.dropFirst(7))) {
            return .index(i + 8)
        }
        if let n = Int(name) { return parse(n) }
        return nil
    }

    static func parse(_ number: Int) -> ThemeColor? {
        (0...255).contains(number) ? .index(number) : nil
    }

    static let help = "use default, black, red, green, yellow, blue, magenta, cyan, white, "
        + "bright-black … bright-white, or a number 0–255"
}
