import CashierCore
import Localization
import Foundation

enum ListKind: Hashable, Sendable { case open, history }

/// A status filter choice: one status, or several under one name.
struct StatusChoice: Equatable, Sendable {
    enum Name: Equatable, Sendable { case one(OrderStatus), all, paidOrRefunded }
    var name: Name
    var statuses: [OrderStatus]
    static func one(_ s: OrderStatus) -> StatusChoice { StatusChoice(name: .one(s), statuses: [s]) }

    func label(_ lang: Language) -> String {
        switch name {
        case .one(let s): return lang.status(s)
        case .all: return lang.t("console.list.all_statuses")
        case .paidOrRefunded: return lang.t("console.list.paid_or_refunded")
        }
    }
}

/// A paged, filtered list of orders (Orders and History share it). Pages are fetched by
/// keyset: `cursors` holds the `afterId` of every page from the first to the current one.
struct ListState: KeysetPaged, Equatable, Sendable {
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
                    StatusChoice(name: .all, statuses: OrderStatus.allCases)]
        case .history:
            return [StatusChoice(name: .paidOrRefunded, statuses: [.paid, .partiallyRefunded, .refunded]),
                    .one(.paid), .one(.partiallyRefunded), .one(.refunded)]
        }
    }

    var status: StatusChoice { statusChoices[statusIndex % statusChoices.count] }

    func query(after: Int64?) -> OrderQuery {
        OrderQuery(search: search.text.trimmingSpaces, type: type, statuses: status.statuses, afterId: after, limit: pageSize)
    }

    var current: OrderRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
    var rowCount: Int { rows.count }
    func isSelected(_ id: Int64) -> Bool { selected.contains { $0.id == id } }
}

/// A screen over a list of orders (Orders, History): it reads through to the list's state and
/// shares its loading, refreshing and drawing.
@dynamicMemberLookup
protocol OrderListScreen: Screen {
    var list: ListState { get set }
}

extension OrderListScreen {
    subscript<T>(dynamicMember path: WritableKeyPath<ListState, T>) -> T {
        get { list[keyPath: path] }
        set { list[keyPath: path] = newValue }
    }

    subscript<T>(dynamicMember path: KeyPath<ListState, T>) -> T { list[keyPath: path] }

    var isModal: Bool { list.searching }
    mutating func refresh(_ context: inout Context) -> [Effect] { [list.load(.same, &context)] }
    func isLoading(_ context: Context) -> Bool { context.isPending(.list(list.kind)) }
    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) { list.draw(into: &grid, body, context) }
}

/// Rows fetched a page at a time by keyset (the order lists, the audit log): the cursor moving
/// past either end of the page turns it.
protocol KeysetPaged {
    var cursor: Int { get set }
    /// The key of every page from the first to the one shown.
    var cursors: [Int64?] { get }
    var hasMore: Bool { get }
    var rowCount: Int { get }
    func load(_ move: PageMove, _ context: inout Context) -> Effect
}

extension KeysetPaged {
    var page: Int { cursors.count }

    mutating func up(_ context: inout Context) -> [Effect] {
        if cursor > 0 { cursor -= 1 } else if page > 1 { return [load(.previous(toBottom: true), &context)] }
        return []
    }

    mutating func down(_ context: inout Context) -> [Effect] {
        if cursor < rowCount - 1 { cursor += 1 } else if hasMore { return [load(.next, &context)] }
        return []
    }
}

/// Which page a load fetches.
enum PageMove: Equatable, Sendable {
    case first, same, next, previous(toBottom: Bool)

    /// Keyset paging, for the order lists and the audit log alike: `cursors` holds the key of
    /// every page from the first to the one shown, `lastId` is the key of its last row. Returns
    /// the cursors of the page to load and where the cursor lands when it arrives.
    func target(cursors: [Int64?], cursor: Int, lastId: Int64?) -> (cursors: [Int64?], at: CursorAt) {
        var cursors = cursors
        switch self {
        case .first: return ([nil], .top)
        case .same: return (cursors, .keep(cursor))
        case .next:
            cursors.append(lastId)
            return (cursors, .top)
        case .previous(let toBottom):
            if cursors.count > 1 { cursors.removeLast() }
            return (cursors, toBottom ? .bottom : .top)
        }
    }
}

