import Foundation
import CashierCore

/// Which screen is showing.
enum Route: Equatable, Sendable {
    case login, orders, tender, payment, history, detail, refund, approvals, quickSale
    // The cashier's day
    case openShift, drawer, closeShift, shiftClosed, reports, receipt
    // The supervisor's screens
    case users, audit, reconciliation

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
        case .quickSale: return "Quick sale"
        case .openShift: return "Open shift"
        case .drawer: return "Drawer"
        case .closeShift: return "Close shift"
        case .shiftClosed: return "Shift closed"
        case .reports: return "Reports"
        case .receipt: return "Receipt"
        case .users: return "Users"
        case .audit: return "Audit log"
        case .reconciliation: return ReconWords.title
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

/// The whole console as one value: the shared context and every screen's own state (see
/// `Screen`; the app composes them in `Compose.swift`). Update changes it, view draws it.
struct AppState: Equatable, Sendable {
    var context: Context
    var route: Route = .login
    var overlay: Overlay?

    var login = LoginScreen()
    var orders = OrdersScreen()
    var history = HistoryScreen()
    /// The screens below exist only while they show (or, for the count, until the shift closes).
    var tender: TenderState?
    var payment: PaymentScreen?
    var detail: DetailScreen?
    var refund: RefundScreen?
    /// Kept across Esc until its order is made: leaving the form is never destructive.
    var quickSale: QuickSaleScreen?
    var approvals = ApprovalsScreen()
    var openShift = OpenShiftScreen()
    var drawer = DrawerScreen()
    /// Kept across Esc for the same shift: leaving the count is never destructive.
    var closeShift: CloseShiftScreen?
    var shiftClosed: ShiftClosedScreen?
    var reports = ReportsScreen()
    var receipt: ReceiptScreen?
    var users = UsersScreen()
    var audit = AuditScreen()
    var reconciliation = ReconciliationScreen()

    var lastChangeToken: Int64?
    var lastTokenCheck: Millis = 0

    init(storeLabel: String, timeZone: TimeZone, now: Millis) {
        context = Context(storeLabel: storeLabel, timeZone: timeZone, now: now)
    }

    // The context's parts, as the app and its tests name them.
    var storeLabel: String { context.storeLabel }
    var timeZone: TimeZone { context.timeZone }
    var now: Millis { get { context.now } set { context.now = newValue } }
    var size: Size { get { context.size } set { context.size = newValue } }
    var session: UserSession? { get { context.session } set { context.session = newValue } }
    var message: Note? { get { context.message } set { context.message = newValue } }
    var pending: [Int: Call] { context.pending }
    var nextRequestId: Int { get { context.nextRequestId } set { context.nextRequestId = newValue } }
    var bodyHeight: Int { context.bodyHeight }
    mutating func request(_ call: Call) -> Effect { context.request(call) }
    func isPending(_ slot: Call.Slot) -> Bool { context.isPending(slot) }

    /// A call the user is waiting for (the silent change check does not count).
    var isWorking: Bool { pending.values.contains { $0.slot != .changeToken } }

    /// A payment that quitting would leave half-way: one on screen still waiting, or a call
    /// that starts, re-starts or cancels one still out.
    var paymentInFlight: Bool {
        if route == .payment, payment?.view.outcome == .waiting { return true }
        return pending.values.contains { $0.slot == .payment }
    }
}
