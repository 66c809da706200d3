import CashierCore

extension ReconciliationScreen {
    func summary(_ context: Context) -> [StyledLine] {
        if let day { return [StyledLine(ReconWords.daySummary(day, items), .dim)] }
        guard loaded else { return [StyledLine(" " + ReconWords.loading, .dim)] }
        return [StyledLine(ReconWords.summary(days), .dim)]
    }

    /// Panel under the list: a rule and this many lines.
    static let panel = 4

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        if let day { drawItems(day, into: &grid, body) } else { drawDays(into: &grid, body) }
        if let dialog { drawDialog(dialog, into: &grid) }
    }

    private func drawDays(into grid: inout Grid, _ body: Rect) {
        let w = ReconWords.dayColumns
        let table = Table([Column(w[0], 10), Column(w[1], 8), Column(w[2], 6, right: true), Column(w[3], 11, right: true, role: .amount),
                           Column(w[4], 7, right: true), Column(w[5], 10, right: true, role: .amount),
                           Column(w[6], 8, right: true, role: .amount), Column(w[7], nil)], totalWidth: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y, rowRole: .title)
        if days.isEmpty { grid.centred(loaded ? ReconWords.noDays : ReconWords.loading, y: body.y + 2, role: .dim) }
        let visible = max(1, body.height - 1 - Self.panel - 1)
        let first = max(0, dayCursor - visible + 1)
        for (i, d) in days.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 1 + i - first
            let state: Role? = d.agrees ? nil : .warning
            let role: Role? = i == dayCursor ? .cursor : nil
            if role != nil { grid.fill(x: 0, y: y, width: body.width, height: 1, role: .cursor) }
            table.draw([d.date, d.platform, String(d.tradesMatched), d.tradesAmount.decimal, String(d.refundsMatched),
                        d.refundsAmount.decimal, d.fees.decimal, ReconWords.state(d)], into: &grid, x: 1, y: y, rowRole: role)
            if role == nil, let state {
                let x = 1 + table.widths.dropLast().reduce(0) { $0 + $1 + 1 }
                grid.put(ReconWords.state(d), x: x, y: y, role: state, maxWidth: table.widths.last ?? 0)
            }
        }
        guard let d = currentDay else { return }
        let top = body.bottom - Self.panel - 1
        grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
        for (i, line) in ReconWords.dayPanel(d).enumerated() {
            grid.put(line, x: 0, y: top + 1 + i, role: i == 0 ? .title : i == 2 && !d.agrees ? .warning : .normal, maxWidth: body.width)
        }
    }

    private func drawItems(_ day: ReconDayRow, into grid: inout Grid, _ body: Rect) {
        grid.put(ReconWords.dayHeading(day), x: 0, y: body.y, role: .title, maxWidth: body.width)
        let w = ReconWords.itemColumns
        // A wide window has room for the suggested action on each row.
        let wide = body.width >= 100
        let table = Table([Column(w[0], 4, right: true), Column(w[1], 15), Column(w[2], 13), Column(w[3], 12),
                           Column(w[4], 10, right: true, role: .amount), Column(w[5], 10, right: true, role: .amount),
                           Column(w[6], wide ? 8 : nil)] + (wide ? [Column(w[7], nil)] : []),
                          totalWidth: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y + 1, rowRole: .title)
        if items.isEmpty { grid.centred(itemsLoaded ? ReconWords.noItems : ReconWords.loadingItems, y: body.y + 3, role: .dim) }
        let visible = max(1, body.height - 2 - Self.panel - 1)
        let first = max(0, itemCursor - visible + 1)
        for (i, item) in items.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 2 + i - first
            let role: Role? = i == itemCursor ? .cursor : item.isOpen ? nil : .dim
            if i == itemCursor { grid.fill(x: 0, y: y, width: body.width, height: 1, role: .cursor) }
            table.draw(["\(item.id)", ReconWords.kind(item.kind), item.tradeNo, item.refundNo, ReconWords.amount(item.billAmount),
                        ReconWords.amount(item.storeAmount), ReconWords.itemState(item), item.action], into: &grid, x: 1, y: y, rowRole: role)
        }
        guard let item = currentItem else { return }
        let top = body.bottom - Self.panel - 1
        grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
        grid.put(ReconWords.itemHeading(item), x: 0, y: top + 1, role: .title, maxWidth: body.width)
        // Open: the suggested action (two lines) and the note. Resolved: who did what, in three.
        let lines: [(String, Role)] = item.isOpen
            ? wrap(item.action, width: body.width - 2).prefix(2).map { ($0, .normal) } + [(ReconWords.itemFooter(item), .dim)]
            : wrap(ReconWords.itemFooter(item), width: body.width - 2).prefix(3).map { ($0, .succeeded) }
        for (i, line) in lines.enumerated() {
            grid.put(" " + line.0, x: 0, y: top + 2 + (item.isOpen && i == lines.count - 1 ? 2 : i), role: line.1, maxWidth: body.width)
        }
    }

    private func drawDialog(_ dialog: ResolveDialog, into grid: inout Grid) {
        enum Line { case text(String, Role), field(ResolveDialog.Field, String), blank }
        var lines: [Line] = [.blank, .text(ReconWords.itemHeading(dialog.item).trimmingSpaces, .dialog), .blank,
                             .field(.note, ReconWords.note)]
        if !dialog.item.followUps.isEmpty { lines.append(.field(.followUp, ReconWords.thenLabel)) }
        lines += [.blank, .text(ReconWords.credentials, .dialog), .field(.user, ReconWords.supervisor), .field(.pin, ReconWords.pin)]
        // The rows under the box are cleared across the window: no half-hidden cells beside it.
        let height = lines.count + 2
        grid.fill(x: 0, y: (grid.size.height - height) / 2, width: grid.size.width, height: height, role: .normal)
        let (x, y) = grid.centredBox(width: 68, height: height, title: ReconWords.dialogTitle(dialog.item))
        for (i, line) in lines.enumerated() {
            let row = y + 1 + i
            switch line {
            case .blank: break
            case .text(let text, let role): grid.put(text, x: x + 2, y: row, role: role, maxWidth: 64)
            case .field(let field, let label):
                grid.put(label, x: x + 2, y: row, role: .dialog)
                if field == .followUp {
                    let focused = dialog.focus == .followUp
                    let text = " \(ReconWords.followUp(dialog.followUp)) "
                    let used = grid.put(text, x: x + 14, y: row, role: focused ? .inputFocused : .input, maxWidth: 36)
                    if focused { grid.put(ReconWords.switchHint, x: x + 15 + used, y: row, role: .dim) }
                } else {
                    grid.field(dialog[field], x: x + 14, y: row, width: 51, focused: dialog.focus == field)
                }
            }
        }
    }
}
