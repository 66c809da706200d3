import CashierCore
import GRDB
import SQLiteSupport

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
    /// Inserts orders in one transaction with prepared statements (the demo's million orders).
    public func insertOrders(_ orders: [NewOrder]) throws {
        try grdbWrite { db in try Store.insertOrders(db, orders) }
    }

    static func insertOrders(_ db: Database, _ orders: [NewOrder]) throws {
        let typeStmt = try db.cachedStatement(sql: "INSERT OR IGNORE INTO order_types (name) VALUES (?)")
        let orderStmt = try db.cachedStatement(sql: """
            INSERT INTO orders (number, type, customer, customer_key, amount, currency, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'unpaid', ?, ?)
            """)
        let lineStmt = try db.cachedStatement(sql: "INSERT INTO order_lines (order_id, name, quantity, unit_price) VALUES (?, ?, ?, ?)")
        var types = Set<String>()
        for o in orders {
            guard o.amount > 0 else { throw CashierError.invalid("refusal.order.nothing_to_pay", ["number": "\(o.number)"]) }
            if types.insert(o.type).inserted { try typeStmt.execute(arguments: [o.type]) }
            try orderStmt.execute(arguments: [o.number, o.type, o.customer, o.customer.lowercased(), o.amount, o.currency.code, o.createdAt, o.createdAt])
            let id = db.lastInsertedRowID
            for l in o.lines { try lineStmt.execute(arguments: [id, l.name, l.quantity, l.unitPrice]) }
        }
    }

    public func addCoupon(code: String, value: Money, expiresAt: Millis) throws {
        try grdbWrite { db in
            try db.run(sql: "INSERT INTO coupons (code, currency, face_value, balance, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [code, value.currency.code, value.minor, value.minor, expiresAt])
        }
    }

    public func orderCount() throws -> Int {
        try grdbRead { db in try Int.one(db, sql: "SELECT MAX(id) FROM orders") ?? 0 }
    }
}

extension Store {
    /// Folds the WAL back into the main file after a bulk load, so later reads stay fast.
    public func checkpoint() throws {
        try pool?.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
