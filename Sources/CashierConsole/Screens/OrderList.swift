import CashierCore

enum ListKind: Hashable, Sendable { case open, history }

/// A status filter choice: one status, or several under one name.
struct StatusChoice: Equatable, Sendable {
    var label: String
    var statuses: [OrderStatus]
    static func one(_ s: OrderStatus) -> StatusChoice { StatusChoice(label: Fmt.status(s), statuses: [s]) }
}

/// A paged, filtered list of orders (Orders and History share it). Pages are fetched by
/// keyset: `cursors` holds the `afterId` of every page from the first to the current one.
struct ListState: Equatable, Sendable {
    let kind: ListKind
    var rows: [OrderRow] = []
    var hasMore = false
    var cursors: [Int64?] = [nil]
    var cursor = 0
    /// Kept by id across pages and filters, in the order they were picked.
    var selected: [OrderRow] = []
    var search = TextField(maxLength: 40)
    var searching = false
    var types: [String] = []
    var type: String?
    var statusIndex = 0
    var loaded = false
    var pageSize = 18

    /// Filter line and column header above the rows.
    static let chromeRows = 2

    init(kind: ListKind) { self.kind = kind }

    var statusChoices: [StatusChoice] {
        switch kind {
        case .open:
            return [.one(.unpaid), .one(.paid), .one(.partiallyRefunded), .one(.refunded),
                    StatusChoice(label: "all", statuses: OrderStatus.allCases)]
        case .history:
            return [StatusChoice(label: "paid or refunded", statuses: [.paid, .partiallyRefunded, .refunded]),
                    .one(.paid), .one(.partiallyRefunded), .one(.refunded)]
        }
    }

    var status: StatusChoice { statusChoices[statusIndex % statusChoices.count] }

    func query(after: Int64?) -> OrderQuery {
        OrderQuery(search: search.text.trimmingSpaces, type: type, statuses: status.statuses, afterId: after, limit: pageSize)
    }

    var current: OrderRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
    var page: Int { cursors.count }
    func isSelected(_ id: Int64) -> Bool { selected.contains { $0.id == id } }
}

/// Which page a load fetches.
enum PageMove: Equatable, Sendable {
    case first, same, next, previous(toBottom: Bool)
}

extension AppState {
    subscript(list kind: ListKind) -> ListState {
        get { kind == .open ? orders : history }
        set { if kind == .open { orders = newValue } else { history = newValue } }
    }

    /// Asks for a page; where the cursor lands is decided now and applied when the page arrives.
    mutating func loadList(_ kind: ListKind, _ move: PageMove) -> Effect {
        let list = self[list: kind]
        var cursors = list.cursors
        let at: CursorAt
        switch move {
        case .first:
            cursors = [nil]
            at = .top
        case .same:
            at = .keep(list.cursor)
        case .next:
            cursors.append(list.rows.last?.id)
            at = .top
        case .previous(let toBottom):
            if cursors.count > 1 { cursors.removeLast() }
            at = toBottom ? .bottom : .top
        }
        return request(.orders(list.query(after: cursors.last ?? nil), list: kind, cursors: cursors, cursorAt: at))
    }

