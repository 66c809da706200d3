import CashierCore

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

/// The drawer screens' answers, each with the call's own result type.
enum DrawerReply: Equatable, Sendable {
    case lookup(Result<ShiftLookup, BackendError>)
    case opened(Result<ShiftSummary, BackendError>)
    case moved(CashMove, amount: Money, reason: String, Result<ShiftSummary, BackendError>)
    case closed(Result<ShiftClosing, BackendError>)
    case report(z: Bool, Result<ReportView, BackendError>)
    case receipts(Result<[ReceiptView], BackendError>)
    case printed(Result<String, BackendError>)
}

/// The terminal's drawer rules (nil when the store keeps no shifts) and the operator's open shift.
struct ShiftLookup: Equatable, Sendable {
    var setup: DrawerSetup?
    var shift: ShiftSummary?
}

func performDrawer(_ call: DrawerCall, on backend: any ConsoleBackend) -> DrawerReply {
    switch call {
    case .lookup(let session):
        return .lookup(Result { () throws(BackendError) in
            let setup = try backend.drawerSetup()
            return ShiftLookup(setup: setup, shift: setup == nil ? nil : try backend.currentShift(session: session))
        })
    case .open(let float, let session):
        return .opened(Result { () throws(BackendError) in try backend.openShift(float: float, session: session) })
    case .move(let kind, let amount, let reason, let session):
        return .moved(kind, amount: amount, reason: reason, Result { () throws(BackendError) in
            try backend.moveCash(kind, amount: amount, reason: reason, session: session)
        })
    case .close(let count, let pin, let supervisor, let session):
        return .closed(Result { () throws(BackendError) in
            try backend.closeShift(count: count, pin: pin, supervisor: supervisor, session: session)
        })
    case .xReport(let session):
        return .report(z: false, Result { () throws(BackendError) in try backend.xReport(session: session) })
    case .zReport(let supervisor, let session):
        return .report(z: true, Result { () throws(BackendError) in try backend.zReport(supervisor: supervisor, session: session) })
    case .receipts(let orderId):
        return .receipts(Result { () throws(BackendError) in try backend.receipts(orderId: orderId) })
    case .reprint(let id, let session):
        return .printed(Result { () throws(BackendError) in try backend.reprint(receiptId: id, session: session) })
    }
}
