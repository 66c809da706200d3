import CashierCore
import SQLSeam

extension Store {
    public func requestRefund(orderId: Int64, amount: Int64, reason: String, by user: String, channel: Channel) throws -> RefundRequestRecord {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            guard let o = try x.row("SELECT * FROM orders WHERE id = ?", orderId).map(OrderRecord.init(row:)) else {
                throw CashierError.notFound("refusal.order.no_id", ["id": "\(orderId)"])
            }
            guard [.paid, .partiallyRefunded].contains(o.status) else {
                throw CashierError.conflict("refusal.refund.order_not_paid", ["number": "\(o.number)", "state": .status(o.status)])
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CashierError.invalid("refusal.refund.needs_reason")
            }
            // Bounded for every way in (API, CLI, console): a 100 KB reason is refused, not stored.
            if let p = OrderRules.textProblem(reason, field: "reason", what: .reason, max: OrderLimits.reason) {
                throw p.refusal
            }
            guard amount > 0 else { throw CashierError.invalid("refusal.refund.amount_not_positive") }
            guard amount <= o.refundable else {
                throw CashierError.invalid("refusal.refund.over_refundable", ["number": "\(o.number)", "left": .amount(Money(minor: o.refundable, currency: o.currency))])
            }
            guard let id = try x.insert("""
                INSERT INTO refund_requests (order_id, amount, currency, reason, requested_by, channel, requested_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'requested')
                """, orderId, amount, o.currency.code, reason, user, channel.rawValue, now, returning: "id") else {
                throw CashierError.bug("a refund request's insert returned no id")
            }
            try AuditLog.append(x, at: now, AuditEvent(actor: user, channel: channel.rawValue, action: "refund.requested",
                                                        subject: "request \(id) order \(o.number)", amount: amount,
                                                        currency: o.currency.code, detail: reason))
            return try x.row("SELECT * FROM refund_requests WHERE id = ?", id).map(RefundRequestRecord.init(row:))!
        }
    }

    /// Approves a request: reserves the amount on the order and on the details it draws from,
    /// inside the write itself (`refund_reserved + x <= paid`), so racing approvals cannot
    /// over-refund. Draws online first, then cash, then coupon (oldest detail first). Cash and
    /// coupon refunds settle at once; online ones are returned for the engine to send.
    public func approveRefund(requestId: Int64, supervisor: String) throws -> [RefundOrderRecord] {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveSupervisor(x, supervisor)
            guard let r = try x.row("SELECT * FROM refund_requests WHERE id = ?", requestId).map(RefundRequestRecord.init(row:)) else {
                throw CashierError.notFound("refusal.refund.no_request", ["id": "\(requestId)"])
            }
            guard try x.transition("refund_requests", id: requestId, from: RefundRequestState.requested, on: .approve,
                                    set: "decided_by = ?, decided_at = ?", [supervisor, now]) else {
                throw CashierError.conflict("refusal.refund.decided_approve", ["id": "\(requestId)", "state": .request(r.state)])
            }
            let minor = r.amount.minor
            guard try x.execute("UPDATE orders SET refund_reserved = refund_reserved + ? WHERE id = ? AND refund_reserved + ? <= paid",
                                minor, r.orderId, minor) == 1 else {
                let o = try x.row("SELECT * FROM orders WHERE id = ?", r.orderId).map(OrderRecord.init(row:))!
                throw CashierError.conflict("refusal.refund.request_over_refundable", ["id": "\(requestId)", "amount": .amount(r.amount), "number": "\(o.number)", "left": .amount(Money(minor: o.refundable, currency: o.currency))])
            }
            let details = try x.rows(SQLStatement("""
                SELECT * FROM payment_details WHERE order_id = ? AND state IN (\(StateList.refundableDetails))
                ORDER BY CASE method WHEN 'online' THEN 0 WHEN 'cash' THEN 1 ELSE 2 END, id
                """), [.integer(r.orderId)]).map(PaymentDetailRecord.init(row:))
            guard let draws = Allocation.drawInOrder(minor, capacities: details.map { $0.amount - $0.refundReserved }) else {
                throw CashierError.bug("order \(r.orderId): details cannot cover a refund the order allows")
            }
            // Cash is paid out of a drawer: decided before anything is paid (refuses when there is none).
            let hasCash = zip(details, draws).contains { $0.0.method == .cash && $0.1 > 0 }
            let drawer: Int64? = try hasCash
                ? Store.cashRefundShift(x, requestedBy: r.requestedBy, approver: supervisor, requestId: requestId,
                                        paying: zip(details, draws).filter { $0.0.method == .cash }.reduce(0) { $0 + $1.1 }).id
                : nil
            var created: [RefundOrderRecord] = []
            for (d, draw) in zip(details, draws) where draw > 0 {
                guard try x.execute("UPDATE payment_details SET refund_reserved = refund_reserved + ? WHERE id = ? AND refund_reserved + ? <= amount",
                                    draw, d.id, draw) == 1 else { throw CashierError.bug("detail \(d.id) over-reserved") }
                let tradeNo = d.method == .online ? d.reference : nil
                guard let roId = try x.insert("""
                    INSERT INTO refund_orders (request_id, detail_id, order_id, refund_no, method, amount, currency, state,
                                               trade_no, next_query_at, created_at, updated_at)
                    VALUES (?, ?, ?, '', ?, ?, ?, 'created', ?, ?, ?, ?)
                    """, requestId, d.id, r.orderId, d.method.rawValue, draw, d.currency.code, tradeNo, now, now, now, returning: "id") else {
                    throw CashierError.bug("a refund order's insert returned no id")
                }
                try x.execute("UPDATE refund_orders SET refund_no = ? WHERE id = ?", Store.refundNumber(roId), roId)
                if d.method == .coupon, let code = d.reference {
                    try x.execute("UPDATE coupons SET balance = balance + ? WHERE code = ?", draw, code)
                }
                if d.method != .online {
                    // Cash leaves the drawer and coupon value is restored now: nothing to wait for.
                    try Store.settleRefund(x, id: roId, succeeded: true, reason: nil, now: now, actor: supervisor,
                                           drawer: d.method == .cash ? drawer : nil)
                }
                created.append(try x.row("SELECT * FROM refund_orders WHERE id = ?", roId).map(RefundOrderRecord.init(row:))!)
            }
            try AuditLog.append(x, at: now, AuditEvent(actor: supervisor, channel: r.channel, action: "refund.approved",
                                                        subject: "request \(requestId) order \(r.orderId)", amount: minor,
                                                        currency: r.amount.currency.code,
                                                        detail: created.map { "\($0.refundNo):\($0.method.rawValue)=\($0.amount.minor)" }.joined(separator: " ")))
            return created
        }
    }

    public func rejectRefund(requestId: Int64, supervisor: String, note: String) throws -> RefundRequestRecord {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveSupervisor(x, supervisor)
            guard let r = try x.row("SELECT * FROM refund_requests WHERE id = ?", requestId).map(RefundRequestRecord.init(row:)) else {
                throw CashierError.notFound("refusal.refund.no_request", ["id": "\(requestId)"])
            }
            guard try x.transition("refund_requests", id: requestId, from: RefundRequestState.requested, on: .reject,
                                    set: "decided_by = ?, decided_at = ?, decision_note = ?", [supervisor, now, note]) else {
                throw CashierError.conflict("refusal.refund.decided_reject", ["id": "\(requestId)", "state": .request(r.state)])
            }
            try AuditLog.append(x, at: now, AuditEvent(actor: supervisor, channel: r.channel, action: "refund.rejected",
                                                        subject: "request \(requestId) order \(r.orderId)", amount: r.amount.minor,
                                                        currency: r.amount.currency.code, detail: note))
            return try x.row("SELECT * FROM refund_requests WHERE id = ?", requestId).map(RefundRequestRecord.init(row:))!
        }
    }

    static func refundNumber(_ id: Int64) -> String {
        let digits = String(id)
        return "RF" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// Success adds the amount to what the detail and order have refunded; failure gives the
    /// reservation back so the money can be requested again.
    static func settleRefund(_ x: any SQLExecutor, id: Int64, succeeded: Bool, reason: String?, now: Millis, actor: String,
                             drawer: Int64? = nil) throws {
        guard let ro = try x.row("SELECT * FROM refund_orders WHERE id = ?", id).map(RefundOrderRecord.init(row:)) else { return }
        let event: RefundOrderState.Event = succeeded ? .platformSucceeded : .platformFailed
        guard try x.transition("refund_orders", id: id, from: ro.state, on: event,
                                set: "next_query_at = NULL, lease_owner = NULL, lease_until = NULL, message = ?, updated_at = ?", [reason, now])
        else { return }
        let minor = ro.amount.minor
        if succeeded {
            let d = try x.row("SELECT * FROM payment_details WHERE id = ?", ro.detailId).map(PaymentDetailRecord.init(row:))!
            let target = PaymentDetailState.settled(amount: d.amount, refunded: d.refunded + minor)
            guard try x.transition("payment_details", id: d.id, from: d.state, on: target == .refunded ? .refundedAll : .refundedPart,
                                    set: "refunded = refunded + ?", [minor]) else {
                throw CashierError.bug("payment detail \(d.id) could not take a refund of \(minor)")
            }
            try x.execute("UPDATE orders SET refunded = refunded + ? WHERE id = ?", minor, ro.orderId)
            if ro.method == .cash {
                // Paid out of a drawer in this same transaction.
                guard let drawer else { throw CashierError.bug("cash refund \(ro.refundNo) settled without a drawer") }
                try addMovement(x, shiftId: drawer, kind: .refund, amount: -minor, currency: ro.amount.currency, reason: nil,
                                refundOrderId: ro.id, operatorName: actor, now: now)
            }
        } else {
            try x.execute("UPDATE payment_details SET refund_reserved = refund_reserved - ? WHERE id = ?", minor, ro.detailId)
            try x.execute("UPDATE orders SET refund_reserved = refund_reserved - ? WHERE id = ?", minor, ro.orderId)
        }
        try refreshOrderStatus(x, orderId: ro.orderId, now: now)
        if succeeded {
            let status = try x.value(String.self, "SELECT status FROM orders WHERE id = ?", ro.orderId)
            try emit(x, status == OrderStatus.refunded.rawValue ? .orderRefunded : .orderPartiallyRefunded, orderId: ro.orderId, now: now,
                     extra: ["refund_no": ro.refundNo, "refund_amount": ro.amount.decimal])
        } else {
            try emit(x, .refundFailed, orderId: ro.orderId, now: now, extra: ["refund_no": ro.refundNo, "reason": reason ?? ""])
        }
        try AuditLog.append(x, at: now, AuditEvent(actor: actor, channel: ro.method == .online ? "platform" : "counter",
                                                    action: succeeded ? "refund.succeeded" : "refund.failed",
                                                    subject: "\(ro.refundNo) order \(ro.orderId)", amount: minor,
                                                    currency: ro.amount.currency.code, detail: reason ?? ro.method.rawValue))
    }

    public func refundSucceeded(id: Int64) throws {
        try write(.serialized(key: Store.auditChain)) { x in try Store.settleRefund(x, id: id, succeeded: true, reason: nil, now: clock.now(), actor: "poller") }
    }

    public func refundFailed(id: Int64, reason: String) throws {
        try write(.serialized(key: Store.auditChain)) { x in try Store.settleRefund(x, id: id, succeeded: false, reason: reason, now: clock.now(), actor: "poller") }
    }

    /// Sent to the platform; the result comes by query.
    public func refundProcessing(id: Int64, nextQueryAt: Millis, message: String?) throws {
        try write { x in
            let now = clock.now()
            _ = try x.transition("refund_orders", id: id, from: RefundOrderState.created, on: .submitted)
            try x.execute(SQLStatement("""
                UPDATE refund_orders SET next_query_at = ?, attempts = attempts + 1, message = ?, updated_at = ?,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state IN (\(StateList.openRefunds))
                """), [.integer(nextQueryAt), message.sqlValue, .integer(now), .integer(id)])
        }
    }

    /// Retries a failed refund with the same refund number, reserving the amount again under
    /// the same limits as an approval.
    public func retryRefund(id: Int64, by user: String) throws -> RefundOrderRecord {
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            guard let ro = try x.row("SELECT * FROM refund_orders WHERE id = ?", id).map(RefundOrderRecord.init(row:)) else {
                throw CashierError.notFound("refusal.refund.no_refund", ["id": "\(id)"])
            }
            guard ro.state == .failed else { throw CashierError.conflict("refusal.refund.retry_not_failed", ["refund": "\(ro.refundNo)", "state": .refund(ro.state)]) }
            let minor = ro.amount.minor
            guard try x.execute("UPDATE orders SET refund_reserved = refund_reserved + ? WHERE id = ? AND refund_reserved + ? <= paid", minor, ro.orderId, minor) == 1 else { throw CashierError.conflict("refusal.refund.retry_over_order", ["refund": "\(ro.refundNo)"]) }
            guard try x.execute("UPDATE payment_details SET refund_reserved = refund_reserved + ? WHERE id = ? AND refund_reserved + ? <= amount", minor, ro.detailId, minor) == 1 else { throw CashierError.conflict("refusal.refund.retry_over_payment", ["refund": "\(ro.refundNo)"]) }
            guard try x.transition("refund_orders", id: id, from: RefundOrderState.failed, on: .retried,
                                    set: "next_query_at = ?, updated_at = ?, message = NULL", [now, now]) else {
                throw CashierError.conflict("refusal.refund.changed", ["refund": "\(ro.refundNo)"])
            }
            try AuditLog.append(x, at: now, AuditEvent(actor: user, channel: "counter", action: "refund.retried",
                                                        subject: ro.refundNo, amount: minor, currency: ro.amount.currency.code))
            return try x.row("SELECT * FROM refund_orders WHERE id = ?", id).map(RefundOrderRecord.init(row:))!
        }
    }

    public func refundReschedule(id: Int64, nextQueryAt: Millis, message: String?) throws {
        try write { x in
            try x.execute(SQLStatement("""
                UPDATE refund_orders SET next_query_at = ?, message = COALESCE(?, message), lease_owner = NULL, lease_until = NULL, updated_at = ?
                WHERE id = ? AND state IN (\(StateList.openRefunds))
                """), [.integer(nextQueryAt), message.sqlValue, .integer(clock.now()), .integer(id)])
        }
    }

    /// Leases the due refunds to this poller. On PostgreSQL two pollers would pick the same rows
    /// from the same snapshot: `FOR UPDATE SKIP LOCKED` makes each row go to one of them.
    public func claimDueRefunds(owner: String, lease: Millis, limit: Int) throws -> [RefundOrderRecord] {
        try write { x in
            let now = clock.now()
            let claim = SQLStatement.claim { locking in
                """
                UPDATE refund_orders SET lease_owner = ?, lease_until = ?
                WHERE id IN (SELECT id FROM refund_orders
                             WHERE state IN (\(StateList.openRefunds)) AND next_query_at <= ?
                               AND (lease_until IS NULL OR lease_until <= ?)
                             ORDER BY next_query_at LIMIT ?\(locking))
                RETURNING *
                """
            }
            return try x.rows(claim,
                              [.text(owner), .integer(now + lease), .integer(now), .integer(now), .integer(Int64(limit))])
                .map(RefundOrderRecord.init(row:))
        }
    }

    public func refundRequest(id: Int64) throws -> RefundRequestRecord? {
        try read { x in try x.row("SELECT * FROM refund_requests WHERE id = ?", id).map(RefundRequestRecord.init(row:)) }
    }

    public func refundOrders(requestId: Int64) throws -> [RefundOrderRecord] {
        try read { x in try x.rows("SELECT * FROM refund_orders WHERE request_id = ? ORDER BY id", requestId).map(RefundOrderRecord.init(row:)) }
    }

    public func refundRequests(state: RefundRequestState?, orderId: Int64? = nil, limit: Int = 200) throws -> [RefundRequestRecord] {
        try read { x in
            var clauses: [String] = []
            var args: [SQLValue] = []
            if let state { clauses.append("state = ?"); args.append(.text(state.rawValue)) }
            if let orderId { clauses.append("order_id = ?"); args.append(.integer(orderId)) }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            args.append(.integer(Int64(limit)))
            return try x.rows(SQLStatement("SELECT * FROM refund_requests \(whereSQL) ORDER BY id LIMIT ?"), args).map(RefundRequestRecord.init(row:))
        }
    }
}

extension Store {
    public func refundOrderRecord(refundNo: String) throws -> RefundOrderRecord? {
        try read { x in try x.row("SELECT * FROM refund_orders WHERE refund_no = ?", refundNo).map(RefundOrderRecord.init(row:)) }
    }

    public func refundOrder(refundNo: String) throws -> Int64? {
        try read { x in try x.value(Int64.self, "SELECT id FROM refund_orders WHERE refund_no = ?", refundNo) }
    }
}
