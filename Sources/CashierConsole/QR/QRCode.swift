import QREncoder

/// QR codes for payment links, drawn with text so the console stays ncurses-only.
public enum QRCode {
    /// Modules row by row, `true` = dark. Error correction M, byte mode (the text's UTF-8 bytes).
    /// Nil when the text is empty or too long for the largest version (40).
    public static func matrix(for text: String) -> [[Bool]]? {
        guard !text.isEmpty, let symbol = try? QREncoder.encode(text, level: .medium) else { return nil }
        return symbol.modules
    }

    /// The code as text, two module rows per terminal row, for a dark terminal: LIGHT modules and
    /// the quiet zone are drawn as blocks (foreground), DARK modules as spaces (background). Draw it
    /// with a light foreground on a dark background (or the terminal default of a dark terminal).
    /// A missing bottom row (odd height) counts as quiet zone.
    public static func halfBlockLines(for text: String, quietZone: Int = 2) -> [String]? {
        guard let modules = matrix(for: text) else { return nil }
        return halfBlockLines(modules: modules, quietZone: quietZone)
    }

    /// The half-block packing of any matrix (`true` = dark); separate so it can be tested directly.
    public static func halfBlockLines(modules: [[Bool]], quietZone: Int = 2) -> [String] {
        let quiet = max(0, quietZone)
        let width = (modules.map(\.count).max() ?? 0) + 2 * quiet
        let height = modules.count + 2 * quiet
        func dark(_ x: Int, _ y: Int) -> Bool {
            let (mx, my) = (x - quiet, y - quiet)
            guard my >= 0, my < modules.count, mx >= 0, mx < modules[my].count else { return false }
            return modules[my][mx]
        }
        return stride(from: 0, to: height, by: 2).map { y in
            String((0..<width).map { x in glyph(top: dark(x, y), bottom: dark(x, y + 1)) })
        }
    }

    /// One terminal cell for a vertical pair of modules.
    static func glyph(top: Bool, bottom: Bool) -> Character {
        switch (top, bottom) {
        case (false, false): "█"
        case (false, true): "▀"
        case (true, false): "▄"
        case (true, true): " "
        }
    }
}
