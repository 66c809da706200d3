/// Printer columns a text takes: East Asian wide and fullwidth characters take two, combining
/// marks and controls none. Kept here (not shared with the console's grid) so this module stays
/// free of the console; both follow Unicode's East Asian Width.
public enum Columns {
    public static func of(_ ch: Character) -> Int {
        guard let scalar = ch.unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) || v == 0x200B { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return isWide(v) || ch.unicodeScalars.contains("\u{FE0F}") ? 2 : 1
        }
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// East Asian Wide (W) and Fullwidth (F) blocks, and emoji shown wide.
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
