import CashierCore
@testable import CashierStore
import Foundation
import GRDB
import SQLSeam
import Testing

@Suite struct StoreFileTests {
    func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cashier-\(UUID().uuidString).sqlite").path
    }

    @Test func aMissingStoreIsNotCreatedUnlessAsked() throws {
        let path = tempPath()
        #expect(throws: StoreError.noStore(path)) { _ = try Store(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileThatIsNotAStoreIsRefusedAndUntouched() throws {
        let path = tempPath()
        try Data("hello, not sqlite".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path)) { _ = try Store(path: path) }
        let other = tempPath()
        let q = try DatabaseQueue(path: other)
        try q.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: StoreError.notAStore(other)) { _ = try Store(path: other) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello, not sqlite")
    }

    /// Another connection holds the file locked past the busy timeout (10 s): the file cannot be
    /// looked at now, which is no reason to call it a stranger's.
    @Test func aLockedFileIsCannotOpenNeverNotAStore() throws {
        let path = tempPath()
        let q = try DatabaseQueue(path: path)  // a rollback journal: an EXCLUSIVE lock keeps readers out
        try q.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 1") }
        try q.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect { _ = try Store(path: path) } throws: { error in
                guard case .cannotOpen(let p, let why) = error as? StoreError else { return false }
                return p == path && why.contains("locked")
            }
        }
        // Unlocked, the same file is an empty database: a new store.
        #expect(throws: Never.self) { _ = try Store(path: path) }
    }

    @Test func aStoreFromANewerVersionIsRefused() throws {
        let path = tempPath()
        _ = try Store(path: path, mode: .createIfMissing)
        let q = try DatabaseQueue(path: path)
        try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        #expect(throws: StoreError.newerVersion(path, ["v99-from-the-future"])) { _ = try Store(path: path) }
    }

    @Test func theAuditChainDetectsChangedAndDeletedEntries() async throws {
        let w = try World()
        _ = try await w.engine.pay(.init(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        _ = try await w.engine.pay(.init(orderIds: [try w.id("S002")], cash: 3_333, operatorName: "cashier"))
        #expect(try w.store.verifyAudit() == [])
        let original = try w.sqlValue(Int64.self, "SELECT amount FROM audit_log WHERE id = 2") ?? 0
        try w.sqlExecute("UPDATE audit_log SET amount = 1 WHERE id = 2")
        #expect(try w.store.verifyAudit().contains { $0.contains("entry 2 was changed") })
        try w.sqlExecute("UPDATE audit_log SET amount = ? WHERE id = 2", original)
        #expect(try w.store.verifyAudit() == [])
        try w.sqlExecute("DELETE FROM audit_log WHERE id = 3")
        #expect(!(try w.store.verifyAudit().isEmpty))
    }

    @Test func checkNamesEachViolation() async throws {
        let w = try World()
        _ = try await w.engine.pay(.init(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        try w.sqlExecute("UPDATE orders SET status = 'unpaid' WHERE number = 'G001'")
        try w.sqlExecute("UPDATE payment_orders SET next_query_at = NULL")
        let rules = Set(try w.store.checkInvariants().map(\.rule))
        #expect(rules.contains("order status equals its derivation"))
    }

    @Test func searchAndKeysetPaging() throws {
        let w = try World()
        let all = try w.store.orders(OrderFilter(limit: 100))
        #expect(all.map(\.number) == ["G006", "G005", "D004", "M003", "S002", "G001"])
        let page1 = try w.store.orders(OrderFilter(limit: 4))
        let page2 = try w.store.orders(OrderFilter(beforeId: page1.last!.id, limit: 4))
        #expect((page1 + page2).map(\.number) == all.map(\.number))
        #expect(try w.store.orders(OrderFilter(search: "g00", limit: 10)).map(\.number) == ["G006", "G005", "G001"])
        #expect(try w.store.orders(OrderFilter(search: "王", limit: 10)).count == 3)
        #expect(try w.store.orders(OrderFilter(search: "zoë", limit: 10)).count == 3)
        #expect(try w.store.orders(OrderFilter(type: "deposit", limit: 10)).map(\.number) == ["D004"])
        #expect(try w.store.orders(OrderFilter(statuses: [.paid], limit: 10)).isEmpty)
    }
}
