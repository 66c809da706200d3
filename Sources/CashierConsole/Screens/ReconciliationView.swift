import CashierCore

extension ReconciliationScreen {
    func summary(_ context: Context) -> [StyledLine] {
        let w = ReconWords(context.lang)
        if let day { return [StyledLine(w.daySummary(day, items), .dim)] }
        guard loaded else { return [StyledLine(" " + w.loading, .dim)] }
        return [StyledLine(w.summary(days), .dim)]
    }

    /// Panel under the list: a rule and this many lines.
    static let panel = 4

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let w = ReconWords(context.lang)
        if let day { drawItems(day, w, into: &grid, body) } else { drawDays(w, into: &grid, body) }
        if let dialog { drawDialog(dialog, w, into: &grid) }
    }

    private func drawDays(_ w: ReconWords, into grid: inout Grid, _ body: Rect) {
        let c = w.dayColumns
        let table = Table([Column(c[0], 10), Column(c[1], 8), Column(c[2], 6, right: true), Column(c[3], 11, right: true, role: .amount),
                           Column(c[4], 7, right: true), Column(c[5], 10, right: true, role: .amount),
                           Column(c[6], 8, right: true, role: .amount), Column(c[7], nil)], totalWidth: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y, rowRole: .title)
        if days.isEmpty { grid.centred(loaded ? w.noDays : w.loading, y: body.y + 2, role: .dim) }
        let visible = max(1, body.height - 1 - Self.panel - 1)
        let first = max(0, dayCursor - visible + 1)
        for (i, d) in days.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 1 + i - first
            let state: Role? = d.agrees ? nil : .warning
            let role: Role? = i == dayCursor ? .cursor : nil
            if role != nil { grid.fill(x: 0, y: y, width: body.width, height: 1, role: .cursor) }
            table.draw([d.date, w.platform(d.platform), String(d.tradesMatched), d.tradesAmount.decimal, String(d.refundsMatched),
                        d.refundsAmount.decimal, d.fees.decimal, w.state(d)], into: &grid, x: 1, y: y, rowRole: role)
            if role == nil, let state {
                let x = 1 + table.widths.dropLast().reduce(0) { $0 + $1 + 1 }
                grid.put(w.state(d), x: x, y: y, role: state, maxWidth: table.widths.last ?? 0)
            }
        }
        guard let d = currentDay else { return }
        let top = body.bottom - Self.panel - 1
        grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
        for (i, line) in w.dayPanel(d).enumerated() {
            grid.put(line, x: 0, y: top + 1 + i, role: i == 0 ? .title : i == 2 && !d.agrees ? .warning : .normal, maxWidth: body.width)
        }
    }

    private func drawItems(_ day: ReconDayRow, _ w: ReconWords, into grid: inout Grid, _ body: Rect) {
        grid.put(w.dayHeading(day), x: 0, y: body.y, role: .title, maxWidth: body.width)
        let c = w.itemColumns
        // A wide window has room for the suggested action on each row.
        let wide = body.width >= 100
        let table = Table([Column(c[0], 4, right: true), Column(c[1], 15), Column(c[2], 13), Column(c[3], 12),
                           Column(c[4], 10, right: true, role: .amount), Column(c[5], 10, right: true, role: .amount),
                           Column(c[6], wide ? 8 : nil)] + (wide ? [Column(c[7], nil)] : []),
                          totalWidth: body.width - 2)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y + 1, rowRole: .title)
        if items.isEmpty { grid.centred(itemsLoaded ? w.noItems : w.loadingItems, y: body.y + 3, role: .dim) }
        let visible = max(1, body.height - 2 - Self.panel - 1)
        let first = max(0, itemCursor - visible + 1)
        for (i, item) in items.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 2 + i - first
            let role: Role? = i == itemCursor ? .cursor : item.isOpen ? nil : .dim
            if i == itemCursor { grid.fill(x: 0, y: y, width: body.width, height: 1, role: .cursor) }
            table.draw(["\(item.id)", w.kind(item.kind), item.tradeNo, item.refundNo, w.amount(item.billAmount),
                        w.amount(item.storeAmount), w.itemState(item), w.l.reconAction(item.action)], into: &grid, x: 1, y: y, rowRole: role)
        }
        guard let item = currentItem else { return }
        let top = body.bottom - Self.panel - 1
        grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
        grid.put(w.itemHeading(item), x: 0, y: top + 1, role: .title, maxWidth: body.width)
        // Open: the suggested action (two lines) and the note. Resolved: who did what, in three.
        let lines: [(String, Role)] = item.isOpen
            ? wrap(w.l.reconAction(item.action), width: body.width - 2).prefix(2).map { ($0, .normal) } + [(w.itemFooter(item), .dim)]
            : wrap(w.itemFooter(item), width: body.width - 2).prefix(3).map { ($0, .succeeded) }
        for (i, line) in lines.enumerated() {
            grid.put(" " + line.0, x: 0, y: top + 2 + (item.isOpen && i == lines.count - 1 ? 2 : i), role: line.1, maxWidth: body.width)
        }
    }

    private func drawDialog(_ dialog: ResolveDialog, _ w: ReconWords, into grid: inout Grid) {
        enum Line { case text(String, Role), field(ResolveDialog.Field, String), blank }
        var lines: [Line] = [.blank, .text(w.itemHeading(dialog.item).trimmingSpaces, .dialog), .blank,
                             .field(.note, w.note)]
        if !dialog.item.followUps.isEmpty { lines.append(.field(.followUp, w.thenLabel)) }
        lines += [.blank, .text(w.credentials, .dialog), .field(.user, w.supervisor), .field(.pin, w.pin)]
        // The rows under the box are cleared across the window: no half-hidden cells beside it.
        let height = lines.count + 2
        grid.fill(x: 0, y: (grid.size.height - height) / 2, width: grid.size.width, height: height, role: .normal)
        let (x, y) = grid.centredBox(width: 68, height: height, title: w.dialogTitle(dialog.item))
        for (i, line) in lines.enumerated() {
            let row = y + 1 + i
            switch line {
            case .blank: break
            case .text(let text, let role): grid.put(text, x: x + 2, y: row, role: role, maxWidth: 64)
            case .field(let field, let label):
                grid.put(label, x: x + 2, y: row, role: .dialog)
                if field == .followUp {
                    let focused = dialog.focus == .followUp
                    let text = " \(w.followUp(dialog.followUp)) "
                    let used = grid.put(text, x: x + 14, y: row, role: focused ? .inputFocused : .input, maxWidth: 36)
                    if focused { grid.put(w.switchHint, x: x + 15 + used, y: row, role: .dim) }
                } else {
                    grid.field(dialog[field], x: x + 14, y: row, width: 51, focused: dialog.focus == field)
                }
            }
        }
    }
}
