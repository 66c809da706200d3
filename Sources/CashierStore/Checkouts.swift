import CashierCore
import GRDB
import SQLiteSupport

/// Everything a checkout writes, decided before the transaction (amounts already parsed).
public struct CheckoutSpec: Sendable {
    public enum Online: Sendable, Equatable {
        case none
        case code(platform: PlatformKind, masked: String)
        case qr(platform: PlatformKind)
    }

    public var orderIds: [Int64]
    public var coupon: Int64
    public var couponCode: String?
    public var cash: Int64
    public var tendered: Int64
    public var online: Int64
    public var onlineMode: Online
    public var holder: Holder
    public var retryOf: Int64?
    public var lockTTL: Millis
    /// How long the platform may wait for the customer (already scaled).
    public var paymentWindow: Millis
    /// When the poller first looks at the payment if nothing else settles it.
    public var firstQueryDelay: Millis

    public init(orderIds: [Int64], coupon: Int64, couponCode: String?, cash: Int64, tendered: Int64, online: Int64,
                onlineMode: Online, holder: Holder, retryOf: Int64? = nil, lockTTL: Millis, paymentWindow: Millis,
                firstQueryDelay: Millis) {
        self.orderIds = orderIds; self.coupon = coupon; self.couponCode = couponCode; self.cash = cash
        self.tendered = tendered; self.online = online; self.onlineMode = onlineMode; self.holder = holder
        self.retryOf = retryOf; self.lockTTL = lockTTL; self.paymentWindow = paymentWindow; self.firstQueryDelay = firstQueryDelay
    }
}

public struct StartedCheckout: Sendable, Equatable {
    public var checkoutId: Int64
    public var paymentOrder: PaymentOrderRecord?
    /// The checkout as its transaction left it: no second read needed.
    public var view: CheckoutView
}

/// A checkout, its payment order and its orders' shares by method, read in one snapshot.
public struct CheckoutView: Sendable, Equatable {
    public struct Share: Sendable, Equatable {
        public var order: OrderRecord
        public var coupon: Int64
        public var cash: Int64
        public var online: Int64
    }

    public var checkout: CheckoutRecord
    public var paymentOrder: PaymentOrderRecord?
    public var shares: [Share]
}

