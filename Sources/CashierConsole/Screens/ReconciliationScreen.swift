import CashierCore

/// A note, what else resolving does, and the supervisor's own name and PIN, for one item.
struct ResolveDialog: Equatable, Sendable {
    enum Field: Equatable, Sendable { case note, followUp, user, pin }
    var item: ReconItemRow
    var note = TextField(maxLength: 80)
    /// Nil: the note only. Otherwise one of `item.followUps`.
    var followUp: ReconFollowUpChoice?
    var gate: SupervisorGate
    var focus: Field = .note

    init(item: ReconItemRow, supervisor: String?) {
        self.item = item
        gate = SupervisorGate(prefill: supervisor)
    }

    var fields: [Field] { item.followUps.isEmpty ? [.note, .user, .pin] : [.note, .followUp, .user, .pin] }
    var choices: [ReconFollowUpChoice?] { [nil] + item.followUps.map(Optional.some) }

    subscript(field: Field) -> TextField {
        get { field == .note || field == .followUp ? note : field == .user ? gate.user : gate.pin }
        set {
            switch field {
            case .note, .followUp: note = newValue
            case .user: gate.user = newValue
            case .pin: gate.pin = newValue
            }
        }
    }
}

/// The platforms' daily bills against the store: each platform's day with what matched and its
/// fees, then (Enter) the day's items, which a supervisor resolves with a note and their PIN.
struct ReconciliationScreen: Screen {
    var days: [ReconDayRow] = []
    var dayCursor = 0
    var loaded = false
    /// The day whose items show; nil while the days show.
    var day: ReconDayRow?
    var items: [ReconItemRow] = []
    var itemCursor = 0
    var itemsLoaded = false
    var dialog: ResolveDialog?

    var currentDay: ReconDayRow? { days.indices.contains(dayCursor) ? days[dayCursor] : nil }
    var currentItem: ReconItemRow? { items.indices.contains(itemCursor) ? items[itemCursor] : nil }
    var isModal: Bool { dialog != nil }

    func keys(_ context: Context) -> [ScreenKey<ReconciliationScreen>] {
        if let dialog { return dialogKeys(dialog, context) }
        if day != nil { return itemKeys() }
        let last = max(0, days.count - 1)
        let none = currentDay == nil ? ReconWords.noDay : nil
        return [
            .on(.up, label: ReconWords.up) { s, _, _ in s.dayCursor = max(0, s.dayCursor - 1); return [] },
            .on(.down, label: ReconWords.down) { s, _, _ in s.dayCursor = min(last, s.dayCursor + 1); return [] },
            .on(.home, label: ReconWords.first) { s, _, _ in s.dayCursor = 0; return [] },
            .on(.end, label: ReconWords.last) { s, _, _ in s.dayCursor = last; return [] },
            .on(.enter, label: ReconWords.items, bar: true, disabled: none.map { "\(ReconWords.items): " + $0 }) { s, c, _ in s.openDay(&c) },
            .on(.function(5), label: ReconWords.refresh) { s, c, _ in s.refresh(&c) },
            .on(.escape, label: ReconWords.back, bar: true) { _, c, _ in c.go(.orders); return [] },
        ]
    }

    private func itemKeys() -> [ScreenKey<ReconciliationScreen>] {
        let last = max(0, items.count - 1)
        let resolve: String? = currentItem.map { $0.isOpen ? nil : ReconWords.alreadyResolved($0) } ?? "\(ReconWords.resolve): \(ReconWords.noItem)"
        return [
            .on(.up, label: ReconWords.up) { s, _, _ in s.itemCursor = max(0, s.itemCursor - 1); return [] },
            .on(.down, label: ReconWords.down) { s, _, _ in s.itemCursor = min(last, s.itemCursor + 1); return [] },
            .on(.home, label: ReconWords.first) { s, _, _ in s.itemCursor = 0; return [] },
            .on(.end, label: ReconWords.last) { s, _, _ in s.itemCursor = last; return [] },
            .on(.char("r"), .enter, label: ReconWords.resolve, bar: true, disabled: resolve) { s, c, _ in
                guard let item = s.currentItem else { return [] }
                s.dialog = ResolveDialog(item: item, supervisor: c.session?.role == .supervisor ? c.session?.user : nil)
                return []
            },
            .on(.function(5), label: ReconWords.refresh) { s, c, _ in s.refresh(&c) },
            .on(.escape, label: ReconWords.days, bar: true) { s, _, _ in
                s.day = nil
                s.items = []
                return []
            },
        ]
    }

