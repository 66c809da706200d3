import CashierCore

/// Printer columns a text takes: East Asian wide and fullwidth characters take two, combining
/// marks and controls none. The wide ranges are CashierCore's EastAsianWidth, shared with the console.
public enum Columns {
    public static func of(_ ch: Character) -> Int {
        guard let scalar = ch.unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) || v == 0x200B { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return EastAsianWidth.isWide(v) || ch.unicodeScalars.contains("\u{FE0F}") ? 2 : 1
        }
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// Controls (tabs, newlines, ESC…) become spaces: names come from outside, and an ESC inside
    /// one would be a printer command in ESC/POS output. Runs of spaces collapse.
    public static func clean(_ text: String) -> String {
        var out = ""
        var lastSpace = true
        for ch in text {
            let isControl = ch.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            if isControl || ch == " " || ch.isNewline {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(ch)
                lastSpace = false
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }

    /// Lines of at most `width` columns. Breaks at spaces, and between wide (CJK) characters, which
    /// need no space; a word wider than a line is split between characters, never inside one.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 2)
        var lines: [String] = []
        var line = ""
        var used = 0
        func flush() { lines.append(line); line = ""; used = 0 }
        for (spaceBefore, piece) in pieces(clean(text)) {
            let w = of(piece)
            let gap = (spaceBefore && used > 0) ? 1 : 0
            if used > 0 && used + gap + w <= width {
                if gap == 1 { line.append(" ") }
                line += piece; used += gap + w
                continue
            }
            if used > 0 { flush() }
            if w <= width { line = piece; used = w; continue }
            for ch in piece {
                let cw = of(ch)
                if used + cw > width { flush() }
                line.append(ch); used += cw
            }
        }
        if used > 0 || lines.isEmpty { flush() }
        return lines
    }

    /// Words and single wide characters, each with whether a space came before it.
    static func pieces(_ text: String) -> [(Bool, String)] {
        var out: [(Bool, String)] = []
        var word = ""
        var space = false
        func end() { if !word.isEmpty { out.append((space, word)); word = ""; space = false } }
        for ch in text {
            if ch == " " { end(); space = true; continue }
            if of(ch) == 2 {
                end()
                out.append((space, String(ch)))
                space = false
            } else {
                word.append(ch)
            }
        }
        end()
        return out
    }

    /// `text` (which fits) padded to `width` columns on the left, the right, or both.
    public static func pad(_ text: String, to width: Int, align: Alignment) -> String {
        let gap = max(0, width - of(text))
        switch align {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center: return String(repeating: " ", count: gap / 2) + text + String(repeating: " ", count: gap - gap / 2)
        }
    }

    public enum Alignment: Sendable { case left, right, center }
}
