import CashierCore
import SQLSeam

/// One order of a create call and whether this call made it (false: the same order was already
/// there, sent before with the same number and content).
public struct CreatedOrder: Sendable, Equatable {
    public var order: OrderRecord
    public var created: Bool
}

/// A create refused: every item with its problems (index in the call, the number, the problem,
/// and whether it is a conflict with a stored order rather than bad input). Nothing was written.
public struct OrderIntakeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Item: Sendable, Equatable {
        public var index: Int
        public var number: String
        public var problem: FieldProblem
        public var conflict: Bool
    }
    public var items: [Item]
    public var description: String {
        // For logs: language-neutral (each item's refusal is worded by the front end).
        items.map { "\($0.index) \($0.number.prefix(64)) \($0.problem)" }.joined(separator: "; ")
    }
}

extension Store {
    /// Creates orders in one transaction, all or nothing. An order number already stored with the
    /// same content is answered with the stored order (the number is the idempotency key); with
    /// other content it is refused naming the first difference. Unknown types are created and audited.
    public func createOrders(_ drafts: [OrderDraft], actor: String, channel: Channel) throws -> [CreatedOrder] {
        // Audited: on the audit chain's serialization (docs/postgres.md).
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveUser(x, actor)
            return try Store.createOrders(x, drafts, actor: actor, channel: channel, now: now)
        }
    }

    /// Checks every draft in memory, then inserts with cached statements and no read per order: a
    /// number already stored shows as an insert that changed nothing, and only then is the stored
    /// order read and compared. Any refusal throws, so the caller's transaction writes nothing.
    static func createOrders(_ x: any SQLExecutor, _ drafts: [OrderDraft], actor: String, channel: Channel, now: Millis) throws -> [CreatedOrder] {
        let currency = try Store.currency(x)
        var refusal: [OrderIntakeRefusal.Item] = []
        var seen: [String: Int] = [:]
        seen.reserveCapacity(drafts.count)
        for (i, d) in drafts.enumerated() {
            let problems = OrderRules.problems(d, now: now, storeCurrency: currency)
            if !problems.isEmpty {
                refusal += problems.map { .init(index: i, number: d.number, problem: $0, conflict: false) }
                continue
            }
            if let j = seen[d.number] {
                if let diff = OrderRules.firstDifference(stored: drafts[j], sent: d) {
                    refusal.append(.init(index: i, number: d.number, problem: OrderRules.differs(d.number, diff, twice: true), conflict: true))
                }
                continue
            }
            seen[d.number] = i
        }
        func find(_ number: String) throws -> OrderRecord? {
            try x.row("SELECT * FROM orders WHERE number = ?", number).map { try OrderRecord(row: $0) }
        }
        if !refusal.isEmpty {
            // Refused already: the stored orders' conflicts join the list, so one answer names every problem.
            for (i, d) in drafts.enumerated() where seen[d.number] == i {
                if let stored = try find(d.number),
                   let diff = OrderRules.firstDifference(stored: try draft(x, stored), sent: d) {
                    refusal.append(.init(index: i, number: d.number, problem: OrderRules.differs(d.number, diff, twice: false), conflict: true))
                }
            }
            throw OrderIntakeRefusal(items: refusal.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element))
        }

        var types = Set<String>()
        var out: [CreatedOrder] = []
        var createdCount = 0, createdTotal: Int64 = 0
        out.reserveCapacity(drafts.count)
        for (i, d) in drafts.enumerated() {
            if let j = seen[d.number], j != i { out.append(out[j]); continue }
            if types.insert(d.type).inserted {
                // ON CONFLICT DO NOTHING, not SQLite's INSERT OR IGNORE: one form on both engines.
                if try x.execute("INSERT INTO order_types (name) VALUES (?) ON CONFLICT DO NOTHING", d.type) == 1 {
                    try AuditLog.append(x, at: now, AuditEvent(actor: actor, channel: channel.rawValue, action: "order_type.added",
                                                                subject: "type \(d.type)", amount: 0, currency: "", detail: "first used by order \(d.number)"))
                }
            }
            let amount = d.amount!  // checked by OrderRules.problems
            guard let id = try x.insert("""
                INSERT INTO orders (number, type, customer, customer_key, amount, currency, status, expires_at, note, metadata, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'unpaid', ?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING
                """, d.number, d.type, d.customer, d.customer.lowercased(), amount, d.currency.code, d.expiresAt, d.note, d.metadata, now, now, returning: "id")
            else {
                // The number is taken: the same order sent again is answered as stored, other content refused.
                let stored = try find(d.number)!
                if let diff = OrderRules.firstDifference(stored: try draft(x, stored), sent: d) {
                    refusal.append(.init(index: i, number: d.number, problem: OrderRules.differs(d.number, diff, twice: false), conflict: true))
                }
                out.append(.init(order: stored, created: false))
                continue
            }
            for l in d.lines {
                try x.execute("INSERT INTO order_lines (order_id, name, quantity, unit_price) VALUES (?, ?, ?, ?)", id, l.name, l.quantity, l.unitPrice)
            }
            createdCount += 1; createdTotal += amount
            out.append(.init(order: placeholder(id, d, amount, now), created: true))
        }
        guard refusal.isEmpty else { throw OrderIntakeRefusal(items: refusal) }
        if createdCount == 1, let made = out.first(where: \.created) {
            try AuditLog.append(x, at: now, AuditEvent(actor: actor, channel: channel.rawValue, action: "order.created",
                                                        subject: "order \(made.order.number)", amount: made.order.amount.minor, currency: currency.code))
        } else if createdCount > 1 {
            try AuditLog.append(x, at: now, AuditEvent(actor: actor, channel: channel.rawValue, action: "orders.created",
                                                        subject: "\(createdCount) orders", amount: createdTotal, currency: currency.code,
                                                        detail: "first \(drafts.first?.number ?? ""), last \(drafts.last?.number ?? "")"))
        }
        return out
    }

    /// The record a just-inserted order has, as written (no read back).
    static func placeholder(_ id: Int64, _ d: OrderDraft, _ amount: Int64, _ now: Millis) -> OrderRecord {
        OrderRecord(id: id, number: d.number, type: d.type, customer: d.customer, amount: Money(minor: amount, currency: d.currency),
                    status: .unpaid, paid: 0, refundReserved: 0, refunded: 0, cancelled: false, expiresAt: d.expiresAt,
                    note: d.note, metadata: d.metadata, createdAt: now, updatedAt: now)
    }

    /// A stored order as the draft that made it, to compare a repeated create with.
    static func draft(_ x: any SQLExecutor, _ o: OrderRecord) throws -> OrderDraft {
        let lines = try x.rows("SELECT name, quantity, unit_price FROM order_lines WHERE order_id = ? ORDER BY id", o.id)
            .map { try OrderLineRecord(row: $0) }
        return OrderDraft(number: o.number, type: o.type, customer: o.customer, currency: o.currency,
                          lines: lines.map { .init(name: $0.name, quantity: Int64($0.quantity), unitPrice: $0.unitPrice) },
                          expiresAt: o.expiresAt, note: o.note, metadata: o.metadata)
    }

    public func storeCurrency() throws -> Currency { try read { x in try Store.currency(x) } }

    /// Unpaid orders past their `expires_at` become expired (the poller's sweep). An order in a
    /// payment is `paying`, not unpaid: the payment decides, and a failed one leaves it for the next sweep.
    public func expireDueOrders(limit: Int) throws -> [OrderRecord] {
        try write(.serialized(key: Store.auditChain)) { x in try Store.expireDueOrders(x, limit: limit, now: clock.now()) }
    }

    static func expireDueOrders(_ x: any SQLExecutor, limit: Int, now: Millis) throws -> [OrderRecord] {
        let due = try x.rows("""
            SELECT * FROM orders WHERE status = 'unpaid' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?
            """, now, limit).map { try OrderRecord(row: $0) }
        var out: [OrderRecord] = []
        for o in due {
            precondition(OrderStatus.transition(from: .unpaid, on: .expiryPassed) == .expired)
            guard try x.execute(SQLStatement(
                sqlite: "UPDATE orders SET expired = 1, status = 'expired', updated_at = MAX(updated_at, ?) WHERE id = ? AND status = 'unpaid'",
                postgres: "UPDATE orders SET expired = 1, status = 'expired', updated_at = GREATEST(updated_at, ?) WHERE id = ? AND status = 'unpaid'"),
                now, o.id) == 1 else { continue }
            try AuditLog.append(x, at: now, AuditEvent(actor: "poller", channel: "store", action: "order.expired",
                                                       subject: "order \(o.number)", amount: o.amount.minor, currency: o.currency.code))
            try Store.emit(x, .orderExpired, orderId: o.id, now: now)
            out.append(try x.row("SELECT * FROM orders WHERE id = ?", o.id).map { try OrderRecord(row: $0) }!)
        }
        return out
    }

    static func expiredRefusal(_ number: String) -> CashierError {
        CashierError.conflict("refusal.order.expired", ["number": "\(number)"])
    }
}

