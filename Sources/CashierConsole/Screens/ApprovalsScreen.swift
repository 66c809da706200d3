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

struct ApprovalsState: Equatable, Sendable {
    var rows: [RefundRequestRow] = []
    var cursor = 0
    var loaded = false
    var dialog: DecisionDialog?

    var current: RefundRequestRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }
}

extension AppState {
    var approvalsBindings: [KeyBinding] {
        if let dialog = approvals.dialog {
            let busy = isPending(.decision) ? "wait for the answer." : nil
            return [
                .on(.enter, do: .confirm, dialog.approve ? "Approve" : "Reject", bar: true,
                    disabled: busy.map { (dialog.approve ? "Approve: " : "Reject: ") + $0 }),
                .on(.tab, .down, do: .nextField, "Next field", bar: true),
                .on(.backTab, .up, do: .prevField, "Previous field"),
                .on(.escape, do: .back, "Cancel", bar: true),
            ] + KeyTable.textEditing()
        }
        let none = approvals.current == nil ? "no refund request is waiting." : nil
        return [
            .on(.up, do: .up, "Up"),
            .on(.down, do: .down, "Down"),
            .on(.pageUp, do: .pageUp, "Ten rows up"),
            .on(.pageDown, do: .pageDown, "Ten rows down"),
            .on(.home, do: .home, "First request"),
            .on(.end, do: .end, "Last request"),
            .on(.char("a"), do: .approve, "Approve", bar: true, disabled: none.map { "Approve: " + $0 }),
            .on(.char("x"), do: .reject, "Reject", bar: true, disabled: none.map { "Reject: " + $0 }),
            .on(.function(5), do: .refresh, "Refresh", bar: true),
            .on(.escape, do: .back, "Back", bar: true),
        ]
    }

    mutating func approvalsCommand(_ command: Command, key: Key) -> [Effect] {
        if var dialog = approvals.dialog {
            let fields = dialog.fields
            switch command {
            case .nextField: dialog.focus = fields.cycling(from: dialog.focus, by: 1)
            case .prevField: dialog.focus = fields.cycling(from: dialog.focus, by: -1)
            case .back:
                approvals.dialog = nil
                return []
            case .confirm:
                return submitDecision(dialog)
            default:
                dialog[dialog.focus].apply(command, key: key)
            }
            approvals.dialog = dialog
            return []
        }
        switch command {
        case .up: approvals.cursor = max(0, approvals.cursor - 1)
        case .down: approvals.cursor = min(max(0, approvals.rows.count - 1), approvals.cursor + 1)
        case .pageUp: approvals.cursor = max(0, approvals.cursor - 10)
        case .pageDown: approvals.cursor = min(max(0, approvals.rows.count - 1), approvals.cursor + 10)
        case .home: approvals.cursor = 0
        case .end: approvals.cursor = max(0, approvals.rows.count - 1)
        case .approve, .reject:
            guard let row = approvals.current else { return [] }
            var dialog = DecisionDialog(request: row, approve: command == .approve)
            // A supervisor at their own console only needs the PIN.
            if session?.role == .supervisor, let user = session?.user {
                dialog.user.set(user)
                dialog.focus = .pin
            }
            approvals.dialog = dialog
        case .refresh:
            return [request(.pendingApprovals)]
        case .back:
            route = approvalsReturn == .approvals ? .orders : approvalsReturn
            return refreshVisible()
        default: break
        }
        return []
    }

    mutating func submitDecision(_ dialog: DecisionDialog) -> [Effect] {
        let user = dialog.user.text.trimmingSpaces
        let reason = dialog.reason.text.trimmingSpaces
        let problem: (String, DecisionDialog.Field)?
        if user.isEmpty { problem = ("Type the supervisor's user name.", .user) }
        else if dialog.pin.isEmpty { problem = ("Type the supervisor's own PIN for this decision.", .pin) }
        else if !dialog.approve && reason.isEmpty { problem = ("Type why the refund is rejected.", .reason) }
        else { problem = nil }
        if let (text, field) = problem {
            message = .error(text)
            approvals.dialog?.focus = field
            return []
        }
        let id = dialog.request.id
        message = Note(dialog.approve ? "Approving…" : "Rejecting…", .pending)
        return [request(dialog.approve
            ? .approve(requestId: id, supervisor: user, pin: dialog.pin.text)
            : .reject(requestId: id, supervisor: user, pin: dialog.pin.text, reason: reason))]
    }

    mutating func decisionReplied(_ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.refundRequest(let row)):
            approvals.dialog = nil
            let verb = row.state == .rejected ? "Rejected" : "Approved"
            message = Note("\(verb) refund request #\(row.id) for order \(row.orderNumber) (\(row.amount.decimal)).", .succeeded)
            return [request(.pendingApprovals)]
        case .failure(let error):
            message = .error(error.message)
            // A wrong PIN is typed again from scratch.
            approvals.dialog?.pin = TextField(secret: true, maxLength: 12)
            approvals.dialog?.focus = .pin
        default: break
        }
        return []
    }

    mutating func approvalsReplied(_ result: Result<Reply, BackendError>) -> [Effect] {
        switch result {
        case .success(.approvals(let rows)):
            let keep = approvals.current?.id
            approvals.rows = rows
            approvals.loaded = true
            approvals.cursor = rows.firstIndex { $0.id == keep } ?? min(approvals.cursor, max(0, rows.count - 1))
        case .failure(let error):
            message = .error(error.message)
        default: break
        }
        return []
    }

    func drawApprovals(into grid: inout Grid, _ body: Rect) {
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
