import CashierCore
import GRDB
import SQLiteSupport

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
        try grdbRead { db in
            var clauses: [String] = []
            var args: StatementArguments = []
            if !f.statuses.isEmpty {
                clauses.append("status IN (\(f.statuses.map { _ in "?" }.joined(separator: ",")))")
                for s in f.statuses { args += [s.rawValue] }
            }
            if let t = f.type { clauses.append("type = ?"); args += [t] }
            if let b = f.beforeId { clauses.append("id < ?"); args += [b] }
            let search = f.search.trimmingCharacters(in: .whitespaces)
            let base = clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
            // The same filters with their indexes switched off (unary +): a prefix branch must walk
            // its column's index, not scan every unpaid order checking the prefix.
            let plainBase = clauses.isEmpty ? "1" : clauses.map { "+" + $0 }.joined(separator: " AND ")
            // One status (with or without a type), or no filter at all, walks an index in id order.
            let idOrdered = f.statuses.count == 1 || (f.statuses.isEmpty && f.type == nil)
            if search.isEmpty {
                args += [f.limit]
                return try OrderRecord.all(db, sql: "SELECT * FROM orders WHERE \(base) ORDER BY id DESC LIMIT ?", arguments: args)
            }
            // Prefix ranges ("abc" matches [abc, abc\u{10FFFF})) on the number and customer indexes.
            let byNumber = try Store.prefixBranch(db, column: "number", prefix: search.uppercased(), base: base,
                                                  plainBase: plainBase, idOrdered: idOrdered, args: args, limit: f.limit)
            let byCustomer = try Store.prefixBranch(db, column: "customer_key", prefix: search.lowercased(), base: base,
                                                    plainBase: plainBase, idOrdered: idOrdered, args: args, limit: f.limit)
            var seen = Set<Int64>()
            return (byNumber + byCustomer).filter { seen.insert($0.id).inserted }
                .sorted { $0.id > $1.id }.prefix(f.limit).map { $0 }
        }
    }

    /// Newest `limit` orders whose `column` starts with `prefix`, at a cost that does not grow with
    /// the store. Few prefix matches (an index-only count under the cap): read them from the
    /// column's index, filter and sort. Many (a common surname): walk the newest orders of the
    /// filter a bounded distance; that is complete when the filter itself is small (a rare status
    /// or type). Only many old matches under a large filter (an early number range) fall back to
    /// picking from the column's index by id.
    static func prefixBranch(_ db: Database, column: String, prefix: String, base: String, plainBase: String,
                             idOrdered: Bool, args: StatementArguments, limit: Int) throws -> [OrderRecord] {
        let probeCap = 2_000
        let walk = 20_000
        let range: StatementArguments = [prefix, prefix + "\u{10FFFF}"]
        let matches = try Int.one(db, sql: """
            SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE \(column) >= ? AND \(column) < ? LIMIT ?)
            """, arguments: range + [probeCap]) ?? 0
        if matches < probeCap {
            return try OrderRecord.all(db, sql: """
                SELECT * FROM orders WHERE \(column) >= ? AND \(column) < ? AND \(plainBase) ORDER BY id DESC LIMIT ?
                """, arguments: range + args + [limit])
        }
        // A walk reads only what it tests (id, the column, the filter's columns); whole rows are read
        // for the matches alone: about half the work of walking whole rows (a walk often finds none).
        if idOrdered {
            // The filter's own index yields its orders newest first: walk those.
            let walked = try OrderRecord.all(db, sql: """
                SELECT * FROM orders WHERE id IN (
                    SELECT id FROM (SELECT id, \(column) FROM orders WHERE \(base) ORDER BY id DESC LIMIT ?)
                    WHERE \(column) >= ? AND \(column) < ? LIMIT ?)
                ORDER BY id DESC
                """, arguments: args + [walk] + range + [limit])
            if walked.count == limit { return walked }
            let filterSize = try Int.one(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE \(base) LIMIT ?)",
                                         arguments: args + [walk + 1]) ?? 0
            if filterSize <= walk { return walked }  // the walk saw every order the filter allows
        } else {
            // Several statuses or a type alone would need a sort: walk the newest orders instead.
            let walked = try OrderRecord.all(db, sql: """
                SELECT * FROM orders WHERE id IN (
                    SELECT id FROM (SELECT id, status, type, \(column) FROM orders ORDER BY id DESC LIMIT ?)
                    WHERE \(plainBase) AND \(column) >= ? AND \(column) < ? LIMIT ?)
                ORDER BY id DESC
                """, arguments: [walk] + args + range + [limit])
            if walked.count == limit { return walked }
        }
        return try OrderRecord.all(db, sql: """
            SELECT * FROM orders WHERE id IN (
                SELECT id FROM orders WHERE \(column) >= ? AND \(column) < ? AND \(plainBase) ORDER BY id DESC LIMIT ?)
            ORDER BY id DESC
            """, arguments: range + args + [limit])
    }

    public func order(id: Int64) throws -> OrderRecord? {
        try grdbRead { db in try OrderRecord.one(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id]) }
    }

    public func order(number: String) throws -> OrderRecord? {
        try grdbRead { db in try OrderRecord.one(db, sql: "SELECT * FROM orders WHERE number = ?", arguments: [number]) }
    }

    public func orderLines(orderId: Int64) throws -> [OrderLineRecord] {
        try grdbRead { db in try OrderLineRecord.all(db, sql: "SELECT * FROM order_lines WHERE order_id = ? ORDER BY id", arguments: [orderId]) }
    }

    public func paymentDetails(orderId: Int64) throws -> [PaymentDetailRecord] {
        try grdbRead { db in try PaymentDetailRecord.all(db, sql: "SELECT * FROM payment_details WHERE order_id = ? ORDER BY id", arguments: [orderId]) }
    }

    public func orderTypes() throws -> [String] {
        try grdbRead { db in try String.all(db, sql: "SELECT name FROM order_types ORDER BY name") }
    }

    public func coupon(code: String) throws -> CouponRecord? {
        try grdbRead { db in try CouponRecord.one(db, sql: "SELECT * FROM coupons WHERE code = ?", arguments: [code]) }
    }
}
