import CashierCore

/// The supervisor's own credentials for one decision, asked for at any console.
struct DecisionDialog: Equatable, Sendable {
    enum Field: Equatable, Sendable { case user, pin, reason }
    var request: RefundRequestRow
    var approve: Bool
    var user = TextField(maxLength: 32)
    var pin = TextField(secret: true, maxLength: 12)
    var reason = TextField(maxLength: 80)
    var focus: Field = .user

    var fields: [Field] { approve ? [.user, .pin] : [.user, .pin, .reason] }

    subscript(field: Field) -> TextField {
        get { field == .user ? user : field == .pin ? pin : reason }
        set {
            switch field {
            case .user: user = newValue
            case .pin: pin = newValue
            case .reason: reason = newValue
            }
        }
    }
}

/// The refund requests waiting for a supervisor's decision.
struct ApprovalsScreen: Screen {
    var rows: [RefundRequestRow] = []
    var cursor = 0
    var loaded = false
    var dialog: DecisionDialog?
    /// Where Esc leads back to.
    var returnTo: Route = .orders

    var current: RefundRequestRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
    var isModal: Bool { dialog != nil }

    func keys(_ context: Context) -> [ScreenKey<ApprovalsScreen>] {
        if let dialog {
            let verb = dialog.approve ? "Approve" : "Reject"
            let busy = context.isPending(.decision) ? "\(verb): wait for the answer." : nil
            return [
                .on(.enter, label: verb, bar: true, disabled: busy) { s, c, _ in s.submitDecision(&c) },
                .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.moveFocus(by: 1) },
                .on(.backTab, .up, label: "Previous field") { s, _, _ in s.moveFocus(by: -1) },
                .on(.escape, label: "Cancel", bar: true) { s, _, _ in s.dialog = nil; return [] },
            ] + KeyTable.textEditing { s, _, edit, key in
                if let focus = s.dialog?.focus { s.dialog?[focus].apply(edit, key: key) }
                return []
            }
        }
        let none = current == nil ? "no refund request is waiting." : nil
        let last = max(0, rows.count - 1)
        return [
            .on(.up, label: "Up") { s, _, _ in s.cursor = max(0, s.cursor - 1); return [] },
            .on(.down, label: "Down") { s, _, _ in s.cursor = min(last, s.cursor + 1); return [] },
            .on(.pageUp, label: "Ten rows up") { s, _, _ in s.cursor = max(0, s.cursor - 10); return [] },
            .on(.pageDown, label: "Ten rows down") { s, _, _ in s.cursor = min(last, s.cursor + 10); return [] },
            .on(.home, label: "First request") { s, _, _ in s.cursor = 0; return [] },
            .on(.end, label: "Last request") { s, _, _ in s.cursor = last; return [] },
            .on(.char("a"), label: "Approve", bar: true, disabled: none.map { "Approve: " + $0 }) { s, c, _ in s.decide(approve: true, c) },
            .on(.char("x"), label: "Reject", bar: true, disabled: none.map { "Reject: " + $0 }) { s, c, _ in s.decide(approve: false, c) },
            .on(.function(5), label: "Refresh", bar: true) { s, c, _ in s.refresh(&c) },
            .on(.escape, label: "Back", bar: true) { s, c, _ in c.go(.back(s.returnTo)); return [] },
        ]
    }

    mutating func moveFocus(by step: Int) -> [Effect] {
        guard let dialog else { return [] }
        self.dialog?.focus = dialog.fields.cycling(from: dialog.focus, by: step)
        return []
    }

    mutating func decide(approve: Bool, _ context: Context) -> [Effect] {
        guard let row = current else { return [] }
        var dialog = DecisionDialog(request: row, approve: approve)
        // A supervisor at their own console only needs the PIN.
        if context.session?.role == .supervisor, let user = context.session?.user {
            dialog.user.set(user)
            dialog.focus = .pin
        }
        self.dialog = dialog
        return []
    }

    mutating func refresh(_ context: inout Context) -> [Effect] { [context.request(.pendingApprovals)] }
    func isLoading(_ context: Context) -> Bool { context.isPending(.approvals) }

    mutating func submitDecision(_ context: inout Context) -> [Effect] {
        guard let dialog else { return [] }
        let user = dialog.user.text.trimmingSpaces
        let reason = dialog.reason.text.trimmingSpaces
        let problem: (String, DecisionDialog.Field)?
        if user.isEmpty { problem = ("Type the supervisor's user name.", .user) }
        else if dialog.pin.isEmpty { problem = ("Type the supervisor's own PIN for this decision.", .pin) }
        else if !dialog.approve && reason.isEmpty { problem = ("Type why the refund is rejected.", .reason) }
        else { problem = nil }
        if let (text, field) = problem {
            context.message = .error(text)
            self.dialog?.focus = field
            return []
        }
        let id = dialog.request.id
        context.message = Note(dialog.approve ? "Approving…" : "Rejecting…", .pending)
        return [context.request(dialog.approve
            ? .approve(requestId: id, supervisor: user, pin: dialog.pin.text)
            : .reject(requestId: id, supervisor: user, pin: dialog.pin.text, reason: reason))]
    }

    mutating func decided(_ result: Result<RefundRequestRow, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let row):
            dialog = nil
            let verb = row.state == .rejected ? "Rejected" : "Approved"
            context.message = Note("\(verb) refund request #\(row.id) for order \(row.orderNumber) (\(row.amount.decimal)).", .succeeded)
            return [context.request(.pendingApprovals)]
        case .failure(let error):
            context.message = .error(error.message)
            // A wrong PIN is typed again from scratch.
            dialog?.pin = TextField(secret: true, maxLength: 12)
            dialog?.focus = .pin
        }
        return []
    }

    mutating func received(_ result: Result<[RefundRequestRow], BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let rows):
            let keep = current?.id
            self.rows = rows
            loaded = true
            cursor = rows.firstIndex { $0.id == keep } ?? min(cursor, max(0, rows.count - 1))
        case .failure(let error):
            context.message = .error(error.message)
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        [StyledLine(" \(Fmt.plural(rows.count, "request")) waiting for a decision")]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let approvals = self, timeZone = context.timeZone
        let table = Table([Column("Order", 12), Column("Customer", nil), Column("Requested", 10, right: true, role: .amount),
                           Column("By", 10), Column("When", 11)], totalWidth: body.width - 2)
        table.draw(["Order", "Customer", "Requested", "By", "When"], into: &grid, x: 1, y: body.y, rowRole: .title)
        let panel = 6
        let visible = max(1, body.height - 1 - panel)
        if approvals.rows.isEmpty {
            grid.centred(approvals.loaded ? "No refund requests are waiting." : "Loading the queue…", y: body.y + 2, role: .dim)
        }
        let first = max(0, approvals.cursor - visible + 1)
        for (i, row) in approvals.rows.enumerated().dropFirst(first).prefix(visible) {
            let y = body.y + 1 + i - first
            let role: Role? = i == approvals.cursor ? .cursor : nil
            if let role { grid.fill(x: 0, y: y, width: body.width, height: 1, role: role) }
            table.draw([row.orderNumber, row.customer, row.amount.decimal, row.requestedBy, Fmt.stamp(row.requestedAt, timeZone)],
                       into: &grid, x: 1, y: y, rowRole: role)
        }
        if let row = approvals.current {
            let top = body.bottom - panel
            let code = row.orderAmount.currency.code
            grid.put(String(repeating: "─", count: body.width), x: 0, y: top, role: .dim)
            let lines = [
                StyledLine(" Order \(row.orderNumber) · \(row.customer) · order amount \(row.orderAmount.decimal) \(code)", .title),
                StyledLine(" Paid \(row.paid.decimal) · refunded so far \(row.refundedSoFar.decimal) · requested \(row.amount.decimal)", .amount),
                StyledLine(" Reason: \(row.reason)"),
                StyledLine(" Requested by \(row.requestedBy) at \(Fmt.stamp(row.requestedAt, timeZone)) · request #\(row.id)", .dim),
            ]
            for (i, line) in lines.enumerated() {
                grid.put(line.text, x: 0, y: top + 1 + i, role: line.role, maxWidth: body.width)
            }
        }
        if let dialog = approvals.dialog { drawDecision(dialog, into: &grid) }
    }

    private func drawDecision(_ dialog: DecisionDialog, into grid: inout Grid) {
        let height = dialog.approve ? 9 : 10
        let title = (dialog.approve ? "Approve" : "Reject") + " refund request #\(dialog.request.id)"
        let (x, y) = grid.centredBox(width: 60, height: height, title: title)
        let r = dialog.request
        grid.put("Order \(r.orderNumber) · refund \(r.amount.decimal) \(r.amount.currency.code)", x: x + 2, y: y + 2, role: .dialog, maxWidth: 56)
        grid.put("The supervisor's own credentials, for this decision:", x: x + 2, y: y + 3, role: .dialog, maxWidth: 56)
        let labels: [(DecisionDialog.Field, String)] = [(.user, "Supervisor"), (.pin, "PIN"), (.reason, "Reason")]
        for (i, (field, label)) in labels.filter({ dialog.fields.contains($0.0) }).enumerated() {
            grid.put(label, x: x + 2, y: y + 5 + i, role: .dialog)
            grid.field(dialog[field], x: x + 14, y: y + 5 + i, width: 43, focused: dialog.focus == field)
        }
    }
}
