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
        return isWide(v) ? 2 : 1
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), plus wide emoji.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

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
