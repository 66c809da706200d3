public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    /// 0–7 the ANSI colours, 8–15 their bright forms, up to 255 on 256-colour terminals.
    case index(Int)

    public static let black = ThemeColor.index(0), red = ThemeColor.index(1), green = ThemeColor.index(2)
    public static let yellow = ThemeColor.index(3), blue = ThemeColor.index(4), magenta = ThemeColor.index(5)
    public static let cyan = ThemeColor.index(6), white = ThemeColor.index(7)
}

public struct Style: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }
}

/// Semantic roles mapped to styles. Files in `themes/` override what they name (see ThemeLoader).
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [Role: Style]
    /// Needs only bold and reverse: works on any terminal.
    public var isMonochrome: Bool

    public init(name: String, styles: [Role: Style], isMonochrome: Bool = false) {
        self.name = name
        self.styles = styles
        self.isMonochrome = isMonochrome
    }

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }
}