extension Store {
    /// Locks the orders, takes the coupon value, writes the checkout, its details (allocated by
    /// `Allocation.split`) and, for an online part, one payment order in `created` — all in one
    /// transaction. Without an online part the checkout completes here.
    public func startCheckout(_ spec: CheckoutSpec) throws -> StartedCheckout {
        try grdbWrite { db in
            let now = clock.now()
            let shiftId = try Store.requireCheckoutOperator(db, spec.holder)
            guard !spec.orderIds.isEmpty else { throw CashierError.invalid("refusal.checkout.no_orders") }
            guard Set(spec.orderIds).count == spec.orderIds.count else {
                throw CashierError.invalid("refusal.checkout.order_twice")
            }
            var orders: [OrderRecord] = []
            var leases: [(leased: Bool, heldElsewhere: Bool)] = []
            for id in spec.orderIds {
                // The order and, in the same read, whether it has a lease row and whether another
                // session's lease on it is live.
                guard let row = try OrderLeaseRow.one(db, sql: """
                    SELECT o.*, EXISTS(SELECT 1 FROM order_locks WHERE order_id = o.id) AS leased,
                           EXISTS(SELECT 1 FROM order_locks WHERE order_id = o.id AND session != ? AND expires_at > ?) AS held_elsewhere
                    FROM orders o WHERE o.id = ?
                    """, arguments: [spec.holder.session, now, id]) else {
                    throw CashierError.notFound("refusal.order.no_id", ["id": "\(id)"])
                }
                orders.append(row.order)
                leases.append((row.leased, row.heldElsewhere))
            }
            let currency = orders[0].currency
            guard orders.allSatisfy({ $0.currency == currency }) else {
                throw CashierError.invalid("refusal.checkout.mixed_currencies")
            }
            guard spec.holder.channel.mayPay else {
                throw CashierError.forbidden("refusal.checkout.integration_cannot_pay")
            }
            for o in orders { try Store.requirePayable(db, o, now: now) }
            let completesHere = spec.onlineMode == .none
            if completesHere {
                // Settled in this transaction: a lease taken now would be dropped before the commit,
                // so none is taken (no fencing token, no lease row). The refusal is the one `lock`
                // gives: another session's live lease; our own or a lapsed one is dropped at the end.
                for (i, o) in orders.enumerated() where leases[i].heldElsewhere {
                    throw Store.heldElsewhere(o.number, try LockRecord.one(db, sql: "SELECT * FROM order_locks WHERE order_id = ?", arguments: [o.id])!)
                }
            } else {
                _ = try Store.lock(db, orderIds: spec.orderIds, holder: spec.holder, now: now, ttl: spec.lockTTL)
            }

            let total = orders.reduce(0) { $0 + $1.amount.minor }
            let methods = spec.coupon + spec.cash + spec.online
            // The tender's own rules (CashierCore's Tender), checked again inside the write.
            if let problem = Tender.sumProblem(sum: methods, total: total) ?? Tender.tenderedProblem(tendered: spec.tendered, cash: spec.cash) {
                throw problem.refusal(currency)
            }
            if spec.coupon > 0 {
                try Store.drawCoupon(db, code: spec.couponCode ?? "", amount: spec.coupon, currency: currency, now: now)
            }
            let shares = try Allocation.split(orderAmounts: orders.map(\.amount.minor),
                                              methodAmounts: [spec.coupon, spec.cash, spec.online])

            let (modeName, platform): (String, PlatformKind?) = switch spec.onlineMode {
            case .none: ("none", nil)
            case .code(let p, _): ("code", p)
            case .qr(let p): ("qr", p)
            }
            if let problem = Tender.methodProblem(online: spec.online, hasMethod: platform != nil) {
                throw problem.refusal(currency)
            }
            // No RETURNING in these statements: SQLite builds a temporary table for each, which costs
            // more than reading a row back by its key. The checkout is written from a record, and
            // that record serves the rest of the transaction (no read back).
            var written = CheckoutRecord(
                id: 0, state: .open, operatorName: spec.holder.owner, channel: spec.holder.channel.rawValue, currency: currency,
                total: total, coupon: spec.coupon, couponCode: spec.coupon > 0 ? spec.couponCode : nil, cash: spec.cash,
                tendered: spec.tendered, online: spec.online, onlineMode: modeName, retryOf: spec.retryOf, createdAt: now,
                finishedAt: nil, shiftId: shiftId)
            try Store.insert(db, written)
            written.id = db.lastInsertedRowID
            let checkoutId = written.id
            var details = 0
            let tradeNo = Store.tradeNumber(checkoutId)
            for (i, o) in orders.enumerated() {
                do {
                    try db.run(sql: "INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (?, ?, ?, ?, 1)",
                                   arguments: [checkoutId, o.id, i, o.amount.minor])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw CashierError.conflict("refusal.checkout.order_in_payment", ["number": "\(o.number)"])
                }
                // Read in this transaction and now in this open checkout (the only one: the partial unique index).
                orders[i] = try Store.refreshOrderStatus(db, o, paying: true, now: now)
                for (m, method) in [PaymentMethod.coupon, .cash, .online].enumerated() where shares[i][m] > 0 {
                    let reference: String? = method == .coupon ? spec.couponCode : (method == .online ? tradeNo : nil)
                    try db.run(sql: """
                        INSERT INTO payment_details (checkout_id, order_id, method, amount, currency, state, reference)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?)
                        """, arguments: [checkoutId, o.id, method.rawValue, shares[i][m], currency.code, reference])
                    details += 1
                }
            }
            let numbers = orders.map(\.number).joined(separator: ",")
            let audited = try AuditLog.append(db, at: now, AuditEvent(
                actor: spec.holder.owner, channel: spec.holder.channel.rawValue, action: "checkout.started",
                subject: "checkout \(checkoutId) orders \(numbers)", amount: total, currency: currency.code,
                detail: "coupon=\(spec.coupon) cash=\(spec.cash) tendered=\(spec.tendered) online=\(spec.online) mode=\(modeName)"
                    + (spec.retryOf.map { " retry_of=\($0)" } ?? "")))

            // The view comes from the rows as this transaction wrote them, not from a second read.
            func view(_ c: CheckoutRecord, _ po: PaymentOrderRecord?, _ orders: [OrderRecord]) -> CheckoutView {
                CheckoutView(checkout: c, paymentOrder: po, shares: orders.enumerated().map { i, o in
                    .init(order: o, coupon: shares[i][0], cash: shares[i][1], online: shares[i][2])
                })
            }
            guard let platform else {
                let held = HeldCheckout(checkout: written, orders: orders, details: details, audit: audited,
                                        leased: zip(orders, leases).filter { $0.1.leased }.map { $0.0.id })
                let (finished, paid) = try Store.finishCheckout(db, checkoutId: checkoutId, succeeded: true, now: now,
                                                                note: "settled at the counter", held: held)!
                return StartedCheckout(checkoutId: checkoutId, paymentOrder: nil, view: view(finished, nil, paid))
            }
            let attempt = try spec.retryOf.map { try Store.attempt(db, checkoutId: $0) + 1 } ?? 1
            var masked: String?
            if case .code(_, let m) = spec.onlineMode { masked = m }
            try db.run(sql: """
                INSERT INTO payment_orders (checkout_id, trade_no, platform, mode, code_masked, amount, currency, state,
                                            attempt, deadline, next_query_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?)
                """, arguments: [checkoutId, tradeNo, platform.rawValue, modeName, masked, spec.online, currency.code,
                                 attempt, now + spec.paymentWindow, now + spec.firstQueryDelay, now, now])
            // As inserted, not read back (the columns left out take their defaults: queries 0, the rest NULL).
            let po = PaymentOrderRecord(
                id: db.lastInsertedRowID, checkoutId: checkoutId, tradeNo: tradeNo, platform: platform, mode: modeName, codeMasked: masked,
                amount: Money(minor: spec.online, currency: currency), state: .created, attempt: attempt, deadline: now + spec.paymentWindow,
                nextQueryAt: now + spec.firstQueryDelay, createdAt: now)
            return StartedCheckout(checkoutId: checkoutId, paymentOrder: po, view: view(written, po, orders))
        }
    }

