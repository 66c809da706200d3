import CashierCore
import Foundation
import Localization

/// What every screen may see and touch besides its own state: who is logged in, the time, the
/// window, the message line, the calls out and where to go next. A screen's update gets it
/// `inout`; it never sees another screen's state.
struct Context: Equatable, Sendable {
    var storeLabel: String
    var timeZone: TimeZone
    /// The language every screen speaks; a key switches it at run time and nothing else changes.
    var lang: Language
    var now: Millis
    var size = Size(width: 80, height: 24)
    var session: UserSession?
    var message: Note?
    /// Backend calls sent and not answered yet, by request id: an answer whose id is missing
    /// here is stale (superseded or abandoned) and is dropped.
    var pending: [Int: Call] = [:]
    var nextRequestId = 1
    /// The operator's shift on this terminal: the orders and drawer screens both need it.
    var shift = ShiftInfo()
    /// Where a screen asked to go; the app opens it once the screen's update has returned.
    var destinations: [Destination] = []

    init(storeLabel: String, timeZone: TimeZone, now: Millis, lang: Language = .en) {
        self.storeLabel = storeLabel
        self.timeZone = timeZone
        self.lang = lang
        self.now = now
    }

    /// Records a call as the newest of its slot (older answers in the slot become stale).
    mutating func request(_ call: Call) -> Effect {
        let id = nextRequestId
        nextRequestId += 1
        pending = pending.filter { $0.value.slot != call.slot }
        pending[id] = call
        return .call(id: id, call)
    }

    func isPending(_ slot: Call.Slot) -> Bool { pending.values.contains { $0.slot == slot } }

    /// Asks the app to open another screen after this update.
    mutating func go(_ destination: Destination) { destinations.append(destination) }

    /// Rows of the body below the header and message lines and above the summary and key bar.
    var bodyHeight: Int { max(1, size.height - 4) }
}

/// Where a screen can send the console. The app builds the screen it names (a screen never
/// builds another's state).
enum Destination: Equatable, Sendable {
    /// After log-in: the orders, the filters' types and the operator's shift.
    case loggedIn(UserSession)
    case orders, history, approvals
    /// A walk-in customer's sale: the form as it was left, or a new one.
    case quickSale
    /// Orders after a payment went through: the selection is spent.
    case paid
    /// The lock was granted: the tender for these orders.
    case tender([OrderRow])
    case payment(PaymentScreen)
    /// An order's detail; with `refund`, the refund request opens on it once it has loaded.
    case detail(Int64, refund: Bool)
    case refund(OrderDetail)
    case receipt(OrderRow)
    /// The drawer, or the open-shift form when there is no shift.
    case drawer
    case openShift, closeShift
    case shiftClosed(ShiftClosing)
    case reports, users, audit, reconciliation
    /// Back to where a screen was opened from, refreshed.
    case back(Route)
    /// Another screen whose state is kept, as it was.
    case show(Route)
    case logout
}

/// The operator's shift on this terminal, as the lookup after log-in and later answers found it.
struct ShiftInfo: Equatable, Sendable {
    /// Nil until the lookup answers, or when the store keeps no shifts.
    var setup: DrawerSetup?
    /// The lookup after log-in has answered.
    var lookedUp = false
    /// The operator's open shift on this terminal.
    var current: ShiftSummary?

    var keepsShifts: Bool { setup != nil }

    /// Why paying must wait for a shift (nil when it need not).
    func payReason(_ lang: Language) -> String? {
        guard keepsShifts, current == nil else { return nil }
        return lang.t("console.shift.pay_no_shift")
    }

    /// Why F8 (and r) cannot show the drawer yet: the reason alone, the key's name goes before it.
    func drawerKeyReason(_ lang: Language) -> String? {
        if !lookedUp { return lang.t("console.shift.still_looking") }
        if !keepsShifts { return lang.t("console.shift.no_shifts") }
        return nil
    }
}
