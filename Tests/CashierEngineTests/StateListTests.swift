import CashierCore
@testable import CashierStore
import Foundation
import GRDB
import Testing

/// The schema's CHECK lists are the state machines' states, and the queries' generated lists
/// repeat the partial indexes' text (so SQLite keeps using them).
@Suite struct StateListTests {
    /// The store's schema as SQLite keeps it, one statement per table or index.
    static func schema() throws -> [String: String] {
        let w = try World()
        return try w.store.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
                .reduce(into: [:]) { $0[$1["name"] as String] = $1["sql"] as String }
        }
    }

    /// The quoted words of `column IN (...)` in a CHECK of `table`'s statement.
    static func checkList(_ sql: String, _ column: String) -> Set<String> {
        guard let range = sql.range(of: "\(column) TEXT NOT NULL"),
              let open = sql[range.upperBound...].range(of: "\(column) IN ("),
              let close = sql[open.upperBound...].firstIndex(of: ")") else { return [] }
        return Set(sql[open.upperBound..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        })
    }

    static func states<S: RawRepresentable & CaseIterable>(_: S.Type) -> Set<String> where S.RawValue == String {
        Set(S.allCases.map(\.rawValue))
    }

    @Test func checkListsAreTheMachinesStates() throws {
        let schema = try Self.schema()
        let expected: [(table: String, column: String, states: Set<String>)] = [
            ("orders", "status", Self.states(OrderStatus.self)),
            ("checkouts", "state", Self.states(CheckoutRecord.State.self)),
            ("payment_details", "state", Self.states(PaymentDetailState.self)),
            ("payment_details", "method", Self.states(PaymentMethod.self)),
            ("payment_orders", "state", Self.states(PaymentOrderState.self)),
            ("refund_requests", "state", Self.states(RefundRequestState.self)),
            ("refund_orders", "state", Self.states(RefundOrderState.self)),
            ("receipts", "state", Self.states(ReceiptState.self)),
            ("shifts", "state", Self.states(ShiftRecord.State.self)),
            ("cash_movements", "kind", Self.states(CashMovementKind.self)),
            ("users", "role", Self.states(UserRole.self)),
        ]
        for e in expected {
            let sql = try #require(schema[e.table], "no table \(e.table)")
            let list = Self.checkList(sql, e.column)
            #expect(!list.isEmpty, "no CHECK (\(e.column) IN …) in \(e.table)")
            #expect(list == e.states, "\(e.table).\(e.column)")
        }
    }

    @Test func queriesRepeatThePartialIndexesText() throws {
        let schema = try Self.schema()
        #expect(StateList.openPayments == "'created','pending','closing'")
        #expect(try #require(schema["payment_orders_due"]).hasSuffix("WHERE state IN (\(StateList.openPayments))"))
        #expect(try #require(schema["refund_orders_due"]).hasSuffix("WHERE state IN (\(StateList.openRefunds))"))
    }

    @Test func theDueQueriesUseThePartialIndexes() throws {
        let w = try World()
        let plans = try w.store.read { db in
            try ["payment_orders": StateList.openPayments, "refund_orders": StateList.openRefunds].map { table, list in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM \(table) WHERE state IN (\(list)) AND next_query_at <= ?",
                                 arguments: [0]).map { $0["detail"] as String }.joined(separator: " ")
            }
        }
        #expect(plans.count == 2)
        for plan in plans { #expect(plan.contains("_due"), "\(plan)") }
    }

    @Test func generatedListsFollowTheMachines() {
        #expect(StateList.sentPayments == "'pending','closing'")
        #expect(StateList.finalPayments == "'succeeded','failed','closed'")
        #expect(StateList.openRefunds == "'created','processing'")
        #expect(StateList.settledDetails == "'succeeded','partially_refunded','refunded'")
        #expect(StateList.refundableDetails == "'succeeded','partially_refunded'")
        #expect(StateList.paidOrders == "'paid','partially_refunded','refunded'")
    }
}
