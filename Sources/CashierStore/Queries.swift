import CashierCore
import Foundation
import SQLSeam

public struct OrderFilter: Sendable, Equatable {
    /// An order number prefix or a customer name prefix (case-insensitive).
    public var search: String
    public var type: String?
    public var statuses: [OrderStatus]
    /// Keyset paging: only orders with a smaller id (newest first).
    public var beforeId: Int64?
    public var limit: Int

    public init(search: String = "", type: String? = nil, statuses: [OrderStatus] = [], beforeId: Int64? = nil, limit: Int = 50) {
        self.search = search; self.type = type; self.statuses = statuses; self.beforeId = beforeId; self.limit = limit
    }
}

extension Store {
    /// Newest first, by keyset: every page costs the same at any store size because each branch
    /// walks an index (number, customer_key, or status/type + id) from the cursor.
    public func orders(_ f: OrderFilter) throws -> [OrderRecord] {
        try read { x in try Store.orders(x, f) }
    }

    static func orders(_ x: any SQLExecutor, _ f: OrderFilter) throws -> [OrderRecord] {
        var clauses: [String] = []
        var args: [SQLValue] = []
        if !f.statuses.isEmpty {
            clauses.append("status IN (\(f.statuses.map { _ in "?" }.joined(separator: ",")))")
            for s in f.statuses { args.append(.text(s.rawValue)) }
        }
        if let t = f.type { clauses.append("type = ?"); args.append(.text(t)) }
        if let b = f.beforeId { clauses.append("id < ?"); args.append(.integer(b)) }
        let search = f.search.trimmingCharacters(in: .whitespaces)
        // `true` reads the same on both engines (SQLite ≥ 3.23), where `1` does not.
        let base = clauses.isEmpty ? "true" : clauses.joined(separator: " AND ")
        // The same filters with their indexes switched off (unary +): a prefix branch must walk
        // its column's index, not scan every unpaid order checking the prefix. PostgreSQL's
        // planner needs no such hint (and has no unary + on text): its form is the plain one.
        let plainBase = clauses.isEmpty || x.dialect == .postgres ? base : clauses.map { "+" + $0 }.joined(separator: " AND ")
        // One status (with or without a type), or no filter at all, walks an index in id order.
        let idOrdered = f.statuses.count == 1 || (f.statuses.isEmpty && f.type == nil)
        if search.isEmpty {
            return try x.rows(SQLStatement("SELECT * FROM orders WHERE \(base) ORDER BY id DESC LIMIT ?"), args + [.integer(Int64(f.limit))])
                .map { try OrderRecord(row: $0) }
        }
        // Prefix ranges ("abc" matches [abc, abc\u{10FFFF})) on the number and customer indexes.
        let byNumber = try Store.prefixBranch(x, column: "number", prefix: search.uppercased(), base: base,
                                              plainBase: plainBase, idOrdered: idOrdered, args: args, limit: f.limit)
        let byCustomer = try Store.prefixBranch(x, column: "customer_key", prefix: search.lowercased(), base: base,
                                                plainBase: plainBase, idOrdered: idOrdered, args: args, limit: f.limit)
        var seen = Set<Int64>()
        return (byNumber + byCustomer).filter { seen.insert($0.id).inserted }
            .sorted { $0.id > $1.id }.prefix(f.limit).map { $0 }
    }

