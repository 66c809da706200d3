import CashierCore

/// What a cell means, not how it looks: themes map roles to colours and attributes.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case normal, header, keyBar = "key_bar", keyBarKey = "key_bar_key", selection, cursor, amount
    case pending, succeeded, failed, warning, dialog, dialogTitle = "dialog_title"
    case input, inputFocused = "input_focused", dim, error, title
    /// QR codes: always light modules on a dark ground, whatever the theme, so phones can scan them.
    case qr
}

/// One terminal column. A wide (CJK) character occupies its cell and a `continuation` cell after it.
public struct Cell: Equatable, Sendable {
    public var char: Character
    public var role: Role
    /// The right half of a wide character: drawn by the cell before it.
    public var isContinuation: Bool

    public init(_ char: Character = " ", role: Role = .normal, isContinuation: Bool = false) {
        self.char = char
        self.role = role
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

public struct Size: Equatable, Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
}

/// A whole frame in memory. Views draw here; only the terminal backend touches ncurses.
public struct Grid: Equatable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        cells = Array(repeating: fill, count: max(0, size.width * size.height))
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Writes `text` from column `x` on row `y`, clipped to `maxWidth` columns (and the grid).
    /// A wide character that would not fit whole is replaced by a space. Returns columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        let limit = min(size.width, x + (maxWidth ?? size.width))
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { if col < limit && col >= 0 { self[col, y] = Cell(" ", role: role) ; col += 1 }; break }
            if col >= 0 {
                self[col, y] = Cell(ch, role: role)
                if w == 2 { self[col + 1, y] = Cell(" ", role: role, isContinuation: true) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with one character and role.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, char: Character = " ", role: Role) {
        for row in max(0, y)..<min(size.height, y + height) {
            for col in max(0, x)..<min(size.width, x + width) {
                self[col, row] = Cell(char, role: role)
            }
        }
    }

    /// The frame as text lines, padded to the width: what tests compare against.
    public var lines: [String] {
        (0..<size.height).map { row in
            var line = ""
            for col in 0..<size.width where !self[col, row].isContinuation {
                line.append(self[col, row].char)
            }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}

/// Terminal columns a character or string takes. The one place that decides it.
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        guard let scalar = ch.unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return 0 }
        if v == 0x200B { return 0 }
        return EastAsianWidth.isWide(v) ? 2 : 1
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// `text` cut to at most `width` columns, with "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let gap = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? gap + cut : cut + gap
    }
}
