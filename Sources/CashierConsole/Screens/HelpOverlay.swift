extension AppState {
    var helpOverlayBindings: [KeyBinding] {
        [.on(.escape, .function(1), .enter, do: .closeHelp, "Close", bar: true)]
    }

    /// The help lists the very tables that dispatch keys on this screen, as they are now.
    func helpLines(keyWidth: Int = 16) -> [StyledLine] {
        var base = self
        base.overlay = nil
        func describe(_ b: KeyBinding) -> StyledLine {
            StyledLine(DisplayWidth.pad(b.keyText, to: keyWidth) + b.label + (b.disabled == nil ? "" : " (not now)"),
                       b.disabled == nil ? .dialog : .dim)
        }
        return [StyledLine("On this screen", .dialogTitle)] + base.screenBindings.map(describe)
            + [StyledLine(""), StyledLine("Everywhere", .dialogTitle)] + base.globalBindings.map(describe)
    }

    func drawHelp(into grid: inout Grid) {
        let room = grid.size.height - 4
        // Two columns, with narrower key names, when one column would not fit the height.
        let columns = helpLines().count > room ? 2 : 1
        let lines = helpLines(keyWidth: columns == 1 ? 16 : 12)
        let perColumn = (lines.count + columns - 1) / columns
        let columnWidth = columns == 1 ? 60 : (grid.size.width - 6) / 2
        let width = columnWidth * columns + 4
        let (x, y) = grid.centredBox(width: width, height: min(grid.size.height, perColumn + 2), title: "Help: \(route.title) · Esc closes")
        for (i, line) in lines.enumerated() {
            let col = i / perColumn, row = i % perColumn
            grid.put(line.text, x: x + 2 + col * columnWidth, y: y + 1 + row, role: line.role, maxWidth: columnWidth - 1)
        }
    }

    var quitDialogBindings: [KeyBinding] {
        [
            .on(.char("y"), do: .confirmQuit, "Quit", bar: true),
            .on(.char("n"), .escape, do: .stay, "Stay", bar: true),
        ]
    }

    func drawQuitDialog(into grid: inout Grid) {
        let (x, y) = grid.centredBox(width: 64, height: 7, title: "Quit while a payment is in flight?")
        grid.put("A payment is still waiting. Quitting does not stop it: the", x: x + 2, y: y + 2, role: .dialog)
        grid.put("engine settles it and it shows in History.", x: x + 2, y: y + 3, role: .dialog)
        grid.put("y quits · n or Esc stays", x: x + 2, y: y + 5, role: .dialog)
    }
}