    /// Newest `limit` orders whose `column` starts with `prefix`, at a cost that does not grow with
    /// the store. Few prefix matches (an index-only count under the cap): read them from the
    /// column's index, filter and sort. Many (a common surname): walk the newest orders of the
    /// filter a bounded distance; that is complete when the filter itself is small (a rare status
    /// or type). Only many old matches under a large filter (an early number range) fall back to
    /// picking from the column's index by id. The ranges compare bytes: PostgreSQL's columns are
    /// `COLLATE "C"` for it (PostgresSchema). FROM-subqueries carry an alias, which both engines read.
    static func prefixBranch(_ x: any SQLExecutor, column: String, prefix: String, base: String, plainBase: String,
                             idOrdered: Bool, args: [SQLValue], limit: Int) throws -> [OrderRecord] {
        let probeCap: Int64 = 2_000
        let walk: Int64 = 20_000
        let limitCount = limit
        let limit = SQLValue.integer(Int64(limit))
        let range: [SQLValue] = [.text(prefix), .text(prefix + "\u{10FFFF}")]
        func orders(_ sql: String, _ values: [SQLValue]) throws -> [OrderRecord] {
            try x.rows(SQLStatement(sql), values).map { try OrderRecord(row: $0) }
        }
        let matches = try x.rows(SQLStatement("""
            SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE \(column) >= ? AND \(column) < ? LIMIT ?) AS probe
            """), range + [.integer(probeCap)]).first?.get(at: 0, as: Int64.self) ?? 0
        if matches < probeCap {
            return try orders("""
                SELECT * FROM orders WHERE \(column) >= ? AND \(column) < ? AND \(plainBase) ORDER BY id DESC LIMIT ?
                """, range + args + [limit])
        }
        // A walk reads only what it tests (id, the column, the filter's columns); whole rows are read
        // for the matches alone: about half the work of walking whole rows (a walk often finds none).
        if idOrdered {
            // The filter's own index yields its orders newest first: walk those.
            let walked = try orders("""
                SELECT * FROM orders WHERE id IN (
                    SELECT id FROM (SELECT id, \(column) FROM orders WHERE \(base) ORDER BY id DESC LIMIT ?) AS newest
                    WHERE \(column) >= ? AND \(column) < ? LIMIT ?)
                ORDER BY id DESC
                """, args + [.integer(walk)] + range + [limit])
            if walked.count == limitCount { return walked }
            let filterSize = try x.rows(SQLStatement("SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE \(base) LIMIT ?) AS filtered"),
                                        args + [.integer(walk + 1)]).first?.get(at: 0, as: Int64.self) ?? 0
            if filterSize <= walk { return walked }  // the walk saw every order the filter allows
        } else {
            // Several statuses or a type alone would need a sort: walk the newest orders instead.
            let walked = try orders("""
                SELECT * FROM orders WHERE id IN (
                    SELECT id FROM (SELECT id, status, type, \(column) FROM orders ORDER BY id DESC LIMIT ?) AS newest
                    WHERE \(plainBase) AND \(column) >= ? AND \(column) < ? LIMIT ?)
                ORDER BY id DESC
                """, [.integer(walk)] + args + range + [limit])
            if walked.count == limitCount { return walked }
        }
        return try orders("""
            SELECT * FROM orders WHERE id IN (
                SELECT id FROM orders WHERE \(column) >= ? AND \(column) < ? AND \(plainBase) ORDER BY id DESC LIMIT ?)
            ORDER BY id DESC
            """, range + args + [limit])
    }

    public func order(id: Int64) throws -> OrderRecord? {
        try read { x in try x.row("SELECT * FROM orders WHERE id = ?", id).map { try OrderRecord(row: $0) } }
    }

    public func order(number: String) throws -> OrderRecord? {
        try read { x in try x.row("SELECT * FROM orders WHERE number = ?", number).map { try OrderRecord(row: $0) } }
    }

    public func orderLines(orderId: Int64) throws -> [OrderLineRecord] {
        try read { x in try x.rows("SELECT * FROM order_lines WHERE order_id = ? ORDER BY id", orderId).map { try OrderLineRecord(row: $0) } }
    }

    public func paymentDetails(orderId: Int64) throws -> [PaymentDetailRecord] {
        try read { x in try x.rows("SELECT * FROM payment_details WHERE order_id = ? ORDER BY id", orderId).map { try PaymentDetailRecord(row: $0) } }
    }

    public func orderTypes() throws -> [String] {
        try read { x in try x.rows("SELECT name FROM order_types ORDER BY name").map { try $0.get(at: 0, as: String.self) } }
    }

    public func coupon(code: String) throws -> CouponRecord? {
        try read { x in try x.row("SELECT * FROM coupons WHERE code = ?", code).map { try CouponRecord(row: $0) } }
    }
}
