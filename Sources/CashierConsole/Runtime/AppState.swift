import Foundation
import CashierCore

/// Which screen is showing.
enum Route: Equatable, Sendable {
    case login, orders, tender, payment, history, detail, refund, approvals
    case drawer(DrawerPage)
    case admin(AdminPage)

    var title: String {
        switch self {
        case .login: return "Log in"
        case .orders: return "Orders"
        case .tender: return "Tender"
        case .payment: return "Payment"
        case .history: return "History"
        case .detail: return "Order detail"
        case .refund: return "Refund request"
        case .approvals: return "Approvals"
        case .drawer(let page): return page.title
        case .admin(let page): return page.title
        }
    }

    /// F7 leads back to Orders from these.
    var isHistorySide: Bool { self == .history || self == .detail || self == .refund }
}

/// One line for the message row, with how it should look.
struct Note: Equatable, Sendable {
    var text: String
    var role: Role
    init(_ text: String, _ role: Role = .normal) { self.text = text; self.role = role }
    static func error(_ text: String) -> Note { Note(text, .error) }
}

/// Boxes drawn over any screen, with their own key tables.
enum Overlay: Equatable, Sendable {
    case help
    case confirmQuit
}

/// The whole console as one value: update changes it, view draws it.
struct AppState: Equatable, Sendable {
    var storeLabel: String
    var timeZone: TimeZone
    var now: Millis
    var size = Size(width: 80, height: 24)

    var session: UserSession?
    var route: Route = .login
    /// Where Esc from Approvals returns to.
    var approvalsReturn: Route = .orders
    var message: Note?
    var overlay: Overlay?

    var login = LoginState()
    var orders = ListState(kind: .open)
    var history = ListState(kind: .history)
    var tender: TenderState?
    var payment: PaymentState?
    var detail: DetailState?
    var refund: RefundState?
    var approvals = ApprovalsState()
    var drawer = DrawerState()
    var users = UsersState()
    var audit = AuditState()

    /// Backend calls sent and not answered yet, by request id: an answer whose id is missing
    /// here is stale (superseded or abandoned) and is dropped.
    var pending: [Int: Call] = [:]
    var nextRequestId = 1
    var lastChangeToken: Int64?
    var lastTokenCheck: Millis = 0

    init(storeLabel: String, timeZone: TimeZone, now: Millis) {
        self.storeLabel = storeLabel
        self.timeZone = timeZone
        self.now = now
    }

    /// A call the user is waiting for (the silent change check does not count).
    var isWorking: Bool { pending.values.contains { $0.slot != .changeToken } }

    /// A payment that quitting would leave half-way: one on screen still waiting, or a call
    /// that starts, re-starts or cancels one still out.
    var paymentInFlight: Bool {
        if route == .payment, payment?.view.outcome == .waiting { return true }
        return pending.values.contains { $0.slot == .payment }
    }

    /// Rows of the body below the header and message lines and above the summary and key bar.
    var bodyHeight: Int { max(1, size.height - 4) }
}
