import CashierCore
import GRDB
import SQLiteSupport

/// Payments: pay, precreate, query, cancel, close. Each is one IMMEDIATE transaction, so a retry
/// from another process with the same trade number finds the trade instead of making a second.
extension SandboxPlatform {
    public func pay(_ request: PayRequest) async -> PayOutcome {
        guard case .code(let code) = request.mode else {
            return .declined(reason: "a code payment needs the customer's payment code")
        }
        if let reason = Self.invalidReason(request) { return .declined(reason: reason) }
        let now = clock.now()
        let due = now + timeScale.millis(10)
        do {
            let (outcome, slow) = try await transaction { db -> (PayOutcome, Bool) in
                try Sandbox.settle(db, request.tradeNo, now: now)
                if try Sandbox.isBurnt(db, request.tradeNo) { return (.declined(reason: Self.burntNumber), false) }
                if let trade = try TradeRow.find(db, request.tradeNo) {
                    guard trade.amount == request.amount else { return (.declined(reason: Self.reusedAmount), false) }
                    return (Self.payAnswer(trade), false)
                }
                let behaviour = SandboxBehaviour(digit: code.lastDigit)
                let (status, reason, succeedsAt): (TradeRow.Status, String?, Millis?) = switch behaviour {
                case .userPaying: (.waiting, nil, due)
                case .userPayingForever: (.waiting, nil, nil)
                case .declined: (.failed, "insufficient balance", nil)
                case .unknownFailed: (.failed, "payment failed at the platform: the customer's card was refused", nil)
                case .success, .unknownSucceeded, .slowRefunds, .refundFailsOnce: (.succeeded, nil, nil)
                }
                try Self.insert(db, request, mode: "code", behaviour: code.lastDigit, status: status,
                                failReason: reason, succeedsAt: succeedsAt, now: now)
                let trade = try TradeRow.find(db, request.tradeNo)!
                let slow = behaviour == .unknownSucceeded || behaviour == .unknownFailed
                return (Self.payAnswer(trade), slow)
            }
            guard slow else { return outcome }
            await slowAnswer()
            return .unknown(reason: "no answer from the platform (timeout)")
        } catch {
            return .unknown(reason: Self.trouble(error))
        }
    }

    public func precreate(_ request: PayRequest) async -> PrecreateOutcome {
        guard case .qr = request.mode else {
            return .failed(reason: "a QR payment takes a platform, not a payment code")
        }
        if let reason = Self.invalidReason(request) { return .failed(reason: reason) }
        let now = clock.now()
        do {
            return try await transaction { db -> PrecreateOutcome in
                try Sandbox.settle(db, request.tradeNo, now: now)
                if try Sandbox.isBurnt(db, request.tradeNo) { return .failed(reason: Self.burntNumber) }
                if let trade = try TradeRow.find(db, request.tradeNo) {
                    guard trade.amount == request.amount else { return .failed(reason: Self.reusedAmount) }
                    switch trade.status {
                    case .waiting where trade.isQR: return .created(qrContent: Self.qrContent(trade.tradeNo))
                    case .waiting: return .failed(reason: "the trade number is in use by a code payment")
                    case .succeeded: return .failed(reason: "the trade is already paid")
                    case .failed: return .failed(reason: trade.failReason ?? "the trade failed")
                    case .closed: return .failed(reason: "the trade is closed")
                    }
                }
                try Self.insert(db, request, mode: "qr", behaviour: 0, status: .waiting,
                                failReason: nil, succeedsAt: nil, now: now)
                return .created(qrContent: Self.qrContent(request.tradeNo))
            }
        } catch {
            return .unknown(reason: Self.trouble(error))
        }
    }

    public func query(tradeNo: String) async -> QueryOutcome {
        let now = clock.now()
        do {
            return try await transaction { db -> QueryOutcome in
                try Sandbox.settle(db, tradeNo, now: now)
                if let trade = try TradeRow.find(db, tradeNo) { return .trade(trade.query) }
                if try Sandbox.isBurnt(db, tradeNo) { return .trade(TradeQuery(status: .closed)) }
                return .trade(TradeQuery(status: .notFound))
            }
        } catch {
            return .unknown(reason: Self.trouble(error))
        }
    }

    /// Alipay trade.cancel / WeChat reverse: closes an unpaid trade or returns a paid one's money.
    public func cancel(tradeNo: String) async -> CancelOutcome {
        await closing(tradeNo) { trade in
            guard trade.status == .succeeded else { return nil }
            if trade.refundedMinor + trade.pendingMinor > 0 {
                return .refused(reason: "the trade already has refunds; refund the rest instead")
            }
            return .closed(reversed: true)
        }
    }

    /// Alipay trade.close: only for unpaid trades (QR payments that expired).
    public func close(tradeNo: String) async -> CancelOutcome {
        await closing(tradeNo) { trade in
            guard trade.status == .succeeded else { return nil }
            if trade.isFullyRefunded { return .refused(reason: "the trade was paid and is refunded in full") }
            return .refused(reason: "the trade is paid; refund it instead")
        }
    }

    /// The shared part of cancel and close; `paid` decides what happens to a succeeded trade
    /// (nil for trades in any other state). An already closed trade reports whether it was
    /// reversed, so a retried cancel tells the same story as the first.
    private func closing(_ tradeNo: String,
                         paid: @escaping @Sendable (TradeRow) -> CancelOutcome?) async -> CancelOutcome {
        let now = clock.now()
        do {
            return try await transaction { db -> CancelOutcome in
                try Sandbox.settle(db, tradeNo, now: now)
                guard let trade = try TradeRow.find(db, tradeNo) else {
                    try Sandbox.burn(db, tradeNo, now: now)
                    return .closed(reversed: false)
                }
                if trade.status == .closed { return .closed(reversed: trade.reversed) }
                let outcome = paid(trade) ?? .closed(reversed: false)
                guard case .closed(let reversed) = outcome else { return outcome }
                try db.run(sql: """
                    UPDATE trade SET status = 'closed', reversed = ?, succeeds_at = NULL, updated_at = ?
                    WHERE trade_no = ?
                    """, arguments: [reversed, now, tradeNo])
                return outcome
            }
        } catch {
            return .unknown(reason: Self.trouble(error))
        }
    }

    /// The current state of an existing trade, as a repeated pay call reports it.
    static func payAnswer(_ trade: TradeRow) -> PayOutcome {
        switch trade.status {
        case .waiting: return .waitingForCustomer
        case .succeeded: return .succeeded(platformTradeNo: trade.platformTradeNo)
        case .failed: return .declined(reason: trade.failReason ?? "the payment failed")
        case .closed:
            return .declined(reason: trade.reversed ? "the trade was cancelled and its money returned" : "the trade is closed")
        }
    }

    static func insert(_ db: Database, _ request: PayRequest, mode: String, behaviour: Int,
                       status: TradeRow.Status, failReason: String?, succeedsAt: Millis?, now: Millis) throws {
        try db.run(sql: """
            INSERT INTO trade (trade_no, platform, mode, behaviour, subject, currency, exponent, amount_minor,
                               status, fail_reason, succeeds_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [request.tradeNo, request.mode.platform.rawValue, mode, behaviour, request.subject,
                             request.amount.currency.code, request.amount.currency.exponent, request.amount.minor,
                             status.rawValue, failReason, succeedsAt, now, now])
    }
}
