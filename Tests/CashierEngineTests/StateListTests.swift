import CashierCore
@testable import CashierStore
import Foundation
import GRDB
import Testing

/// The schema's CHECK lists are the state machines' states, and the queries' generated lists
/// repeat the partial indexes' text (so SQLite keeps using them).
@Suite(.sqliteOnly) struct StateListTests {
    /// The store's schema as SQLite keeps it, one statement per table or index.
    static func schema() throws -> [String: String] {
        let w = try World()
        return try w.store.grdbRead { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
                .reduce(into: [:]) { $0[$1["name"] as String] = $1["sql"] as String }
        }
    }

    /// The quoted words a column's own CHECK allows, written either as `column IN ('a', 'b')` or
    /// (v4-checks-without-in) as `column = 'a' OR column = 'b' …`. Empty when the column has no
    /// CHECK or its CHECK has any other term: only these two exact shapes count.
    static func checkList(_ sql: String, _ column: String) -> Set<String> {
        guard let range = sql.range(of: "\(column) TEXT NOT NULL"),
              let check = sql[range.upperBound...].range(of: "CHECK ("),
              !sql[range.upperBound..<check.lowerBound].contains(",") else { return [] }
        var depth = 1
        guard let close = sql[check.upperBound...].firstIndex(where: { c in
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            return depth == 0
        }) else { return [] }
        let expression = sql[check.upperBound..<close].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        func quoted(_ word: Substring) -> String? {
            let w = word.trimmingCharacters(in: .whitespaces)
            guard w.count >= 3, w.hasPrefix("'"), w.hasSuffix("'"), !w.dropFirst().dropLast().contains("'") else { return nil }
            return String(w.dropFirst().dropLast())
        }
        let words: [String?]
        if expression.hasPrefix("\(column) IN ("), expression.hasSuffix(")") {
            words = expression.dropFirst("\(column) IN (".count).dropLast().split(separator: ",").map(quoted)
        } else {
            words = expression.components(separatedBy: " OR ").map { term in
                term.hasPrefix("\(column) = ") ? quoted(term.dropFirst("\(column) = ".count)) : nil
            }
        }
        guard words.allSatisfy({ $0 != nil }) else { return [] }
        return Set(words.compactMap { $0 })
    }

    @Test func checkListReadsBothShapesAndNothingElse() {
        #expect(Self.checkList("a INT, state TEXT NOT NULL CHECK (state IN ('x', 'y')), b", "state") == ["x", "y"])
        #expect(Self.checkList("state TEXT NOT NULL DEFAULT 'x'\n CHECK (state = 'x' OR\n state = 'y' OR state = 'z')", "state") == ["x", "y", "z"])
        #expect(Self.checkList("state TEXT NOT NULL CHECK (state = 'x' OR state != 'y')", "state") == [])
        #expect(Self.checkList("state TEXT NOT NULL CHECK (state = 'x' OR other = 'y')", "state") == [])
        #expect(Self.checkList("state TEXT NOT NULL CHECK (state = 'x' OR length(state) > 0)", "state") == [])
        #expect(Self.checkList("state TEXT NOT NULL CHECK (state IN ('x', y))", "state") == [])
        #expect(Self.checkList("state TEXT NOT NULL, other TEXT CHECK (other IN ('x'))", "state") == [])
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
            #expect(!list.isEmpty, "no CHECK listing \(e.column)'s values in \(e.table)")
            #expect(list == e.states, "\(e.table).\(e.column)")
        }
    }

    @Test func queriesRepeatThePartialIndexesText() throws {
        let schema = try Self.schema()
        #expect(StateList.openPayments == "'created','pending','closing'")
        // Since v6-fewer-pages as an OR chain (no temporary b-tree at every write), the same states.
        #expect(StateList.openPaymentsTerm == "(state = 'created' OR state = 'pending' OR state = 'closing')")
        #expect(try #require(schema["payment_orders_due"]).hasSuffix("WHERE \(StateList.openPaymentsTerm)"))
        #expect(try #require(schema["refund_orders_due"]).hasSuffix("WHERE state IN (\(StateList.openRefunds))"))
    }

    @Test func theDueQueriesUseThePartialIndexes() throws {
        let w = try World()
        let plans = try w.store.grdbRead { db in
            try ["payment_orders": StateList.openPaymentsTerm, "refund_orders": "state IN (\(StateList.openRefunds))"].map { table, term in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM \(table) WHERE \(term) AND next_query_at <= ?",
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
