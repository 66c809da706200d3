import CashierCore

/// The audit viewer: locked until a supervisor types their PIN, then pages of the log, newest
/// first, by keyset (`cursors` holds the `beforeId` of every page from the first to this one).
struct AuditScreen: Screen, KeysetPaged {
    enum FilterField: Equatable, Sendable { case actor, action, text }
    var gate: SupervisorGate?
    /// Which gate field has the focus: the name, or (once a name is there) the PIN.
    var gateOnPin = false
    /// The supervisor who unlocked the viewer; nil while locked.
    var viewer: String?
    var chain: AuditChain?
    var rows: [AuditRow] = []
    var hasMore = false
    var cursors: [Int64?] = [nil]
    var cursor = 0
    var loaded = false
    var actor = TextField(maxLength: 32)
    var action = TextField(maxLength: 32)
    var text = TextField(maxLength: 40)
    var editingFilter = false
    var filterFocus: FilterField = .actor

    static func locked(prefill: String?) -> AuditScreen {
        var state = AuditScreen()
        state.gate = SupervisorGate(prefill: prefill)
        state.gateOnPin = prefill != nil
        return state
    }

    var rowCount: Int { rows.count }
    var current: AuditRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
    var filtered: Bool { !(actor.isEmpty && action.isEmpty && text.isEmpty) }

    subscript(field: FilterField) -> TextField {
        get { field == .actor ? actor : field == .action ? action : text }
        set {
            switch field {
            case .actor: actor = newValue
            case .action: action = newValue
            case .text: text = newValue
            }
        }
    }

    var isModal: Bool { gate != nil || editingFilter }

    func keys(_ context: Context) -> [ScreenKey<AuditScreen>] {
        if gate != nil {
            let busy = context.isPending(.admin(.auditUnlock)) ? "Open: wait for the answer." : nil
            return [
                .on(.enter, label: "Open", bar: true, disabled: busy) { s, c, _ in s.unlock(&c) },
                .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.gateOnPin.toggle(); return [] },
                .on(.backTab, .up, label: "Previous field") { s, _, _ in s.gateOnPin.toggle(); return [] },
                .on(.escape, label: "Back", bar: true) { _, c, _ in c.go(.orders); return [] },
            ] + KeyTable.textEditing { s, _, edit, key in
                if s.gateOnPin { s.gate?.pin.apply(edit, key: key) } else { s.gate?.user.apply(edit, key: key) }
                return []
            }
        }
        if editingFilter {
            let order: [FilterField] = [.actor, .action, .text]
            return [
                .on(.enter, label: "Apply", bar: true) { s, c, _ in
                    s.editingFilter = false
                    return [s.load(.first, &c)]
                },
                .on(.tab, label: "Next filter", bar: true) { s, _, _ in s.filterFocus = order.cycling(from: s.filterFocus, by: 1); return [] },
                .on(.backTab, label: "Previous filter") { s, _, _ in s.filterFocus = order.cycling(from: s.filterFocus, by: -1); return [] },
                .on(.escape, label: "Clear", bar: true) { s, c, _ in s.clearFilters(&c) },
            ] + KeyTable.textEditing { s, _, edit, key in
                s[s.filterFocus].apply(edit, key: key)
                return []
            }
        }
        return [
            .on(.up, label: "Up") { s, c, _ in s.up(&c) },
            .on(.down, label: "Down") { s, c, _ in s.down(&c) },
            .on(.pageDown, label: "Older", bar: true, disabled: hasMore ? nil : "Older: this is the oldest page.") { s, c, _ in
                [s.load(.next, &c)]
            },
            .on(.pageUp, label: "Newer", bar: true, disabled: page > 1 ? nil : "Newer: this is the newest page.") { s, c, _ in
                [s.load(.previous(toBottom: false), &c)]
            },
            .on(.home, label: "First row") { s, _, _ in s.cursor = 0; return [] },
            .on(.end, label: "Last row") { s, _, _ in s.cursor = max(0, s.rows.count - 1); return [] },
            .on(.function(3), .char("/"), label: "Find", bar: true) { s, _, _ in
                s.editingFilter = true
                s.filterFocus = .actor
                return []
            },
            .on(.function(5), label: "Refresh and verify the chain") { s, c, _ in [c.request(.admin(.auditChain)), s.load(.same, &c)] },
            .on(.escape, label: "Back", bar: true) { _, c, _ in c.go(.orders); return [] },
        ]
    }

    mutating func unlock(_ context: inout Context) -> [Effect] {
        guard let gate else { return [] }
        let user = gate.user.text.trimmingSpaces
        if user.isEmpty { context.message = .error("Type the supervisor's user name."); gateOnPin = false; return [] }
        if gate.pin.isEmpty { context.message = .error("Type the supervisor's own PIN."); gateOnPin = true; return [] }
        context.message = Note("Checking the PIN and the audit chain…", .pending)
        return [context.request(.admin(.unlockAudit(supervisor: user, pin: gate.pin.text)))]
    }

    mutating func clearFilters(_ context: inout Context) -> [Effect] {
        editingFilter = false
        let had = filtered
        actor = TextField(maxLength: 32); action = TextField(maxLength: 32); text = TextField(maxLength: 40)
        return had ? [load(.first, &context)] : []
    }

    /// Filter line, column header and the detail panel take six rows of the body.
    static func pageSize(_ context: Context) -> Int { max(1, context.bodyHeight - 6) }

    func load(_ move: PageMove, _ context: inout Context) -> Effect {
        let (cursors, at) = move.target(cursors: self.cursors, cursor: cursor, lastId: rows.last?.id)
        let query = AuditQuery(actor: actor.text.trimmingSpaces, action: action.text.trimmingSpaces,
                               text: text.text.trimmingSpaces, beforeId: cursors.last ?? nil, limit: Self.pageSize(context))
        return context.request(.admin(.auditPage(query, viewer: viewer ?? "", cursors: cursors, at: at)))
    }

    mutating func refresh(_ context: inout Context) -> [Effect] { viewer == nil ? [] : [load(.same, &context)] }
    func isLoading(_ context: Context) -> Bool { context.isPending(.admin(.auditPage)) }

    mutating func unlocked(_ result: Result<AuditChain, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let chain):
            viewer = gate?.user.text.trimmingSpaces
            gate = nil
            self.chain = chain
            context.message = nil
            return [load(.first, &context)]
        case .failure(let error):
            context.message = .error(error.message)
            gate?.pin = TextField(secret: true, maxLength: 12)
            gateOnPin = true
        }
        return []
    }

    mutating func chainReceived(_ result: Result<AuditChain, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let chain): self.chain = chain
        case .failure(let error): context.message = .error(error.message)
        }
        return []
    }

    mutating func pageReceived(_ result: Result<AuditPageView, BackendError>, cursors: [Int64?], at: CursorAt,
                              _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let page):
            rows = page.rows
            hasMore = page.hasMore
            self.cursors = cursors
            loaded = true
            cursor = at.row(in: page.rows.count)
        case .failure(let error):
            // The viewer was disabled or demoted meanwhile: lock the screen again.
            context.message = .error(error.message)
            self = AuditScreen.locked(prefill: context.session?.role == .supervisor ? context.session?.user : nil)
        }
        return []
    }
}
