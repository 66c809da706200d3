import CashierCore

/// The audit viewer: locked until a supervisor types their PIN, then pages of the log, newest
/// first, by keyset (`cursors` holds the `beforeId` of every page from the first to this one).
struct AuditState: Equatable, Sendable {
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

    static func locked(prefill: String?) -> AuditState {
        var state = AuditState()
        state.gate = SupervisorGate(prefill: prefill)
        state.gateOnPin = prefill != nil
        return state
    }

    var page: Int { cursors.count }
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
}

extension AppState {
    /// Filter line, column header and the detail panel take six rows of the body.
    var auditPageSize: Int { max(1, bodyHeight - 6) }

    var auditBindings: [KeyBinding] {
        if audit.gate != nil {
            let busy = isPending(.admin(.auditUnlock)) ? "Open: wait for the answer." : nil
            return [
                .on(.enter, do: .confirm, "Open", bar: true, disabled: busy),
                .on(.tab, .down, do: .nextField, "Next field", bar: true),
                .on(.backTab, .up, do: .prevField, "Previous field"),
                .on(.escape, do: .back, "Back", bar: true),
            ] + KeyTable.textEditing()
        }
        if audit.editingFilter {
            return [
                .on(.enter, do: .confirm, "Apply", bar: true),
                .on(.tab, do: .nextField, "Next filter", bar: true),
                .on(.backTab, do: .prevField, "Previous filter"),
                .on(.escape, do: .back, "Clear", bar: true),
            ] + KeyTable.textEditing()
        }
        return [
            .on(.up, do: .up, "Up"),
            .on(.down, do: .down, "Down"),
            .on(.pageDown, do: .pageDown, "Older", bar: true, disabled: audit.hasMore ? nil : "Older: this is the oldest page."),
            .on(.pageUp, do: .pageUp, "Newer", bar: true, disabled: audit.page > 1 ? nil : "Newer: this is the newest page."),
            .on(.home, do: .home, "First row"),
            .on(.end, do: .end, "Last row"),
            .on(.function(3), .char("/"), do: .search, "Find", bar: true),
            .on(.function(5), do: .refresh, "Refresh and verify the chain"),
            .on(.escape, do: .back, "Back", bar: true),
        ]
    }

    mutating func auditCommand(_ command: Command, key: Key) -> [Effect] {
        if var gate = audit.gate {
            switch command {
            case .nextField, .prevField: audit.gateOnPin.toggle()
            case .back: return openOrders()
            case .confirm:
                let user = gate.user.text.trimmingSpaces
                if user.isEmpty { message = .error("Type the supervisor's user name."); audit.gateOnPin = false; return [] }
                if gate.pin.isEmpty { message = .error("Type the supervisor's own PIN."); audit.gateOnPin = true; return [] }
                message = Note("Checking the PIN and the audit chain…", .pending)
                return [request(.admin(.unlockAudit(supervisor: user, pin: gate.pin.text)))]
            default:
                if audit.gateOnPin { gate.pin.apply(command, key: key) } else { gate.user.apply(command, key: key) }
                audit.gate = gate
            }
            return []
        }
        if audit.editingFilter {
            let order: [AuditState.FilterField] = [.actor, .action, .text]
            let i = order.firstIndex(of: audit.filterFocus) ?? 0
            switch command {
            case .nextField: audit.filterFocus = order[(i + 1) % 3]
            case .prevField: audit.filterFocus = order[(i + 2) % 3]
            case .confirm:
                audit.editingFilter = false
                return [loadAudit(.first)]
            case .back:
                audit.editingFilter = false
                let had = audit.filtered
                audit.actor = TextField(maxLength: 32); audit.action = TextField(maxLength: 32); audit.text = TextField(maxLength: 40)
                return had ? [loadAudit(.first)] : []
            default: audit[audit.filterFocus].apply(command, key: key)
            }
            return []
        }
        let last = max(0, audit.rows.count - 1)
        switch command {
        case .up:
            if audit.cursor > 0 { audit.cursor -= 1 } else if audit.page > 1 { return [loadAudit(.previous(toBottom: true))] }
        case .down:
            if audit.cursor < last { audit.cursor += 1 } else if audit.hasMore { return [loadAudit(.next)] }
        case .pageDown: return [loadAudit(.next)]
        case .pageUp: return [loadAudit(.previous(toBottom: false))]
        case .home: audit.cursor = 0
        case .end: audit.cursor = last
        case .search:
            audit.editingFilter = true
            audit.filterFocus = .actor
        case .refresh: return [request(.admin(.auditChain)), loadAudit(.same)]
        case .back: return openOrders()
        default: break
        }
        return []
    }

    mutating func loadAudit(_ move: PageMove) -> Effect {
        var cursors = audit.cursors
        let at: CursorAt
        switch move {
        case .first: cursors = [nil]; at = .top
        case .same: at = .keep(audit.cursor)
        case .next: cursors.append(audit.rows.last?.id); at = .top
        case .previous(let toBottom):
            if cursors.count > 1 { cursors.removeLast() }
            at = toBottom ? .bottom : .top
        }
        let query = AuditQuery(actor: audit.actor.text.trimmingSpaces, action: audit.action.text.trimmingSpaces,
                               text: audit.text.text.trimmingSpaces, beforeId: cursors.last ?? nil, limit: auditPageSize)
        return request(.admin(.auditPage(query, viewer: audit.viewer ?? "", cursors: cursors, at: at)))
    }

    mutating func auditUnlocked(_ result: Result<AdminReply, BackendError>) -> [Effect] {
        switch result {
        case .success(.chain(let chain)):
            audit.viewer = audit.gate?.user.text.trimmingSpaces
            audit.gate = nil
            audit.chain = chain
            message = nil
            return [loadAudit(.first)]
        case .failure(let error):
            message = .error(error.message)
            audit.gate?.pin = TextField(secret: true, maxLength: 12)
            audit.gateOnPin = true
        default: break
        }
        return []
    }

    mutating func auditChainReplied(_ result: Result<AdminReply, BackendError>) -> [Effect] {
        switch result {
        case .success(.chain(let chain)): audit.chain = chain
        case .failure(let error): message = .error(error.message)
        default: break
        }
        return []
    }

    mutating func auditPageReplied(_ result: Result<AdminReply, BackendError>, cursors: [Int64?], at: CursorAt) -> [Effect] {
        switch result {
        case .success(.auditPage(let page)):
            audit.rows = page.rows
            audit.hasMore = page.hasMore
            audit.cursors = cursors
            audit.loaded = true
            switch at {
            case .top: audit.cursor = 0
            case .bottom: audit.cursor = max(0, page.rows.count - 1)
            case .keep(let row): audit.cursor = min(max(0, row), max(0, page.rows.count - 1))
            }
        case .failure(let error):
            // The viewer was disabled or demoted meanwhile: lock the screen again.
            message = .error(error.message)
            audit = AuditState.locked(prefill: session?.role == .supervisor ? session?.user : nil)
        default: break
        }
        return []
    }
}
