extension AppState {
    var helpOverlayBindings: [AppKey] {
        [.on(.escape, .function(1), .enter, label: "Close", bar: true) { state, _ in state.overlay = nil; return [] }]
    }

    /// The help lists the very tables that dispatch keys on this screen, as they are now; a key
    /// that cannot act says why, in the words its press would show. Two sections: this screen's
    /// keys, then the keys that work everywhere.
    func helpSections(keyWidth: Int = 16, width: Int = 59) -> [[StyledLine]] {
        var base = self
        base.overlay = nil
        func describe(_ b: AppKey) -> [StyledLine] {
            let key = DisplayWidth.pad(b.keyText, to: keyWidth)
            let text = b.disabled.map { b.label + ": " + Self.why($0) } ?? b.label
            return wrap(text, width: max(8, width - keyWidth)).enumerated().map { i, line in
                StyledLine((i == 0 ? key : String(repeating: " ", count: keyWidth)) + line, b.disabled == nil ? .dialog : .dim)
            }
        }
        return [[StyledLine("On this screen", .dialogTitle)] + base.screenBindings.flatMap(describe),
                [StyledLine("Everywhere", .dialogTitle)] + base.globalBindings.flatMap(describe)]
    }

    func helpLines(keyWidth: Int = 16, width: Int = 59) -> [StyledLine] {
        let sections = helpSections(keyWidth: keyWidth, width: width)
        return sections[0] + [StyledLine("")] + sections[1]
    }

    /// A disabled key's reason without the "Pay: " it starts with in the message line.
    static func why(_ reason: String) -> String {
        var text = Substring(reason)
        if let colon = text.range(of: ": "), text.distance(from: text.startIndex, to: colon.lowerBound) <= 20,
           !text[..<colon.lowerBound].contains(".") {
            text = text[colon.upperBound...]
        }
        guard let first = text.first, text.dropFirst().first?.isLowercase == true else { return String(text) }
        return first.lowercased() + text.dropFirst()
    }

    func drawHelp(into grid: inout Grid) {
        let room = grid.size.height - 4
        // Two columns, with narrower key names, when one column would not fit the height: one
        // section in each when both fit, else the lines split evenly.
        let twoColumns = helpLines().count > room
        let columnWidth = twoColumns ? (grid.size.width - 6) / 2 : 60
        let columns: [[StyledLine]]
        if twoColumns {
            let sections = helpSections(keyWidth: 12, width: columnWidth - 1)
            if sections.allSatisfy({ $0.count <= room }) {
                columns = sections
            } else {
                let lines = sections[0] + [StyledLine("")] + sections[1]
                let half = (lines.count + 1) / 2
                columns = [Array(lines.prefix(half)), Array(lines.dropFirst(half))]
            }
        } else {
            columns = [helpLines()]
        }
        let height = columns.map(\.count).max() ?? 0
        let width = columnWidth * columns.count + 4
        let (x, y) = grid.centredBox(width: width, height: min(grid.size.height, height + 2), title: "Help: \(route.title) · Esc closes")
        for (col, lines) in columns.enumerated() {
            for (row, line) in lines.enumerated() {
                grid.put(line.text, x: x + 2 + col * columnWidth, y: y + 1 + row, role: line.role, maxWidth: columnWidth - 1)
            }
        }
    }

    var quitDialogBindings: [AppKey] {
        [
            .on(.char("y"), label: "Quit", bar: true) { state, _ in state.quitNow() },
            .on(.char("n"), .escape, label: "Stay", bar: true) { state, _ in state.overlay = nil; return [] },
        ]
    }

    func drawQuitDialog(into grid: inout Grid) {
        let (x, y) = grid.centredBox(width: 64, height: 7, title: "Quit while a payment is in flight?")
        grid.put("A payment is still waiting. Quitting does not stop it: the", x: x + 2, y: y + 2, role: .dialog)
        grid.put("engine settles it and it shows in History.", x: x + 2, y: y + 3, role: .dialog)
        grid.put("y quits · n or Esc stays", x: x + 2, y: y + 5, role: .dialog)
    }
}
