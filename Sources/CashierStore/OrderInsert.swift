import CashierCore
import SQLSeam

public struct NewOrder: Sendable {
    public var number: String
    public var type: String
    public var customer: String
    public var currency: Currency
    public var lines: [(name: String, quantity: Int, unitPrice: Int64)]
    public var createdAt: Millis

    public init(number: String, type: String, customer: String, currency: Currency,
                lines: [(name: String, quantity: Int, unitPrice: Int64)], createdAt: Millis) {
        self.number = number; self.type = type; self.customer = customer; self.currency = currency
        self.lines = lines; self.createdAt = createdAt
    }

    /// The amount due is the sum of the lines: never typed separately, so it cannot disagree.
    public var amount: Int64 { lines.reduce(0) { $0 + Int64($1.quantity) * $1.unitPrice } }
}

extension Store {
    /// Inserts orders in one transaction (the demo's million orders): each order's id comes from
    /// the insert itself (SQLite's last row id, PostgreSQL's `RETURNING id`), never a read.
    public func insertOrders(_ orders: [NewOrder]) throws {
        try write { x in try Store.insertOrders(x, orders) }
    }

    static let insertOrderType: SQLStatement = "INSERT INTO order_types (name) VALUES (?) ON CONFLICT DO NOTHING"
    static let insertOrder: SQLStatement = """
        INSERT INTO orders (number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'unpaid', ?, ?)
        """
    static let insertOrderLine: SQLStatement = "INSERT INTO order_lines (order_id, name, quantity, unit_price) VALUES (?, ?, ?, ?)"

    static func insertOrders(_ x: any SQLExecutor, _ orders: [NewOrder]) throws {
        var types = Set<String>()
        for o in orders {
            guard o.amount > 0 else { throw CashierError.invalid("refusal.order.nothing_to_pay", ["number": "\(o.number)"]) }
            if types.insert(o.type).inserted { try x.execute(insertOrderType, [.text(o.type)]) }
            let at = SQLValue.integer(o.createdAt)
            guard let id = try x.insert(insertOrder, [.text(o.number), .text(o.type), .text(o.customer), .text(o.customer.lowercased()),
                                                      .integer(o.amount), .text(o.currency.code), at, at], returning: "id")
            else { throw SQLError.other("order \(o.number) was not stored") }
            for l in o.lines {
                try x.execute(insertOrderLine, [.integer(id), .text(l.name), .integer(Int64(l.quantity)), .integer(l.unitPrice)])
            }
        }
    }

    public func addCoupon(code: String, value: Money, expiresAt: Millis) throws {
        try write { x in
            try x.execute("INSERT INTO coupons (code, currency, face_value, balance, expires_at) VALUES (?, ?, ?, ?, ?)",
                          code, value.currency.code, value.minor, value.minor, expiresAt)
        }
    }

    public func orderCount() throws -> Int {
        // MAX of no rows is NULL.
        try read { x in try x.value(Int?.self, "SELECT MAX(id) FROM orders").flatMap { $0 } ?? 0 }
    }
}

extension Store {
    /// Folds the WAL back into the main file after a bulk load, so later reads stay fast.
    public func checkpoint() throws {
        try pool?.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
