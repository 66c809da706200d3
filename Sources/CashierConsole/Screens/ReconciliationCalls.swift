import CashierCore

/// Backend calls of the reconciliation screen (see `Call`).
enum ReconCall: Equatable, Sendable {
    case days
    case items(platform: String, date: String)
    case resolve(id: Int64, note: String, followUp: ReconFollowUpChoice?, supervisor: String, pin: String)

    enum Slot: Hashable, Sendable { case days, items, resolve }

    var slot: Slot {
        switch self {
        case .days: return .days
        case .items: return .items
        case .resolve: return .resolve
        }
    }
}

/// Its answers, each with the call's own result type.
enum ReconReply: Equatable, Sendable {
    case days(Result<[ReconDayRow], BackendError>)
    case items(platform: String, date: String, Result<[ReconItemRow], BackendError>)
    case resolved(Result<ReconItemRow, BackendError>)
}

func performRecon(_ call: ReconCall, on backend: any ConsoleBackend) -> ReconReply {
    switch call {
    case .days: return .days(Result { () throws(BackendError) in try backend.reconciliationDays() })
    case .items(let platform, let date):
        return .items(platform: platform, date: date, Result { () throws(BackendError) in
            try backend.reconciliationItems(platform: platform, date: date)
        })
    case .resolve(let id, let note, let followUp, let supervisor, let pin):
        return .resolved(Result { () throws(BackendError) in
            try backend.resolveReconciliationItem(id: id, note: note, followUp: followUp, supervisor: supervisor, pin: pin)
        })
    }
}
