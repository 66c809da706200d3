import Foundation
import CashierCore
import Localization

/// Which screen is showing.
enum Route: Equatable, Sendable {
    case login, orders, tender, payment, history, detail, refund, approvals, quickSale
    // The cashier's day
    case openShift, drawer, closeShift, shiftClosed, reports, receipt
    // The supervisor's screens
    case users, audit, reconciliation

    func title(_ lang: Language) -> String {
        switch self {
        case .login: return lang.t("console.title.login")
        case .orders: return lang.t("console.title.orders")
        case .tender: return lang.t("console.title.tender")
        case .payment: return lang.t("console.title.payment")
        case .history: return lang.t("console.title.history")
        case .detail: return lang.t("console.title.detail")
        case .refund: return lang.t("console.title.refund")
        case .approvals: return lang.t("console.title.approvals")
        case .quickSale: return lang.t("console.title.quick_sale")
        case .openShift: return lang.t("console.title.open_shift")
        case .drawer: return lang.t("console.title.drawer")
        case .closeShift: return lang.t("console.title.close_shift")
        case .shiftClosed: return lang.t("console.title.shift_closed")
        case .reports: return lang.t("console.title.reports")
        case .receipt: return lang.t("console.title.receipt")
        case .users: return lang.t("console.title.users")
        case .audit: return lang.t("console.title.audit")
        case .reconciliation: return lang.t("console.title.reconciliation")
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

    init(storeLabel: String, timeZone: TimeZone, now: Millis, lang: Language = .en) {
        context = Context(storeLabel: storeLabel, timeZone: timeZone, now: now, lang: lang)
    }

    // The context's parts, as the app and its tests name them.
    var storeLabel: String { context.storeLabel }
    var timeZone: TimeZone { context.timeZone }
    var lang: Language { get { context.lang } set { context.lang = newValue } }
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