    mutating func listReplied(_ kind: ListKind, cursors: [Int64?], cursorAt: CursorAt,
                              _ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.page(let page)):
            var list = self[list: kind]
            // A page emptied by others (orders paid elsewhere): step back rather than show nothing.
            if page.rows.isEmpty && cursors.count > 1 {
                list.cursors = cursors
                self[list: kind] = list
                return [loadList(kind, .previous(toBottom: true))]
            }
            list.rows = page.rows
            list.hasMore = page.hasMore
            list.cursors = cursors
            list.loaded = true
            switch cursorAt {
            case .top: list.cursor = 0
            case .bottom: list.cursor = max(0, page.rows.count - 1)
            case .keep(let row): list.cursor = min(max(0, row), max(0, page.rows.count - 1))
            }
            // Selected rows shown again carry fresh amounts and statuses.
            for row in page.rows {
                if let i = list.selected.firstIndex(where: { $0.id == row.id }) { list.selected[i] = row }
            }
            self[list: kind] = list
        case .failure(let error):
            message = .error(error.message)
        default: break
        }
        return []
    }

    /// Keys every list has: moving, paging, search and filters.
    func listBindings(_ kind: ListKind) -> [KeyBinding] {
        let list = self[list: kind]
        if list.searching {
            return [
                .on(.enter, do: .confirm, "Apply", bar: true),
                .on(.escape, do: .back, "Clear", bar: true),
            ] + KeyTable.textEditing()
        }
        let lastPage = list.hasMore ? nil : "PgDn: this is the last page."
        let firstPage = list.page > 1 ? nil : "PgUp: this is the first page."
        return [
            .on(.up, do: .up, "Up"),
            .on(.down, do: .down, "Down"),
            .on(.pageDown, do: .pageDown, "Next page", disabled: lastPage),
            .on(.pageUp, do: .pageUp, "Previous page", disabled: firstPage),
            .on(.home, do: .home, "First row"),
            .on(.end, do: .end, "Last row"),
            .on(.function(3), .char("/"), do: .search, "Search", bar: true),
            .on(.char("t"), do: .cycleType, "Type filter"),
            .on(.char("s"), do: .cycleStatus, "Status filter"),
            .on(.function(5), do: .refresh, "Refresh", bar: true),
        ]
    }

    /// Handles the shared list commands; returns nil for commands the screen handles itself.
    mutating func listCommand(_ kind: ListKind, _ command: Command, key: Key) -> [Effect]? {
        let list = self[list: kind]
        let last = max(0, list.rows.count - 1)
        if list.searching {
            switch command {
            case .confirm:
                self[list: kind].searching = false
                return []
            case .back:
                let had = !list.search.isEmpty
                self[list: kind].search = TextField(maxLength: 40)
                self[list: kind].searching = false
                return had ? [loadList(kind, .first)] : []
            default:
                // Typing filters at once: each keystroke supersedes the previous query.
                let changed = self[list: kind].search.apply(command, key: key)
                return changed ? [loadList(kind, .first)] : []
            }
        }
        switch command {
        case .up:
            if list.cursor > 0 { self[list: kind].cursor -= 1 } else if list.page > 1 { return [loadList(kind, .previous(toBottom: true))] }
        case .down:
            if list.cursor < last { self[list: kind].cursor += 1 } else if list.hasMore { return [loadList(kind, .next)] }
        case .pageDown: return [loadList(kind, .next)]
        case .pageUp: return [loadList(kind, .previous(toBottom: false))]
        case .home: self[list: kind].cursor = 0
        case .end: self[list: kind].cursor = last
        case .search:
            self[list: kind].searching = true
            self[list: kind].search.cursor = list.search.text.count
        case .cycleType:
            let choices: [String?] = [nil] + list.types.map(Optional.some)
            let index = choices.firstIndex(of: list.type) ?? 0
            self[list: kind].type = choices[(index + 1) % choices.count]
            return [loadList(kind, .first)]
        case .cycleStatus:
            self[list: kind].statusIndex = (list.statusIndex + 1) % list.statusChoices.count
            return [loadList(kind, .first)]
        case .refresh: return [loadList(kind, .same)]
        default: return nil
        }
        return []
    }

    /// Draws filter line, column header and the page of rows.
    func drawList(_ kind: ListKind, into grid: inout Grid, _ body: Rect) {
        let list = self[list: kind]
        var x = 1
        x += grid.put("Search ", x: x, y: body.y, role: .dim)
        if list.searching {
            grid.field(list.search, x: x, y: body.y, width: 24, focused: true)
            x += 25
        } else {
            x += grid.put(list.search.isEmpty ? "(none)" : list.search.text, x: x, y: body.y, maxWidth: 24)
        }
        x += grid.put("  Type ", x: x, y: body.y, role: .dim)
        x += grid.put(list.type ?? "all", x: x, y: body.y)
        x += grid.put("  Status ", x: x, y: body.y, role: .dim)
        x += grid.put(list.status.label, x: x, y: body.y)
        let page = "Page \(list.page)" + (list.hasMore ? " · more ▼" : "") + " "
        grid.putRight(page, right: body.width, y: body.y, role: .dim)

        let table = listTable(kind, width: body.width - 1)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y + 1, rowRole: .title)
        if list.rows.isEmpty {
            let note = list.loaded ? "No orders match." : "Loading orders…"
            grid.centred(note, y: body.y + 3, role: .dim)
            return
        }
        for (i, row) in list.rows.enumerated() where body.y + 2 + i < body.bottom {
            let y = body.y + 2 + i
            let selected = list.isSelected(row.id)
            let rowRole: Role? = i == list.cursor ? .cursor : (selected ? .selection : nil)
            if let rowRole { grid.fill(x: 0, y: y, width: body.width, height: 1, role: rowRole) }
            table.draw(listCells(kind, row, selected: selected), into: &grid, x: 1, y: y, rowRole: rowRole)
        }
    }

    func listTable(_ kind: ListKind, width: Int) -> Table {
        switch kind {
        case .open:
            return Table([Column("", 1), Column("Number", 12), Column("Type", 10), Column("Customer", nil),
                          Column("Amount", 12, right: true, role: .amount), Column("Status", 18)], totalWidth: width)
        case .history:
            return Table([Column("Number", 12), Column("Customer", nil), Column("Amount", 12, right: true, role: .amount),
                          Column("Status", 18), Column("Created", 11)], totalWidth: width)
        }
    }

    func listCells(_ kind: ListKind, _ row: OrderRow, selected: Bool) -> [String] {
        switch kind {
        case .open:
            return [selected ? "✓" : " ", row.number, row.type, row.customer, row.amount.decimal, Fmt.status(row.status)]
        case .history:
            return [row.number, row.customer, row.amount.decimal, Fmt.status(row.status), Fmt.stamp(row.createdAt, timeZone)]
        }
    }
}
