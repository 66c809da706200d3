import Foundation
import CashierCore
@testable import CashierConsole

/// An in-memory engine for console tests: a few orders, locks, coupons, checkouts whose state
/// tests move by hand, refund requests and two users.
final class FakeBackend: ConsoleBackend, @unchecked Sendable {
    // Guards every field below: the console calls from its background queue, tests from theirs.
    private let lock = NSLock()
    let clock: ManualClock
    /// Shifts, drawer, reports and receipts (Support/FakeDrawerBackend.swift).
    let drawerFake = FakeDrawer()
    private var orderRows: [OrderRow]
    private var lockHolders: [Int64: String] = [:]
    private var foreignLocks: [Int64: String] = [:]
    private var checkouts: [Int64: PaymentView] = [:]
    private var requests: [RefundRequestRow] = []
    private var token: Int64 = 1
    private var log: [String] = []
    /// When set, `orders` waits on it: a slow SQLite call, to prove the screen never freezes.
    private var ordersGate: DispatchSemaphore?
    private let users: [String: (pin: String, role: UserRole)] = [
        "cashier": ("1111", .cashier), "supervisor": ("9999", .supervisor),
    ]

    static func cny(_ text: String) -> Money { try! Money.parse(text, currency: .cny) }

    /// Users and the audit log (FakeUserAdminBackend.swift).
    let admin: FakeUserAdmin
    /// Reconciled days and their items (FakeReconBackend.swift).
    let recon = FakeRecon()

    init(clock: ManualClock) {
        self.clock = clock
        admin = FakeUserAdmin(clock: clock)
        let t = clock.now()
        func row(_ id: Int64, _ type: String, _ customer: String, _ amount: String, _ status: OrderStatus) -> OrderRow {
            OrderRow(id: id, number: "2026-\(String(format: "%04d", id))", type: type, customer: customer,
                     amount: FakeBackend.cny(amount), status: status, createdAt: t - Millis(id) * 60_000)
        }
        orderRows = [
            row(7, "goods", "王小明", "128.00", .unpaid),
            row(6, "service", "Zoë Müller", "45.50", .unpaid),
            row(5, "membership", "佐藤花子", "300.00", .unpaid),
            row(4, "goods", "Bob Smith", "19.90", .unpaid),
            row(3, "deposit", "李雷", "500.00", .unpaid),
            row(2, "goods", "Alice Wong", "88.00", .paid),
            row(1, "service", "陈静", "60.00", .partiallyRefunded),
        ]
        foreignLocks[3] = "Order 2026-0003 is held by web (alice) since 18:42."
    }

