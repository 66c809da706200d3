import CashierCore
import SQLSeam

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
        // It appends to the audit chain (and, settled here, numbers a receipt): serialized.
        try write(.serialized(key: Store.auditChain)) { x in try Store.startCheckout(x, spec, now: clock.now()) }
    }

    static func startCheckout(_ x: any SQLExecutor, _ spec: CheckoutSpec, now: Millis) throws -> StartedCheckout {
        let shiftId = try Store.requireCheckoutOperator(x, spec.holder)
        guard !spec.orderIds.isEmpty else { throw CashierError.invalid("refusal.checkout.no_orders") }
        guard Set(spec.orderIds).count == spec.orderIds.count else {
            throw CashierError.invalid("refusal.checkout.order_twice")
        }
        var orders: [OrderRecord] = []
        var leases: [(leased: Bool, heldElsewhere: Bool)] = []
        for id in spec.orderIds {
            // The order and, in the same read, whether it has a lease row and whether another
            // session's lease on it is live.
            guard let row = try x.row("""
                SELECT o.*, EXISTS(SELECT 1 FROM order_locks WHERE order_id = o.id) AS leased,
                       EXISTS(SELECT 1 FROM order_locks WHERE order_id = o.id AND session != ? AND expires_at > ?) AS held_elsewhere
                FROM orders o WHERE o.id = ?
                """, spec.holder.session, now, id) else {
                throw CashierError.notFound("refusal.order.no_id", ["id": "\(id)"])
            }
            orders.append(try OrderRecord(row: row))
            leases.append((try row.get("leased"), try row.get("held_elsewhere")))
        }
        let currency = orders[0].currency
        guard orders.allSatisfy({ $0.currency == currency }) else {
            throw CashierError.invalid("refusal.checkout.mixed_currencies")
        }
        guard spec.holder.channel.mayPay else {
            throw CashierError.forbidden("refusal.checkout.integration_cannot_pay")
        }
        for o in orders { try Store.requirePayable(x, o, now: now) }
        let completesHere = spec.onlineMode == .none
        if completesHere {
            // Settled in this transaction: a lease taken now would be dropped before the commit,
            // so none is taken (no fencing token, no lease row). The refusal is the one `lock`
            // gives: another session's live lease; our own or a lapsed one is dropped at the end.
            for (i, o) in orders.enumerated() where leases[i].heldElsewhere {
                throw Store.heldElsewhere(o.number, try x.row("SELECT * FROM order_locks WHERE order_id = ?", o.id).map { try LockRecord(row: $0) }!)
            }
        } else {
            _ = try Store.lock(x, orderIds: spec.orderIds, holder: spec.holder, now: now, ttl: spec.lockTTL)
        }

        let total = orders.reduce(0) { $0 + $1.amount.minor }
        let methods = spec.coupon + spec.cash + spec.online
        // The tender's own rules (CashierCore's Tender), checked again inside the write.
        if let problem = Tender.sumProblem(sum: methods, total: total) ?? Tender.tenderedProblem(tendered: spec.tendered, cash: spec.cash) {
            throw problem.refusal(currency)
        }
        if spec.coupon > 0 {
            try Store.drawCoupon(x, code: spec.couponCode ?? "", amount: spec.coupon, currency: currency, now: now)
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
        // The checkout is written from a record, and that record serves the rest of the
        // transaction (no read back); its id comes without RETURNING on SQLite (`insertedID`).
        var written = CheckoutRecord(
            id: 0, state: .open, operatorName: spec.holder.owner, channel: spec.holder.channel.rawValue, currency: currency,
            total: total, coupon: spec.coupon, couponCode: spec.coupon > 0 ? spec.couponCode : nil, cash: spec.cash,
            tendered: spec.tendered, online: spec.online, onlineMode: modeName, retryOf: spec.retryOf, createdAt: now,
            finishedAt: nil, shiftId: shiftId)
        written.id = try Store.insert(x, written)
        let checkoutId = written.id
        var details = 0
        let tradeNo = Store.tradeNumber(checkoutId)
        for (i, o) in orders.enumerated() {
            do {
                try x.execute("INSERT INTO checkout_orders (checkout_id, order_id, position, amount, open) VALUES (?, ?, ?, ?, 1)",
                              checkoutId, o.id, i, o.amount.minor)
            } catch {
                switch error {
                case .uniqueViolation, .constraintViolation:
                    throw CashierError.conflict("refusal.checkout.order_in_payment", ["number": "\(o.number)"])
                default: throw error
                }
            }
            // Read in this transaction and now in this open checkout (the only one: the partial unique index).
            orders[i] = try Store.refreshOrderStatus(x, o, paying: true, now: now)
            for (m, method) in [PaymentMethod.coupon, .cash, .online].enumerated() where shares[i][m] > 0 {
                let reference: String? = method == .coupon ? spec.couponCode : (method == .online ? tradeNo : nil)
                try x.execute("""
                    INSERT INTO payment_details (checkout_id, order_id, method, amount, currency, state, reference)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?)
                    """, checkoutId, o.id, method.rawValue, shares[i][m], currency.code, reference)
                details += 1
            }
        }
        let numbers = orders.map(\.number).joined(separator: ",")
        let audited = try AuditLog.append(x, at: now, AuditEvent(
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
            let (finished, paid) = try Store.finishCheckout(x, checkoutId: checkoutId, succeeded: true, now: now,
                                                            note: "settled at the counter", held: held)!
            return StartedCheckout(checkoutId: checkoutId, paymentOrder: nil, view: view(finished, nil, paid))
        }
        let attempt = try spec.retryOf.map { try Store.attempt(x, checkoutId: $0) + 1 } ?? 1
        var masked: String?
        if case .code(_, let m) = spec.onlineMode { masked = m }
        let paymentOrderId = try x.insert("""
            INSERT INTO payment_orders (checkout_id, trade_no, platform, mode, code_masked, amount, currency, state,
                                        attempt, deadline, next_query_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?)
            """, checkoutId, tradeNo, platform.rawValue, modeName, masked, spec.online, currency.code,
            attempt, now + spec.paymentWindow, now + spec.firstQueryDelay, now, now, returning: "id")!
        // As inserted, not read back (the columns left out take their defaults: queries 0, the rest NULL).
        let po = PaymentOrderRecord(
            id: paymentOrderId, checkoutId: checkoutId, tradeNo: tradeNo, platform: platform, mode: modeName, codeMasked: masked,
            amount: Money(minor: spec.online, currency: currency), state: .created, attempt: attempt, deadline: now + spec.paymentWindow,
            nextQueryAt: now + spec.firstQueryDelay, createdAt: now)
        return StartedCheckout(checkoutId: checkoutId, paymentOrder: po, view: view(written, po, orders))
    }

    /// Writes a new checkout from its record (all but the id, which the database gives) and returns its id.
    static func insert(_ x: any SQLExecutor, _ c: CheckoutRecord) throws -> Int64 {
        try x.insert("""
            INSERT INTO checkouts (state, operator, channel, currency, total, coupon, coupon_code, cash, tendered,
                                   online, online_mode, retry_of, created_at, finished_at, shift_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, c.state.rawValue, c.operatorName, c.channel, c.currency.code, c.total, c.coupon, c.couponCode,
            c.cash, c.tendered, c.online, c.onlineMode, c.retryOf, c.createdAt, c.finishedAt, c.shiftId, returning: "id")!
    }

    /// "CSH" + the checkout id: one trade number per attempt, reused on every retry of the same call.
    static func tradeNumber(_ checkoutId: Int64) -> String {
        let digits = String(checkoutId)
        return "CSH" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    static func attempt(_ x: any SQLExecutor, checkoutId: Int64) throws -> Int {
        try x.value(Int.self, "SELECT attempt FROM payment_orders WHERE checkout_id = ?", checkoutId) ?? 1
    }
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
