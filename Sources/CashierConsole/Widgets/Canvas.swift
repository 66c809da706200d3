/// Small drawing helpers every screen uses, so layout code reads as layout.
extension Grid {
    /// A dialog box with a title in its top border; the inside is cleared to the dialog role.
    mutating func box(x: Int, y: Int, width: Int, height: Int, title: String) {
        guard width >= 4, height >= 2 else { return }
        fill(x: x, y: y, width: width, height: height, role: .dialog)
        put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, role: .dialog)
        for row in (y + 1)..<(y + height - 1) {
            put("│", x: x, y: row, role: .dialog)
            put("│", x: x + width - 1, y: row, role: .dialog)
        }
        put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, role: .dialog)
        if !title.isEmpty {
            put(" \(title) ", x: x + 2, y: y, role: .dialogTitle, maxWidth: width - 4)
        }
    }

    /// A box centred in the frame; returns its origin.
    @discardableResult
    mutating func centredBox(width: Int, height: Int, title: String) -> (x: Int, y: Int) {
        let w = min(width, size.width), h = min(height, size.height)
        let x = (size.width - w) / 2, y = (size.height - h) / 2
        box(x: x, y: y, width: w, height: h, title: title)
        return (x, y)
    }

    /// Writes `text` centred between `x` and `x + width`.
    mutating func centred(_ text: String, x: Int = 0, y: Int, width: Int? = nil, role: Role = .normal) {
        let span = width ?? size.width - x
        let w = min(DisplayWidth.of(text), span)
        put(text, x: x + (span - w) / 2, y: y, role: role, maxWidth: span)
    }

    /// Writes `text` so it ends at column `right` (exclusive).
    mutating func putRight(_ text: String, right: Int, y: Int, role: Role = .normal) {
        put(text, x: right - DisplayWidth.of(text), y: y, role: role)
    }

    /// Recolours cells in a run of a row, keeping their characters.
    mutating func paint(x: Int, y: Int, width: Int, role: Role) {
        guard y >= 0, y < size.height else { return }
        for col in max(0, x)..<min(size.width, x + width) {
            var cell = self[col, y]
            cell.role = role
            self[col, y] = cell
        }
    }
}

/// Text with the role it is drawn in: the unit scrolling screens are built from.
struct StyledLine: Equatable, Sendable {
    var text: String
    var role: Role
    init(_ text: String, _ role: Role = .normal) { self.text = text; self.role = role }
}