    /// NSLock.withLock rethrows untyped errors; this keeps the `throws(BackendError)` contract.
    private func locked<T>(_ body: () throws(BackendError) -> T) throws(BackendError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var calls: [String] { lock.withLock { log } }
    func heldLocks() -> [Int64: String] { lock.withLock { lockHolders } }

    private func note(_ s: String) { log.append(s) }
    private func bump() { token += 1 }

    /// Another process wrote: the platform answered, say.
    func setOutcome(_ checkoutId: Int64, _ outcome: PaymentView.Outcome, message: String? = nil) {
        lock.withLock {
            guard var view = checkouts[checkoutId] else { return }
            view.outcome = outcome
            view.message = message
            view.paymentState = outcome == .paid ? .succeeded : outcome == .failed ? .failed : outcome == .closed ? .closed : .pending
            let status: OrderStatus = outcome == .paid ? .paid : outcome == .waiting ? .paying : .unpaid
            for i in view.shares.indices { view.shares[i].status = status }
            checkouts[checkoutId] = view
            for share in view.shares {
                if let i = orderRows.firstIndex(where: { $0.id == share.orderId }) { orderRows[i].status = status }
            }
            bump()
        }
    }

    /// Another terminal holds (or, with nil, lets go of) an order: our lock is refused with `text`.
    func holdForeign(_ id: Int64, _ text: String?) { lock.withLock { foreignLocks[id] = text } }
    func addOrders(_ rows: [OrderRow]) { lock.withLock { orderRows = (orderRows + rows).sorted { $0.id > $1.id }; bump() } }

    func login(user: String, pin: String) throws(BackendError) -> UserSession {
        try locked { () throws(BackendError) -> UserSession in
            note("login \(user)")
            if user == "locked" { throw BackendError("User locked is locked after 5 wrong PINs: ask a supervisor.") }
            // The engine's refusal as the bridge passes it: a key and values, worded by the console.
            if user == "tries" { throw BackendError(CashierError.forbidden("refusal.user.wrong_pin", ["name": "tries", "count": .count(4)])) }
            guard let known = users[user], known.pin == pin else { throw BackendError("Wrong user name or PIN.") }
            return UserSession(user: user, role: known.role)
        }
    }

    func holdOrders(_ gate: DispatchSemaphore?) { lock.withLock { ordersGate = gate } }

    func orders(_ query: OrderQuery) throws(BackendError) -> OrderPage {
        lock.withLock { ordersGate }?.wait()
        return lock.withLock {
            note("orders after:\(query.afterId.map(String.init) ?? "-") limit:\(query.limit) search:\(query.search)")
            let needle = query.search.lowercased()
            let matching = orderRows.filter { row in
                query.statuses.contains(row.status)
                    && (query.type == nil || row.type == query.type)
                    && (needle.isEmpty || row.number.lowercased().hasPrefix(needle) || row.customer.lowercased().hasPrefix(needle))
                    && (query.afterId == nil || row.id < query.afterId!)
            }
            return OrderPage(rows: Array(matching.prefix(query.limit)), hasMore: matching.count > query.limit)
        }
    }

    func orderDetail(id: Int64) throws(BackendError) -> OrderDetail {
        try locked { () throws(BackendError) -> OrderDetail in
            guard let row = orderRows.first(where: { $0.id == id }) else { throw BackendError("No order \(id).") }
            let refunds = requests.filter { $0.orderId == id }
            let reserved = refunds.filter { $0.state != .rejected }.reduce(0) { $0 + $1.amount.minor }
            let already: Int64 = row.status == .partiallyRefunded ? 1000 : 0
            let paid = row.status == .unpaid ? 0 : row.amount.minor
            return OrderDetail(order: row,
                               lines: [OrderLine(name: "Item of \(row.number)", quantity: 2,
                                                 unitPrice: Money(minor: row.amount.minor / 2, currency: .cny))],
                               details: paid == 0 ? [] : [DetailRow(method: .cash, amount: row.amount, refunded: Money(minor: already, currency: .cny),
                                                                    state: already > 0 ? .partiallyRefunded : .succeeded, reference: nil)],
                               refunds: refunds,
                               refundable: Money(minor: max(0, paid - already - reserved), currency: .cny))
        }
    }

    func orderTypes() throws(BackendError) -> [String] { ["deposit", "goods", "membership", "service"] }

    func lock(orderIds: [Int64], session: UserSession) throws(BackendError) {
        try locked { () throws(BackendError) in
            note("lock \(orderIds)")
            for id in orderIds { if let held = foreignLocks[id] { throw BackendError(held) } }
            for id in orderIds { lockHolders[id] = session.user }
        }
    }

    func unlock(orderIds: [Int64], session: UserSession) {
        lock.withLock {
            note("unlock \(orderIds)")
            for id in orderIds where lockHolders[id] == session.user { lockHolders[id] = nil }
        }
    }

    func coupon(code: String) throws(BackendError) -> CouponInfo {
        try locked { () throws(BackendError) -> CouponInfo in
            note("coupon \(code)")
            switch code {
            case "GIFT50": return CouponInfo(code: code, balance: FakeBackend.cny("50.00"), expiresAt: clock.now() + 86_400_000 * 30)
            case "OLD": return CouponInfo(code: code, balance: FakeBackend.cny("10.00"), expiresAt: clock.now() - 1000)
            default: throw BackendError("No coupon with the code \(code).")
            }
        }
    }

    func checkout(_ plan: TenderPlan, session: UserSession) throws(BackendError) -> PaymentView {
        lock.withLock {
            note("checkout \(plan.orderIds)")
            let id = Int64(checkouts.count + 1)
            let rows = orderRows.filter { plan.orderIds.contains($0.id) }
            let total = rows.reduce(Money.zero(.cny)) { $0 + $1.amount }
            let waiting = plan.online.minor > 0
            var qr: String?
            var platform: PlatformKind?
            switch plan.onlineMode {
            case .code(let digits): platform = (try? PaymentCode(digits))?.platform
            case .qr(let kind): platform = kind; qr = "https://qr.example/\(id)"
            case .none: break
            }
            // The split goes to orders in turn: enough for the screens to show.
            var online = plan.online.minor, cash = plan.cash.minor, coupon = plan.coupon.minor
            let shares = rows.map { row -> OrderShare in
                var left = row.amount.minor
                let c = min(coupon, left); coupon -= c; left -= c
                let k = min(cash, left); cash -= k; left -= k
                let o = min(online, left); online -= o
                return OrderShare(orderId: row.id, number: row.number, customer: row.customer, amount: row.amount,
                                  cash: Money(minor: k, currency: .cny), online: Money(minor: o, currency: .cny),
                                  coupon: Money(minor: c, currency: .cny), status: waiting ? .paying : .paid)
            }
            let view = PaymentView(checkoutId: id, outcome: waiting ? .waiting : .paid, total: total, cash: plan.cash,
                                   changeDue: (plan.tendered ?? plan.cash) - plan.cash, coupon: plan.coupon, online: plan.online,
                                   tradeNo: waiting ? "T2026\(String(format: "%04d", id))" : nil, platform: platform,
                                   paymentState: waiting ? .pending : nil, deadline: waiting ? clock.now() + 60_000 : nil,
                                   qrContent: qr, attempt: 1, message: nil, shares: shares)
            checkouts[id] = view
            bump()
            return view
        }
    }

    func payment(checkoutId: Int64) throws(BackendError) -> PaymentView {
        try locked { () throws(BackendError) -> PaymentView in
            note("payment \(checkoutId)")
            guard let view = checkouts[checkoutId] else { throw BackendError("No checkout \(checkoutId).") }
            return view
        }
    }

    func cancel(checkoutId: Int64, session: UserSession) throws(BackendError) -> PaymentView {
        lock.withLock { note("cancel \(checkoutId)") }
        setOutcome(checkoutId, .closed, message: "cancelled by \(session.user)")
        return try payment(checkoutId: checkoutId)
    }

    func repay(checkoutId: Int64, code: String?, session: UserSession) throws(BackendError) -> PaymentView {
        try locked { () throws(BackendError) -> PaymentView in
            note("repay \(checkoutId) \(code ?? "qr")")
            guard var view = checkouts[checkoutId] else { throw BackendError("No checkout \(checkoutId).") }
            // Like the engine: a re-payment is a new checkout with a new trade number.
            view.checkoutId = (checkouts.keys.max() ?? 0) + 1
            view.attempt += 1
            view.outcome = .waiting
            view.paymentState = .pending
            view.message = nil
            view.deadline = clock.now() + 60_000
            view.tradeNo = "T2026\(String(format: "%04d", view.checkoutId))-\(view.attempt)"
            checkouts[view.checkoutId] = view
            bump()
            return view
        }
    }

    /// Like the store: numbered `QS-` and the next id, unpaid, in the open list at once.
    func quickSale(_ sale: QuickSale, session: UserSession) throws(BackendError) -> OrderRow {
        try locked { () throws(BackendError) -> OrderRow in
            note("quickSale \(sale.type) \(sale.lines.count) lines by \(session.user)")
            let id = (orderRows.map(\.id).max() ?? 0) + 1
            let total = sale.lines.reduce(Money.zero(.cny)) { $0 + Money(minor: $1.unitPrice.minor * Int64($1.quantity), currency: .cny) }
            let row = OrderRow(id: id, number: String(format: "QS-%06d", id), type: sale.type, customer: sale.customer,
                               amount: total, status: .unpaid, createdAt: clock.now())
            orderRows.insert(row, at: 0)
            bump()
            return row
        }
    }

    func requestRefund(orderId: Int64, amount: Money, reason: String, session: UserSession) throws(BackendError) -> RefundRequestRow {
        let detail = try orderDetail(id: orderId)
        return try locked { () throws(BackendError) -> RefundRequestRow in
            note("requestRefund \(orderId) \(amount.decimal)")
            guard amount <= detail.refundable else { throw BackendError("Only \(detail.refundable.decimal) can still be refunded.") }
            let row = RefundRequestRow(id: Int64(requests.count + 1), orderId: orderId, orderNumber: detail.order.number,
                                       customer: detail.order.customer, orderAmount: detail.order.amount,
                                       paid: detail.order.amount, refundedSoFar: detail.order.amount - detail.refundable,
                                       amount: amount, reason: reason, requestedBy: session.user, requestedAt: clock.now(),
                                       state: .requested, decidedBy: nil, refundOrders: [])
            requests.append(row)
            bump()
            return row
        }
    }

    func pendingApprovals() throws(BackendError) -> [RefundRequestRow] {
        lock.withLock { requests.filter { $0.state == .requested } }
    }

    private func decide(_ id: Int64, _ supervisor: String, _ pin: String, approve: Bool) throws(BackendError) -> RefundRequestRow {
        try locked { () throws(BackendError) -> RefundRequestRow in
            note("\(approve ? "approve" : "reject") \(id) by \(supervisor)")
            guard let user = users[supervisor], user.pin == pin else { throw BackendError("Wrong PIN for \(supervisor).") }
            guard user.role == .supervisor else { throw BackendError("\(supervisor) is a cashier and cannot approve refunds: a supervisor must.") }
            guard let i = requests.firstIndex(where: { $0.id == id }), requests[i].state == .requested else {
                throw BackendError("Refund request #\(id) was already decided.")
            }
            requests[i].state = approve ? .approved : .rejected
            requests[i].decidedBy = supervisor
            if approve {
                requests[i].refundOrders = [RefundOrderRow(refundNo: "R\(id)-1", method: .cash, amount: requests[i].amount, state: .processing)]
            }
            bump()
            return requests[i]
        }
    }

    func approve(requestId: Int64, supervisor: String, pin: String) throws(BackendError) -> RefundRequestRow {
        try decide(requestId, supervisor, pin, approve: true)
    }

    func reject(requestId: Int64, supervisor: String, pin: String, reason: String) throws(BackendError) -> RefundRequestRow {
        try decide(requestId, supervisor, pin, approve: false)
    }

    func changeToken() -> Int64 { lock.withLock { token } }
    func now() -> Millis { clock.now() }
}
