/// A column of a table: fixed width, or flexible (takes what the fixed ones leave).
struct Column: Equatable, Sendable {
    var title: String
    var width: Int?
    var alignRight: Bool
    var role: Role

    init(_ title: String, _ width: Int?, right: Bool = false, role: Role = .normal) {
        self.title = title; self.width = width; self.alignRight = right; self.role = role
    }
}

/// Lays out columns separated by one space, drawing cells padded by display width (CJK = 2).
struct Table: Sendable {
    var columns: [Column]
    var widths: [Int]

    init(_ columns: [Column], totalWidth: Int) {
        // A fixed column is never narrower than its title (a Chinese title takes two columns a character).
        let columns = columns.map { c in
            var c = c
            c.width = c.width.map { max($0, DisplayWidth.of(c.title)) }
            return c
        }
        self.columns = columns
        let fixed = columns.compactMap(\.width).reduce(0, +) + max(0, columns.count - 1)
        let flexCount = columns.filter { $0.width == nil }.count
        let spare = max(0, totalWidth - fixed)
        var given = 0
        var flexSeen = 0
        widths = columns.map { column in
            if let w = column.width { return w }
            flexSeen += 1
            // The last flexible column takes the rounding remainder.
            let w = flexSeen == flexCount ? spare - given : spare / max(1, flexCount)
            given += w
            return w
        }
    }

    /// One row as text (for the header, or tests).
    func text(_ cells: [String]) -> String {
        zip(cells, zip(widths, columns)).map { cell, wc in
            DisplayWidth.pad(cell, to: wc.0, alignRight: wc.1.alignRight)
        }.joined(separator: " ")
    }

    /// Draws a row; `rowRole` overrides column roles (cursor/selection rows).
    func draw(_ cells: [String], into grid: inout Grid, x: Int, y: Int, rowRole: Role? = nil) {
        var col = x
        for (i, cell) in cells.enumerated() where i < columns.count {
            let w = widths[i]
            let role = rowRole ?? columns[i].role
            grid.put(DisplayWidth.pad(cell, to: w, alignRight: columns[i].alignRight), x: col, y: y, role: role, maxWidth: w)
            if let rowRole, i < cells.count - 1 { grid.put(" ", x: col + w, y: y, role: rowRole) }
            col += w + 1
        }
    }

    var totalWidth: Int { widths.reduce(0, +) + max(0, widths.count - 1) }
}
