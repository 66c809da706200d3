import CashierCore

/// The screens of the cashier's day, under one route so the shared switches grow by one line.
enum DrawerPage: Equatable, Sendable {
    case openShift, overview, closeShift, closed, reports, receipt

    var title: String {
        switch self {
        case .openShift: return "Open shift"
        case .overview: return "Drawer"
        case .closeShift: return "Close shift"
        case .closed: return "Shift closed"
        case .reports: return "Reports"
        case .receipt: return "Receipt"
        }
    }
}

/// Backend calls of the drawer screens (see `Call`).
enum DrawerCall: Equatable, Sendable {
    /// The terminal's drawer rules and the operator's open shift, after log-in.
    case lookup(UserSession)
    case open(float: Money, session: UserSession)
    case move(CashMove, amount: Money, reason: String, session: UserSession)
    case close(DrawerTally, pin: String, supervisor: UserCredentials?, session: UserSession)
    case xReport(UserSession)
    case zReport(UserCredentials, session: UserSession)
    case receipts(orderId: Int64)
    case reprint(receiptId: Int64, session: UserSession)

    enum Slot: Hashable, Sendable { case shift, report, receipt, print }

    var slot: Slot {
        switch self {
        case .lookup, .open, .move, .close: return .shift
        case .xReport, .zReport: return .report
        case .receipts: return .receipt
        case .reprint: return .print
        }
    }
}

enum DrawerReply: Equatable, Sendable {
    case lookup(DrawerSetup?, ShiftSummary?)
    case shift(ShiftSummary)
    case closed(ShiftClosing)
    case report(ReportView)
    case receipts([ReceiptView])
    case printed(String)
}

func performDrawer(_ call: DrawerCall, on backend: any ConsoleBackend) -> Result<Reply, BackendError> {
    do throws(BackendError) {
        let reply: DrawerReply
        switch call {
        case .lookup(let session):
            let setup = try backend.drawerSetup()
            reply = .lookup(setup, setup == nil ? nil : try backend.currentShift(session: session))
        case .open(let float, let session):
            reply = .shift(try backend.openShift(float: float, session: session))
        case .move(let kind, let amount, let reason, let session):
            reply = .shift(try backend.moveCash(kind, amount: amount, reason: reason, session: session))
        case .close(let count, let pin, let supervisor, let session):
            reply = .closed(try backend.closeShift(count: count, pin: pin, supervisor: supervisor, session: session))
        case .xReport(let session):
            reply = .report(try backend.xReport(session: session))
        case .zReport(let supervisor, let session):
            reply = .report(try backend.zReport(supervisor: supervisor, session: session))
        case .receipts(let orderId):
            reply = .receipts(try backend.receipts(orderId: orderId))
        case .reprint(let id, let session):
            reply = .printed(try backend.reprint(receiptId: id, session: session))
        }
        return .success(.drawer(reply))
    } catch {
        return .failure(error)
    }
}

/// Everything the drawer screens keep. Logging out resets it with the rest of the state.
struct DrawerState: Equatable, Sendable {
    /// Nil until the lookup answers, or when the store keeps no shifts.
    var setup: DrawerSetup?
    /// The lookup after log-in has answered.
    var lookedUp = false
    /// The operator's open shift on this terminal.
    var shift: ShiftSummary?
    var openFloat = TextField(maxLength: 16)
    var movement: MovementDialog?
    var count: CountForm?
    var closing: ShiftClosing?
    var scroll = 0
    var reports = ReportState()
    var receipt: ReceiptState?
    /// Where Esc from Reports and Receipt returns to.
    var returnTo: Route = .orders

    var keepsShifts: Bool { setup != nil }
}

extension AppState {
    /// Why paying must wait for a shift (nil when it need not).
    var shiftPayReason: String? {
        guard drawer.keepsShifts, drawer.shift == nil else { return nil }
        return "Pay: you have no open shift on this terminal: press F8 to open one."
    }

    /// Shown instead of the orders summary while the shift lookup after log-in is out.
    var shiftLookupSummary: [StyledLine]? {
        guard session != nil, !drawer.lookedUp else { return nil }
        return [StyledLine(" Looking up your shift on this terminal…", .pending)]
    }

    mutating func drawerReplied(_ call: DrawerCall, _ result: Result<Reply, BackendError>) -> [Effect] {
        guard case .success(.drawer(let reply)) = result else {
            if case .failure(let error) = result { return drawerFailed(call, error) }
            return []
        }
        switch reply {
        case .lookup(let setup, let shift):
            drawer.setup = setup
            drawer.shift = shift
            drawer.lookedUp = true
            // No shift yet: ask for the float first (Esc still leads to the orders).
            if setup != nil, shift == nil, route == .orders { openShiftScreen() }
        case .shift(let shift): return shiftArrived(call, shift)
        case .closed(let closing): shiftClosed(closing)
        case .report(let report): reportArrived(report)
        case .receipts(let receipts): receiptsArrived(receipts)
        case .printed(let text): message = Note(text, .succeeded)
        }
        return []
    }

    mutating func drawerFailed(_ call: DrawerCall, _ error: BackendError) -> [Effect] {
        message = .error(error.message)
        switch call {
        case .lookup:
            // Without an answer the console cannot tell: it keeps shifts off rather than block the counter.
            drawer.lookedUp = true
        case .close:
            // The PINs are typed again from scratch (which one was wrong is the engine's to say); the count stays.
            drawer.count?.ownPin = TextField(secret: true, maxLength: 12)
            drawer.count?.pin = TextField(secret: true, maxLength: 12)
            drawer.count?.focus = .ownPin
        case .zReport:
            drawer.reports.confirm?.pin = TextField(secret: true, maxLength: 12)
        default: break
        }
        return []
    }
}
