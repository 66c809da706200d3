import CashierCore
import CashierStore
import PaymentPlatform

/// A checkout as it stands: what screens, the CLI and tests read.
public typealias PaymentSnapshot = CheckoutView

extension CheckoutView {
    /// Final when the checkout is no longer open.
    public var isFinal: Bool { checkout.state != .open }
}

/// What the cashier chose: which orders, the tender (CashierCore's one model of it), who and
/// from where. Parsed, not yet checked against the store.
public struct PaymentPlan: Sendable {
    public typealias Online = Tender.Online

    public var orderIds: [Int64]
    public var tender: Tender
    public var operatorName: String
    public var channel: Channel

    public init(orderIds: [Int64], tender: Tender, operatorName: String, channel: Channel = .counter) {
        self.orderIds = orderIds; self.tender = tender; self.operatorName = operatorName; self.channel = channel
    }

    public init(orderIds: [Int64], coupon: Int64 = 0, couponCode: String? = nil, cash: Int64 = 0, tendered: Int64? = nil,
                online: Int64 = 0, onlineMode: Online = .none, operatorName: String, channel: Channel = .counter) {
        self.init(orderIds: orderIds, tender: Tender(coupon: coupon, couponCode: couponCode, cash: cash, tendered: tendered,
                                                     online: online, onlineMode: onlineMode),
                  operatorName: operatorName, channel: channel)
    }
}

extension Engine {
    /// Starts a checkout and, for an online part, sends it to the platform. Returns as soon as the
    /// platform answered (waiting and unknown included); the poller carries it to a final state.
    public func pay(_ plan: PaymentPlan, retryOf: Int64? = nil) async throws(CashierError) -> PaymentSnapshot {
        let t = plan.tender
        // What needs no orders is checked here; the store re-checks everything inside its write.
        // (These refusals name no amount, so the currency, not known before the orders, is moot.)
        if let problem = t.shapeProblems.first { throw problem.refusal(.cny) }
        let mode: PayMode?
        let online: CheckoutSpec.Online
        switch t.onlineMode {
        case .none:
            mode = nil
            online = .none
        case .code(let text):
            // Valid: `shapeProblems` parsed it.
            let code = try! PaymentCode(text)
            mode = .code(code)
            online = .code(platform: code.platform, masked: code.masked)
        case .qr(let p):
            mode = .qr(p)
            online = .qr(platform: p)
        }
        if let kind = mode?.platform, platform.routes.platform(for: kind) == nil { throw .noPlatform(kind) }
        let spec = CheckoutSpec(
            orderIds: plan.orderIds, coupon: t.coupon, couponCode: t.couponCode, cash: t.cash,
            tendered: t.handedOver, online: t.online, onlineMode: online,
            holder: holder(plan.operatorName, plan.channel), retryOf: retryOf, lockTTL: schedule.lockTTL,
            paymentWindow: mode.map(schedule.paymentWindow) ?? 0,
            firstQueryDelay: schedule.codeQueryDelay)
        let started = try storeCall { try store.startCheckout(spec) }
        // The receipt is numbered inside the settling transaction; its file and printing are the
        // background worker's, off the payment's path (`flushReceipts()` waits for them).
        guard let po = started.paymentOrder, let mode else {
            if started.view.checkout.state == .succeeded { kickReceipts() }
            return started.view
        }
        await send(po, mode: mode)
        let settled = try snapshot(checkoutId: started.checkoutId)
        if settled.checkout.state == .succeeded { kickReceipts() }
        return settled
    }

    /// The platform call of a new payment order, and its answer applied.
    func send(_ po: PaymentOrderRecord, mode: PayMode) async {
        let request = PayRequest(tradeNo: po.tradeNo, amount: po.amount, subject: "Cashier checkout \(po.checkoutId)", mode: mode)
        do {
            switch mode {
            case .code:
                switch await platform.pay(request) {
                case .succeeded(let ptn): try await applySuccess(po, platformTradeNo: ptn)
                case .waitingForCustomer:
                    try store.paymentWaiting(id: po.id, message: "waiting for the customer to confirm",
                                             nextQueryAt: schedule.nextCodeQuery(now: now()))
                case .declined(let reason): _ = try store.paymentFailed(id: po.id, reason: reason)
                case .unknown(let reason):
                    try store.paymentWaiting(id: po.id, message: "result unknown (\(reason)): asking the platform",
                                             nextQueryAt: schedule.nextCodeQuery(now: now()))
                }
            case .qr:
                switch await platform.precreate(request) {
                case .created(let qr): try store.paymentQRCreated(id: po.id, qrContent: qr, nextQueryAt: schedule.firstQRQuery(now: now()))
                case .failed(let reason): _ = try store.paymentFailed(id: po.id, reason: reason)
                case .unknown(let reason):
                    try store.paymentWaiting(id: po.id, message: "QR code not confirmed (\(reason)): asking the platform",
                                             nextQueryAt: schedule.firstQRQuery(now: now()))
                }
            }
        } catch {
            // The payment order is in the store with a next query time: the poller finishes it.
            logger.error("applying the platform's answer for \(po.tradeNo) failed: \(error)")
        }
    }

    /// Re-payment after a failure, a close or a timeout: the same orders and split in a new
    /// checkout with a new trade number, only once the previous payment is final at the platform.
    public func repay(checkoutId: Int64, code: String?, operatorName: String, channel: Channel = .counter) async throws(CashierError) -> PaymentSnapshot {
        let previous = try snapshot(checkoutId: checkoutId)
        guard previous.checkout.state == .failed else {
            throw previous.checkout.state == .open
                ? .conflict("refusal.payment.in_progress", ["trade": .text(previous.paymentOrder?.tradeNo ?? String(checkoutId))])
                : .conflict("refusal.payment.already_paid", ["checkout": "\(checkoutId)"])
        }
        var online: PaymentPlan.Online = .none
        if let po = previous.paymentOrder {
            if po.isQR {
                online = .qr(po.platform)
            } else {
                guard let code, !code.isEmpty else {
                    throw .invalid("refusal.payment.repay_needs_code")
                }
                online = .code(code)
            }
        }
        let c = previous.checkout
        let plan = PaymentPlan(orderIds: previous.shares.map(\.order.id), coupon: c.coupon, couponCode: c.couponCode,
                               cash: c.cash, tendered: c.tendered, online: c.online, onlineMode: online,
                               operatorName: operatorName, channel: channel)
        return try await pay(plan, retryOf: checkoutId)
    }

    /// The cashier gives up on a waiting payment: it is cancelled at the platform before it is
    /// called closed. Returns once the platform answered (or the poller will finish it).
    public func cancel(checkoutId: Int64, by user: String) async throws(CashierError) -> PaymentSnapshot {
        let snap = try snapshot(checkoutId: checkoutId)
        guard let po = snap.paymentOrder, !po.state.isFinal else {
            throw .conflict("refusal.payment.nothing_waiting", ["checkout": "\(checkoutId)"])
        }
        _ = try storeCall { try store.paymentClosing(id: po.id, event: .cancelRequested, reason: "cancelled by \(user)") }
        if let current = try storeCall({ try store.paymentOrder(id: po.id) }) {
            await closeAtPlatform(current)
        }
        return try snapshot(checkoutId: checkoutId)
    }

    public func snapshot(checkoutId: Int64) throws(CashierError) -> PaymentSnapshot {
        guard let v = try storeCall({ try store.checkoutView(id: checkoutId) }) else {
            throw .notFound("refusal.payment.no_checkout", ["checkout": "\(checkoutId)"])
        }
        return v
    }
}
