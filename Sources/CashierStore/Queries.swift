import CashierCore
import GRDB

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
        try read { db in
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
            if search.isEmpty {
                args += [f.limit]
                return try OrderRecord.fetchAll(db, sql: "SELECT * FROM orders WHERE \(base) ORDER BY id DESC LIMIT ?", arguments: args)
            }
            // Prefix ranges ("abc" matches [abc, abc\u{10FFFF})) on the number and customer indexes.
            let byNumber = try Store.prefixBranch(db, column: "number", prefix: search.uppercased(), base: base, args: args, limit: f.limit)
            let byCustomer = try Store.prefixBranch(db, column: "customer_key", prefix: search.lowercased(), base: base, args: args, limit: f.limit)
            var seen = Set<Int64>()
            return (byNumber + byCustomer).filter { seen.insert($0.id).inserted }
                .sorted { $0.id > $1.id }.prefix(f.limit).map { $0 }
        }
    }

    /// Newest `limit` orders whose `column` starts with `prefix`. Few matches: walk the column's
    /// index and sort them. Many (a common surname): walk the newest orders and stop at `limit`,
    /// which then takes few steps. Either way the cost does not grow with the store's size.
    static func prefixBranch(_ db: Database, column: String, prefix: String, base: String,
                             args: StatementArguments, limit: Int) throws -> [OrderRecord] {
        let probeCap = 2_000
        var probeArgs: StatementArguments = [prefix, prefix + "\u{10FFFF}"]
        probeArgs += args
        probeArgs += [probeCap]
        let matches = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE \(column) >= ? AND \(column) < ? AND \(base) LIMIT ?)
            """, arguments: probeArgs) ?? 0
        var queryArgs: StatementArguments = [prefix, prefix + "\u{10FFFF}"]
        queryArgs += args
        queryArgs += [limit]
        // The unary + keeps SQLite off the column's index, so it walks ids newest first.
        let col = matches < probeCap ? column : "+\(column)"
        return try OrderRecord.fetchAll(db, sql: """
            SELECT * FROM orders WHERE \(col) >= ? AND \(col) < ? AND \(base) ORDER BY id DESC LIMIT ?
            """, arguments: queryArgs)
    }

    public func order(id: Int64) throws -> OrderRecord? {
        try read { db in try OrderRecord.fetchOne(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id]) }
    }

    public func order(number: String) throws -> OrderRecord? {
        try read { db in try OrderRecord.fetchOne(db, sql: "SELECT * FROM orders WHERE number = ?", arguments: [number]) }
    }

    public func orderLines(orderId: Int64) throws -> [OrderLineRecord] {
        try read { db in try OrderLineRecord.fetchAll(db, sql: "SELECT * FROM order_lines WHERE order_id = ? ORDER BY id", arguments: [orderId]) }
    }

    public func paymentDetails(orderId: Int64) throws -> [PaymentDetailRecord] {
        try read { db in try PaymentDetailRecord.fetchAll(db, sql: "SELECT * FROM payment_details WHERE order_id = ? ORDER BY id", arguments: [orderId]) }
    }

    public func orderTypes() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM order_types ORDER BY name") }
    }

    public func coupon(code: String) throws -> CouponRecord? {
        try read { db in try CouponRecord.fetchOne(db, sql: "SELECT * FROM coupons WHERE code = ?", arguments: [code]) }
    }
}