extension ListState {
    /// Asks for a page; where the cursor lands is decided now and applied when the page arrives.
    func load(_ move: PageMove, _ context: inout Context) -> Effect {
        let (cursors, at) = move.target(cursors: self.cursors, cursor: cursor, lastId: rows.last?.id)
        return context.request(.orders(query(after: cursors.last ?? nil), list: kind, cursors: cursors, cursorAt: at))
    }

    mutating func receive(cursors: [Int64?], cursorAt: CursorAt, _ result: Result<OrderPage, BackendError>,
                          _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let page):
            // A page emptied by others (orders paid elsewhere): step back rather than show nothing.
            if page.rows.isEmpty && cursors.count > 1 {
                self.cursors = cursors
                return [load(.previous(toBottom: true), &context)]
            }
            // The store answered: a sentence saying it could not be reached is no longer true.
            if context.message == .error(BackendError.storeUnreachable.text(context.lang)) { context.message = nil }
            rows = page.rows
            hasMore = page.hasMore
            self.cursors = cursors
            loaded = true
            cursor = cursorAt.row(in: page.rows.count)
            // Selected rows shown again carry fresh amounts and statuses.
            for row in page.rows {
                if let i = selected.firstIndex(where: { $0.id == row.id }) { selected[i] = row }
            }
        case .failure(let error):
            context.message = .error(error.text(context.lang))
        }
        return []
    }

    /// Keys every list has: moving, paging, search and filters. `path` leads from the screen to its list.
    static func keys<S>(_ list: ListState, _ path: WritableKeyPath<S, ListState>, _ context: Context) -> [ScreenKey<S>] {
        let l = context.lang
        if list.searching {
            return [
                .on(.enter, label: l.t("console.list.apply"), bar: true) { s, _, _ in s[keyPath: path].searching = false; return [] },
                .on(.escape, label: l.t("console.list.clear"), bar: true) { s, c, _ in s[keyPath: path].clearSearch(&c) },
            ] + KeyTable.textEditing(context.lang) { s, c, edit, key in
                // Typing filters at once: each keystroke supersedes the previous query.
                s[keyPath: path].search.apply(edit, key: key) ? [s[keyPath: path].load(.first, &c)] : []
            }
        }
        let lastPage = list.hasMore ? nil : l.t("console.list.last_page")
        let firstPage = list.page > 1 ? nil : l.t("console.list.first_page")
        return [
            .on(.up, label: l.t("console.list.up")) { s, c, _ in s[keyPath: path].up(&c) },
            .on(.down, label: l.t("console.list.down")) { s, c, _ in s[keyPath: path].down(&c) },
            .on(.pageDown, label: l.t("console.list.next_page"), disabled: lastPage) { s, c, _ in [s[keyPath: path].load(.next, &c)] },
            .on(.pageUp, label: l.t("console.list.previous_page"), disabled: firstPage) { s, c, _ in
                [s[keyPath: path].load(.previous(toBottom: false), &c)]
            },
            .on(.home, label: l.t("console.list.first_row")) { s, _, _ in s[keyPath: path].cursor = 0; return [] },
            .on(.end, label: l.t("console.list.last_row")) { s, _, _ in s[keyPath: path].cursor = max(0, s[keyPath: path].rows.count - 1); return [] },
            .on(.function(3), .char("/"), label: l.t("console.list.search_key"), bar: true) { s, _, _ in
                s[keyPath: path].searching = true
                s[keyPath: path].search.cursor = s[keyPath: path].search.text.count
                return []
            },
            .on(.char("t"), label: l.t("console.list.type_filter")) { s, c, _ in s[keyPath: path].nextType(&c) },
            .on(.char("s"), label: l.t("console.list.status_filter")) { s, c, _ in s[keyPath: path].nextStatus(&c) },
            .on(.function(5), label: l.t("console.list.refresh"), bar: true) { s, c, _ in [s[keyPath: path].load(.same, &c)] },
        ]
    }

    mutating func clearSearch(_ context: inout Context) -> [Effect] {
        let had = !search.isEmpty
        search = TextField(maxLength: 40)
        searching = false
        return had ? [load(.first, &context)] : []
    }

    mutating func nextType(_ context: inout Context) -> [Effect] {
        let choices: [String?] = [nil] + types.map(Optional.some)
        let index = choices.firstIndex(of: type) ?? 0
        type = choices[(index + 1) % choices.count]
        return [load(.first, &context)]
    }

    mutating func nextStatus(_ context: inout Context) -> [Effect] {
        statusIndex = (statusIndex + 1) % statusChoices.count
        return [load(.first, &context)]
    }

    /// Draws filter line, column header and the page of rows.
    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let list = self
        let l = context.lang
        var x = 1
        x += grid.put(l.t("console.list.search") + " ", x: x, y: body.y, role: .dim)
        if list.searching {
            grid.field(list.search, x: x, y: body.y, width: 24, focused: true)
            x += 25
        } else {
            x += grid.put(list.search.isEmpty ? l.t("console.list.none") : list.search.text, x: x, y: body.y, maxWidth: 24)
        }
        x += grid.put("  " + l.t("console.list.type") + " ", x: x, y: body.y, role: .dim)
        x += grid.put(list.type ?? l.t("console.list.all_types"), x: x, y: body.y)
        x += grid.put("  " + l.t("console.list.status") + " ", x: x, y: body.y, role: .dim)
        x += grid.put(list.status.label(l), x: x, y: body.y)
        let page = (list.hasMore ? l.t("console.list.page_more", ["page": list.page]) : l.t("console.list.page", ["page": list.page])) + " "
        grid.putRight(page, right: body.width, y: body.y, role: .dim)

        let table = self.table(width: body.width - 1, l)
        table.draw(table.columns.map(\.title), into: &grid, x: 1, y: body.y + 1, rowRole: .title)
        if list.rows.isEmpty {
            let note = list.loaded ? l.t("console.list.no_match") : l.t("console.list.loading")
            grid.centred(note, y: body.y + 3, role: .dim)
            return
        }
        for (i, row) in list.rows.enumerated() where body.y + 2 + i < body.bottom {
            let y = body.y + 2 + i
            let selected = list.isSelected(row.id)
            let rowRole: Role? = i == list.cursor ? .cursor : (selected ? .selection : nil)
            if let rowRole { grid.fill(x: 0, y: y, width: body.width, height: 1, role: rowRole) }
            table.draw(cells(row, selected: selected, context.timeZone, l), into: &grid, x: 1, y: y, rowRole: rowRole)
        }
    }

    func table(width: Int, _ l: Language) -> Table {
        let number = l.t("console.list.col_number"), customer = l.t("console.list.col_customer")
        let amount = l.t("console.list.col_amount"), status = l.t("console.list.col_status")
        switch kind {
        case .open:
            return Table([Column("", 1), Column(number, 12), Column(l.t("console.list.col_type"), 10), Column(customer, nil),
                          Column(amount, 12, right: true, role: .amount), Column(status, 18)], totalWidth: width)
        case .history:
            return Table([Column(number, 12), Column(customer, nil), Column(amount, 12, right: true, role: .amount),
                          Column(status, 18), Column(l.t("console.list.col_created"), 11)], totalWidth: width)
        }
    }

    func cells(_ row: OrderRow, selected: Bool, _ timeZone: TimeZone, _ l: Language) -> [String] {
        switch kind {
        case .open:
            return [selected ? "✓" : " ", row.number, row.type, row.customer, row.amount.decimal, l.status(row.status)]
        case .history:
            return [row.number, row.customer, row.amount.decimal, l.status(row.status), Fmt.stamp(row.createdAt, timeZone)]
        }
    }
}