    private func dialogKeys(_ dialog: ResolveDialog, _ context: Context) -> [ScreenKey<ReconciliationScreen>] {
        let busy = context.isPending(.recon(.resolve)) ? "\(ReconWords.resolve): wait for the answer." : nil
        var keys: [ScreenKey<ReconciliationScreen>] = [
            .on(.enter, label: ReconWords.resolve, bar: true, disabled: busy) { s, c, _ in s.submit(&c) },
            .on(.tab, .down, label: ReconWords.nextField, bar: true) { s, _, _ in s.moveFocus(by: 1) },
            .on(.backTab, .up, label: ReconWords.previousField) { s, _, _ in s.moveFocus(by: -1) },
            .on(.escape, label: ReconWords.cancel, bar: true) { s, _, _ in s.dialog = nil; return [] },
        ]
        if dialog.focus == .followUp {
            keys.append(.on(.char(" "), .left, .right, label: ReconWords.then, bar: true) { s, _, key in
                guard let d = s.dialog else { return [] }
                s.dialog?.followUp = d.choices.cycling(from: d.followUp, by: key == .left ? -1 : 1)
                return []
            })
        } else {
            keys += KeyTable.textEditing { s, _, edit, key in
                if let focus = s.dialog?.focus { s.dialog?[focus].apply(edit, key: key) }
                return []
            }
        }
        return keys
    }

    mutating func moveFocus(by step: Int) -> [Effect] {
        guard let dialog else { return [] }
        self.dialog?.focus = dialog.fields.cycling(from: dialog.focus, by: step)
        return []
    }

    mutating func openDay(_ context: inout Context) -> [Effect] {
        guard let d = currentDay else { return [] }
        day = d
        items = []
        itemCursor = 0
        itemsLoaded = false
        return [context.request(.recon(.items(platform: d.platform, date: d.date)))]
    }

    mutating func refresh(_ context: inout Context) -> [Effect] {
        var effects = [context.request(.recon(.days))]
        if let day { effects.append(context.request(.recon(.items(platform: day.platform, date: day.date)))) }
        return effects
    }

    func isLoading(_ context: Context) -> Bool { context.isPending(.recon(.days)) || context.isPending(.recon(.items)) }

    /// Checks what the console can before asking the engine (which checks it all again).
    mutating func submit(_ context: inout Context) -> [Effect] {
        guard let dialog else { return [] }
        let note = dialog.note.text.trimmingSpaces, user = dialog.gate.user.text.trimmingSpaces
        let problem: (String, ResolveDialog.Field)? = note.isEmpty ? (ReconWords.typeNote, .note)
            : user.isEmpty ? (ReconWords.typeSupervisor, .user) : dialog.gate.pin.isEmpty ? (ReconWords.typePin, .pin) : nil
        if let (text, field) = problem {
            context.message = .error(text)
            self.dialog?.focus = field
            return []
        }
        context.message = Note(ReconWords.resolving, .pending)
        return [context.request(.recon(.resolve(id: dialog.item.id, note: note, followUp: dialog.followUp, supervisor: user,
                                                pin: dialog.gate.pin.text)))]
    }

    mutating func received(_ reply: ReconReply, _ context: inout Context) -> [Effect] {
        switch reply {
        case .days(.success(let rows)):
            let keep = currentDay.map { ($0.platform, $0.date) }
            days = rows
            loaded = true
            dayCursor = rows.firstIndex { ($0.platform, $0.date) == (keep?.0, keep?.1) } ?? min(dayCursor, max(0, rows.count - 1))
            if let open = day { day = rows.first { $0.platform == open.platform && $0.date == open.date } ?? open }
        case .items(let platform, let date, .success(let rows)):
            // An answer about a day no longer open is stale.
            guard day?.platform == platform, day?.date == date else { return [] }
            let keep = currentItem?.id
            items = rows
            itemsLoaded = true
            itemCursor = rows.firstIndex { $0.id == keep } ?? min(itemCursor, max(0, rows.count - 1))
        case .resolved(.success(let item)):
            dialog = nil
            context.message = Note(ReconWords.resolved(item), .succeeded)
            return refresh(&context)
        case .resolved(.failure(let error)):
            context.message = .error(error.message)
            // The PIN is typed again from scratch after any refusal.
            dialog?.gate.pin = TextField(secret: true, maxLength: 12)
            dialog?.focus = .pin
        case .days(.failure(let error)), .items(_, _, .failure(let error)):
            context.message = .error(error.message)
        }
        return []
    }
}