/// A business system's catch-up list: orders changed since a time, oldest change first, keyset
/// paged on (updated_at, id) so a page costs the same however far behind the caller is.
public struct OrderChangesQuery: Sendable, Equatable {
    public var statuses: [OrderStatus]
    public var type: String?
    public var updatedSince: Millis?
    /// The last (updated_at, id) of the previous page.
    public var after: (updatedAt: Millis, id: Int64)?
    public var limit: Int

    public init(statuses: [OrderStatus] = [], type: String? = nil, updatedSince: Millis? = nil,
                after: (updatedAt: Millis, id: Int64)? = nil, limit: Int = 100) {
        self.statuses = statuses; self.type = type; self.updatedSince = updatedSince; self.after = after; self.limit = limit
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.statuses == b.statuses && a.type == b.type && a.updatedSince == b.updatedSince
            && a.after?.updatedAt == b.after?.updatedAt && a.after?.id == b.after?.id && a.limit == b.limit
    }
}

extension Store {
    public func orderChanges(_ q: OrderChangesQuery) throws -> [OrderRecord] {
        try read { x in
            var clauses: [String] = []
            var args: [SQLValue] = []
            if let s = q.updatedSince { clauses.append("updated_at >= ?"); args.append(.integer(s)) }
            if let a = q.after { clauses.append("(updated_at, id) > (?, ?)"); args += [.integer(a.updatedAt), .integer(a.id)] }
            // Unary + keeps SQLite on orders_by_update (the page order) rather than a filter's index.
            // PostgreSQL's planner needs no such hint (and has no unary + on text): its form is plain.
            let hint = x.dialect == .sqlite ? "+" : ""
            if !q.statuses.isEmpty {
                clauses.append("\(hint)status IN (\(q.statuses.map { _ in "?" }.joined(separator: ",")))")
                for s in q.statuses { args.append(.text(s.rawValue)) }
            }
            if let t = q.type { clauses.append("\(hint)type = ?"); args.append(.text(t)) }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            args.append(.integer(Int64(q.limit)))
            return try x.rows(SQLStatement("SELECT * FROM orders \(whereSQL) ORDER BY updated_at, id LIMIT ?"), args)
                .map { try OrderRecord(row: $0) }
        }
    }
}

extension Store {
    /// A cashier's sale to a walk-in customer: an ordinary order numbered here (`QS-` and the next
    /// free sequence number), created and audited in one transaction like any other order.
    public func createQuickSale(_ draft: OrderDraft, actor: String) throws -> OrderRecord {
        // MAX + 1 and audited: on the audit chain's serialization, so two hosts never take one number.
        try write(.serialized(key: Store.auditChain)) { x in
            let now = clock.now()
            try Store.requireActiveUser(x, actor)
            var next = try x.value(Int64.self, "SELECT COALESCE(MAX(id), 0) + 1 FROM orders") ?? 1
            // An imported order may hold a number of this shape already: take the next free one.
            while try x.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM orders WHERE number = ?)", Store.quickSaleNumber(next)) == true {
                next += 1
            }
            var d = draft
            d.number = Store.quickSaleNumber(next)
            return try Store.createOrders(x, [d], actor: actor, channel: .counter, now: now)[0].order
        }
    }

    static func quickSaleNumber(_ n: Int64) -> String { "QS-" + String(repeating: "0", count: max(0, 6 - String(n).count)) + String(n) }
}
