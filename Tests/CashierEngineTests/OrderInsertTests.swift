import CashierCore
@testable import CashierStore
import Foundation
import PostgresTestSupport
import SQLSeam
import Testing

/// The bulk insert (`cashier demo`, the bench) on the seam: each order's lines hang on the id its
/// own insert gave (SQLite's last row id, PostgreSQL's RETURNING id), on both engines.
@Suite struct OrderInsertTests {
    static let orders: [NewOrder] = (0..<300).map(order)

    static func order(_ i: Int) -> NewOrder {
        var lines: [(name: String, quantity: Int, unitPrice: Int64)] = []
        for j in 0...(i % 3) { lines.append((name: "line \(j) of \(i)", quantity: j + 1, unitPrice: Int64(100 * i + j + 1))) }
        let customer = i % 3 == 0 ? "王小明" : "Zoë Li"
        return NewOrder(number: String(format: "BULK%05d", i), type: i % 2 == 0 ? "goods" : "fees", customer: customer,
                        currency: .cny, lines: lines, createdAt: 1_000 + Int64(i))
    }

    @Test func ordersAndTheirLinesLandTogetherOnSQLite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(path: dir + "/store.sqlite", mode: .createIfMissing)
        try landTogether(store)
    }

    @Test(.postgres) func ordersAndTheirLinesLandTogetherOnPostgres() throws {
        let l = try PostgresTestServer.shared().database()
        let store = try Store(path: "postgres://\(l.user)@\(l.host):\(l.port)/\(l.database)", mode: .createIfMissing)
        defer { store.close() }
        try landTogether(store)
    }

    func landTogether(_ store: Store) throws {
        // Something inserted before, so the orders' ids do not start at 1 and lines cannot match by luck.
        try store.insertOrders([NewOrder(number: "FIRST", type: "goods", customer: "x", currency: .cny,
                                         lines: [(name: "a", quantity: 1, unitPrice: 5)], createdAt: 1)])
        try store.insertOrders(Self.orders)
        #expect(try store.orderCount() == Self.orders.count + 1)
        let stored = try store.read { x in
            try x.rows("""
                SELECT o.number, o.customer_key, o.amount, o.status, l.name, l.quantity, l.unit_price
                FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.number <> 'FIRST' ORDER BY o.id, l.id
                """)
        }
        let expected = Self.orders.flatMap { o in
            o.lines.map { l in [SQLValue.text(o.number), .text(o.customer.lowercased()), .integer(o.amount), .text("unpaid"),
                                .text(l.name), .integer(Int64(l.quantity)), .integer(l.unitPrice)] }
        }
        #expect(stored.map(\.values) == expected)
        // A batch with one order that has nothing to pay is refused whole.
        let bad = NewOrder(number: "ZERO", type: "goods", customer: "x", currency: .cny, lines: [(name: "free", quantity: 1, unitPrice: 0)], createdAt: 1)
        let good = NewOrder(number: "GOOD", type: "goods", customer: "x", currency: .cny, lines: [(name: "a", quantity: 1, unitPrice: 5)], createdAt: 1)
        #expect(throws: CashierError.self) { try store.insertOrders([good, bad]) }
        #expect(try store.orderCount() == Self.orders.count + 1)
        #expect(try store.read { x in try x.value(Int.self, "SELECT COUNT(*) FROM orders WHERE number = 'GOOD'") } == 0)
    }
}