    /// Writes a new checkout from its record (all but the id, which SQLite gives).
    static func insert(_ db: Database, _ c: CheckoutRecord) throws {
        try db.run(sql: """
            INSERT INTO checkouts (state, operator, channel, currency, total, coupon, coupon_code, cash, tendered,
                                   online, online_mode, retry_of, created_at, finished_at, shift_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [c.state.rawValue, c.operatorName, c.channel, c.currency.code, c.total, c.coupon, c.couponCode,
                             c.cash, c.tendered, c.online, c.onlineMode, c.retryOf, c.createdAt, c.finishedAt, c.shiftId])
    }

    /// "CSH" + the checkout id: one trade number per attempt, reused on every retry of the same call.
    static func tradeNumber(_ checkoutId: Int64) -> String {
        let digits = String(checkoutId)
        return "CSH" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    static func attempt(_ db: Database, checkoutId: Int64) throws -> Int {
        try Int.one(db, sql: "SELECT attempt FROM payment_orders WHERE checkout_id = ?", arguments: [checkoutId]) ?? 1
    }

    /// The checkout's operator is an enabled user and, at the counter (which takes money into a
    /// drawer), has an open shift: both read in one statement. Returns that shift's id.
    static func requireCheckoutOperator(_ db: Database, _ holder: Holder) throws -> Int64? {
        let row = try Row.one(db, sql: """
            SELECT disabled, (SELECT id FROM shifts WHERE operator = users.name AND state = 'open') AS shift_id
            FROM users WHERE name = ?
            """, arguments: [holder.owner])
        try requireActive(holder.owner, disabled: row?["disabled"])
        guard holder.channel == .counter else { return nil }
        guard let shiftId: Int64 = row?["shift_id"] else {
            throw noOpenShift(holder.owner, for: .takePayments)
        }
        return shiftId
    }

    static func requirePayable(_ db: Database, _ o: OrderRecord, now: Millis) throws {
        switch o.status {
        case .unpaid:
            // Past its time but not yet swept by the poller: expired all the same.
            if let at = o.expiresAt, at <= now { throw Store.expiredRefusal(o.number) }
            return
        case .paying:
            throw try payer(db, o.id).refusal(o.number, cancelling: false)
        case .paid, .partiallyRefunded, .refunded:
            throw CashierError.conflict("refusal.checkout.order_paid", ["number": "\(o.number)"])
        case .cancelled:
            throw CashierError.conflict("refusal.checkout.order_cancelled", ["number": "\(o.number)"])
        case .expired:
            throw Store.expiredRefusal(o.number)
        }
    }

    static func drawCoupon(_ db: Database, code: String, amount: Int64, currency: Currency, now: Millis) throws {
        guard let c = try CouponRecord.one(db, sql: "SELECT * FROM coupons WHERE code = ?", arguments: [code]) else {
            throw CashierError.noCoupon(code)
        }
        switch CouponBalance(code: c.code, balance: c.balance, expiresAt: c.expiresAt).problem(at: now, currency: currency) {
        case .expired(let at): throw CashierError.invalid("refusal.checkout.coupon_expired", ["code": "\(code)", "at": "\(time(at))"])
        case .otherCurrency(let other): throw CashierError.invalid("refusal.checkout.coupon_currency", ["code": "\(code)", "coupon_currency": "\(other.code)", "currency": "\(currency.code)"])
        case .usedUp: throw CashierError.invalid("refusal.checkout.coupon_used_up", ["code": "\(code)"])
        case nil: break
        }
        try db.run(sql: "UPDATE coupons SET balance = balance - ? WHERE code = ? AND balance >= ? AND expires_at > ?",
                       arguments: [amount, code, amount, now])
        guard db.changesCount == 1 else {
            throw CashierError.invalid("refusal.checkout.coupon_balance", ["code": "\(code)", "balance": .amount(c.balance)])
        }
    }

    /// Ends a checkout: every detail succeeds and the orders become paid, or every detail fails,
    /// the coupon value comes back and the orders are payable again. Locks are released either way.
    /// Returns the checkout and its orders as written (in position order); nil when it was
    /// already finished. A caller that wrote the checkout in this same transaction passes what it
    /// holds (`held`), which spares reading it back.
    @discardableResult
    static func finishCheckout(_ db: Database, checkoutId: Int64, succeeded: Bool, now: Millis, note: String,
                               held: HeldCheckout? = nil) throws -> (CheckoutRecord, [OrderRecord])? {
        let state: CheckoutRecord.State = succeeded ? .succeeded : .failed
        try db.run(sql: "UPDATE checkouts SET state = ?, finished_at = ? WHERE id = ? AND state = 'open'",
                       arguments: [state.rawValue, now, checkoutId])
        guard db.changesCount == 1 else { return nil }  // already finished: idempotent
        let checkout: CheckoutRecord
        if var c = held?.checkout {
            c.state = state; c.finishedAt = now
            checkout = c
        } else {
            checkout = try CheckoutRecord.one(db, sql: "SELECT * FROM checkouts WHERE id = ?", arguments: [checkoutId])!
        }
        let (current, details) = try held.map { ($0.orders, $0.details) } ?? checkoutOrders(db, checkoutId: checkoutId)
        try finishDetails(db, checkoutId: checkoutId, on: succeeded ? .checkoutSucceeded : .checkoutFailed, count: details)
        if !succeeded, checkout.coupon > 0, let code = checkout.couponCode {
            try db.run(sql: "UPDATE coupons SET balance = balance + ? WHERE code = ?", arguments: [checkout.coupon, code])
        }
        let orderIds = current.map(\.id)
        try db.run(sql: "UPDATE checkout_orders SET open = 0 WHERE checkout_id = ?", arguments: [checkoutId])
        // This checkout was each order's only open one (the partial unique index) and is closed now.
        let orders = try current.map { try refreshOrderStatus(db, $0, paying: false, settlesPayment: succeeded, now: now) }
        if succeeded { for o in orders { try emit(db, .orderPaid, order: o, now: now) } }
        try releaseLocks(db, orderIds: held?.leased ?? orderIds)
        if succeeded { try recordCheckoutCash(db, checkout, now: now) }
        try AuditLog.append(db, at: now, AuditEvent(
            actor: checkout.operatorName, channel: checkout.channel, action: succeeded ? "payment.succeeded" : "payment.failed",
            subject: "checkout \(checkoutId)", amount: checkout.total, currency: checkout.currency.code, detail: note), after: held?.audit)
        return (checkout, orders)
    }

    /// A checkout's orders (in position order) and its number of payment details, in one read.
    static func checkoutOrders(_ db: Database, checkoutId: Int64) throws -> ([OrderRecord], Int) {
        let rows = try ListedOrderRow.all(db, sql: """
            SELECT o.*, co.order_id AS listed_order, (SELECT COUNT(*) FROM payment_details WHERE checkout_id = co.checkout_id) AS details
            FROM checkout_orders co LEFT JOIN orders o ON o.id = co.order_id WHERE co.checkout_id = ? ORDER BY co.position
            """, arguments: [checkoutId])
        let orders = try rows.map { row in
            guard let order = row.order else {
                throw CashierError.bug("order \(row.listedOrder) of checkout \(checkoutId) is missing")
            }
            return order
        }
        return (orders, rows.first?.details ?? 0)
    }

    /// Every detail of the checkout steps from pending, as one compare-and-set over all of them:
    /// only pending details change, so a detail that was not pending shows as a shortfall against
    /// the checkout's `count` of details.
    static func finishDetails(_ db: Database, checkoutId: Int64, on event: PaymentDetailState.Event, count all: Int) throws {
        guard let to = PaymentDetailState.transition(from: .pending, on: event) else {
            throw CashierError.bug("payment_details: no transition from pending on \(event)")
        }
        try db.run(sql: "UPDATE payment_details SET state = ? WHERE checkout_id = ? AND state = ?",
                   arguments: [to.rawValue, checkoutId, PaymentDetailState.pending.rawValue])
        guard db.changesCount == all else {
            throw CashierError.bug("\(all - db.changesCount) payment detail(s) were not pending when checkout \(checkoutId) finished")
        }
    }

    public func checkout(id: Int64) throws -> CheckoutRecord? {
        try grdbRead { db in try CheckoutRecord.one(db, sql: "SELECT * FROM checkouts WHERE id = ?", arguments: [id]) }
    }

    public func paymentOrder(checkoutId: Int64) throws -> PaymentOrderRecord? {
        try grdbRead { db in try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE checkout_id = ?", arguments: [checkoutId]) }
    }

    public func paymentOrder(tradeNo: String) throws -> PaymentOrderRecord? {
        try grdbRead { db in try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE trade_no = ?", arguments: [tradeNo]) }
    }

    public func paymentOrder(id: Int64) throws -> PaymentOrderRecord? {
        try grdbRead { db in try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE id = ?", arguments: [id]) }
    }

    public func checkoutView(id: Int64) throws -> CheckoutView? {
        try grdbRead { db in try Store.checkoutView(db, id: id) }
    }

    static func checkoutView(_ db: Database, id: Int64) throws -> CheckoutView? {
        guard let c = try CheckoutRecord.one(db, sql: "SELECT * FROM checkouts WHERE id = ?", arguments: [id]) else { return nil }
        let po = try PaymentOrderRecord.one(db, sql: "SELECT * FROM payment_orders WHERE checkout_id = ?", arguments: [id])
        let orders = try OrderRecord.all(db, sql: """
            SELECT o.* FROM checkout_orders co JOIN orders o ON o.id = co.order_id
            WHERE co.checkout_id = ? ORDER BY co.position
            """, arguments: [id])
        let details = try PaymentDetailRecord.all(db, sql: "SELECT * FROM payment_details WHERE checkout_id = ?", arguments: [id])
        let shares = orders.map { o -> CheckoutView.Share in
            let mine = details.filter { $0.orderId == o.id }
            func sum(_ m: PaymentMethod) -> Int64 { mine.filter { $0.method == m }.reduce(0) { $0 + $1.amount } }
            return .init(order: o, coupon: sum(.coupon), cash: sum(.cash), online: sum(.online))
        }
        return CheckoutView(checkout: c, paymentOrder: po, shares: shares)
    }

    /// The newest checkout of an order, if any.
    public func latestCheckout(orderId: Int64) throws -> Int64? {
        try grdbRead { db in
            try Int64.one(db, sql: "SELECT MAX(checkout_id) FROM checkout_orders WHERE order_id = ?", arguments: [orderId])
        }
    }
}

extension Store {
    /// Cancels an unpaid order nobody is paying or holding; it can no longer be paid. One being
    /// paid is refused naming who pays it; a paid one is refused pointing to a refund.
    public func cancelOrder(id: Int64, by user: String, channel: Channel, reason: String = "") throws -> OrderRecord {
        try grdbWrite { db in
            let now = clock.now()
            try Store.requireActiveUser(db, user)
            guard let o = try OrderRecord.one(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id]) else {
                throw CashierError.notFound("refusal.order.no_id", ["id": "\(id)"])
            }
            switch o.status {
            case .unpaid: break
            case .paying:
                throw try Store.payer(db, o.id).refusal(o.number, cancelling: true)
            case .paid, .partiallyRefunded, .refunded:
                throw CashierError.conflict("refusal.order.refund_instead", ["number": "\(o.number)", "state": .status(o.status)])
            case .cancelled, .expired:
                throw CashierError.conflict("refusal.order.cancel_not_unpaid", ["number": "\(o.number)", "state": .status(o.status)])
            }
            if let held = try LockRecord.one(db, sql: "SELECT * FROM order_locks WHERE order_id = ?", arguments: [id]), held.expiresAt > now {
                throw Store.heldElsewhere(o.number, held)
            }
            // Orders keep their status in `status`, so the step is written out; the machine allows it.
            precondition(OrderStatus.transition(from: .unpaid, on: .cancelled) == .cancelled)
            try db.run(sql: "UPDATE orders SET status = 'cancelled', cancelled = 1, updated_at = MAX(updated_at, ?) WHERE id = ? AND status = 'unpaid'",
                       arguments: [now, id])
            guard db.changesCount == 1 else { throw CashierError.conflict("refusal.order.changed", ["number": "\(o.number)"]) }
            try AuditLog.append(db, at: now, AuditEvent(actor: user, channel: channel.rawValue, action: "order.cancelled",
                                                        subject: "order \(o.number)", amount: o.amount.minor, currency: o.currency.code,
                                                        detail: reason))
            try Store.emit(db, .orderCancelled, orderId: id, now: now, extra: ["reason": reason])
            return try OrderRecord.one(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id])!
        }
    }

    /// Who is paying an order: "web (alice) since 10:02:03".
    static func payer(_ db: Database, _ orderId: Int64) throws -> Payer {
        let row = try Row.one(db, sql: """
            SELECT c.operator, c.channel, c.created_at FROM checkout_orders co JOIN checkouts c ON c.id = co.checkout_id
            WHERE co.order_id = ? AND co.open = 1
            """, arguments: [orderId])
        return Payer(who: row.map { ($0["channel"] as String, $0["operator"] as String, time($0["created_at"])) })
    }
}

/// What a caller that wrote a checkout in the same transaction holds, so that finishing it reads
/// nothing back: the checkout as inserted, its orders as written (in position order), its number
/// of details, the hash of its audit entry, and the orders that have a lease row to drop.
struct HeldCheckout {
    var checkout: CheckoutRecord
    var orders: [OrderRecord]
    var details: Int
    var audit: String
    var leased: [Int64]
}

extension CheckoutRecord {
    /// A checkout as `startCheckout` writes it (decoding a row made from a dictionary cost more than reading it back).
    init(id: Int64, state: State, operatorName: String, channel: String, currency: Currency, total: Int64, coupon: Int64,
         couponCode: String?, cash: Int64, tendered: Int64, online: Int64, onlineMode: String, retryOf: Int64?,
         createdAt: Millis, finishedAt: Millis?, shiftId: Int64?) {
        self.id = id; self.state = state; self.operatorName = operatorName; self.channel = channel; self.currency = currency
        self.total = total; self.coupon = coupon; self.couponCode = couponCode; self.cash = cash; self.tendered = tendered
        self.online = online; self.onlineMode = onlineMode; self.retryOf = retryOf; self.createdAt = createdAt
        self.finishedAt = finishedAt; self.shiftId = shiftId
    }
}

extension PaymentOrderRecord {
    /// A payment order as `startCheckout` inserts it: nothing sent yet, nothing answered.
    init(id: Int64, checkoutId: Int64, tradeNo: String, platform: PlatformKind, mode: String, codeMasked: String?, amount: Money,
         state: PaymentOrderState, attempt: Int, deadline: Millis, nextQueryAt: Millis, createdAt: Millis) {
        self.id = id; self.checkoutId = checkoutId; self.tradeNo = tradeNo; self.platform = platform; self.mode = mode
        self.codeMasked = codeMasked; self.amount = amount; self.state = state; self.attempt = attempt; self.deadline = deadline
        self.nextQueryAt = nextQueryAt; self.queries = 0; self.platformTradeNo = nil; self.qrContent = nil; self.message = nil
        self.createdAt = createdAt; self.updatedAt = createdAt
    }
}

// Rows decoded while the statement is on them: GRDB finds a column of a copied `Row` by
// lower-casing every column name in turn (about 25,000 instructions for an order), of the
// statement's row through its own name index.

/// An order and, from the same read, its lease facts.
private struct OrderLeaseRow: FetchableRecord {
    var order: OrderRecord
    var leased: Bool
    var heldElsewhere: Bool

    init(row: Row) throws {
        order = try OrderRecord(row: row); leased = row["leased"]; heldElsewhere = row["held_elsewhere"]
    }
}

/// A checkout's order as listed, nil when the order row is missing, and the checkout's count of details.
private struct ListedOrderRow: FetchableRecord {
    var order: OrderRecord?
    var listedOrder: Int64
    var details: Int

    init(row: Row) throws {
        listedOrder = row["listed_order"]; details = row["details"]
        order = (row["id"] as Int64?) == nil ? nil : try OrderRecord(row: row)
    }
}

/// Who is paying an order right now, when the store can tell: the refusal names them.
struct Payer {
    var who: (channel: String, user: String, since: String)?

    func refusal(_ number: String, cancelling: Bool) -> CashierError {
        guard let who else {
            return .conflict(cancelling ? "refusal.order.being_paid_elsewhere_cancel" : "refusal.order.being_paid_elsewhere", ["number": .text(number)])
        }
        return .conflict(cancelling ? "refusal.order.being_paid_cancel" : "refusal.order.being_paid",
                         ["number": .text(number), "channel": .channel(stored: who.channel), "user": .text(who.user), "since": .text(who.since)])
    }
}
