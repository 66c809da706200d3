import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import Testing

@Suite struct UserAdminTests {
    /// The world's engine with cheap PIN hashing for the PINs supervisors set.
    static func admin(_ w: World, session: String = "admin") -> Engine {
        var config = EngineConfig(timeScale: w.scale)
        config.pinRounds = 1_000
        return Engine(store: w.store, platform: w.sandbox, config: config, session: session)
    }

    static func auditDump(_ w: World) throws -> String {
        try w.sqlRows("SELECT * FROM audit_log ORDER BY id").map { $0.description }.joined(separator: "\n")
    }

    @Test func aSupervisorAddsACashierWhoCanThenLogIn() throws {
        let w = try World()
        let e = Self.admin(w)
        let bob = try e.addUser(name: "bob", role: .cashier, pin: "48151623", supervisor: "supervisor", pin: "9999")
        #expect(bob.role == .cashier && !bob.disabled && bob.createdBy == "supervisor" && bob.createdAt == w.clock.now())
        #expect(try e.authenticate(user: "bob", pin: "48151623").role == .cashier)
        #expect(try e.users().map(\.name) == ["supervisor", "alice", "bob", "cashier"])
        let page = try e.auditPage(AuditFilter(action: "user"), limit: 10, supervisor: "supervisor", pin: "9999")
        #expect(page.entries.map(\.action) == ["user.added"])
        #expect(page.entries[0].actor == "supervisor" && page.entries[0].subject == "user bob" && page.entries[0].detail == "role=cashier")
        #expect(try w.store.verifyAudit() == [])
        #expect(!(try Self.auditDump(w)).contains("48151623"))
    }

    @Test func badNamesAndPinsAreRefusedBeforeAnythingIsWritten() throws {
        let w = try World()
        let e = Self.admin(w)
        let cases: [(String, String, String)] = [
            ("", "4815", "A user name is"), ("9lives", "4815", "A user name is"), ("bob smith", "4815", "A user name is"),
            ("王小明", "4815", "A user name is"), (String(repeating: "a", count: 33), "4815", "A user name is"),
            ("poller", "4815", "reserved"), ("Alice", "4815", "already exists"), ("bob", "123", "4 to 8 digits"),
            ("bob", "123456789", "4 to 8 digits"), ("bob", "12a4", "4 to 8 digits"), ("bob", "٤٨١٥", "4 to 8 digits"),
            ("bob", "1234", "too easy"), ("bob", "0000", "too easy"), ("bob", "8765", "too easy"),
        ]
        let audit = try w.store.auditCount()
        for (name, pin, words) in cases {
            #expect { try e.addUser(name: name, role: .cashier, pin: pin, supervisor: "supervisor", pin: "9999") } throws: { error in
                (error as? CashierError).map { Language.en.words($0) }?.contains(words) == true
            }
        }
        #expect(try w.store.auditCount() == audit)
        #expect(try w.store.users().count == 3)
        #expect(try w.store.user(name: "supervisor")?.failedAttempts == 0)
        // The schema keeps the name rule even against a write that skips the engine.
        #expect(throws: (any Error).self) {
            try w.sqlExecute("INSERT INTO users (name, role, pin_hash) VALUES ('a b', 'cashier', 'x')")
        }
        #expect(throws: (any Error).self) { try w.sqlExecute("DELETE FROM users WHERE name = 'alice'") }
    }

    @Test func cashiersCannotManageUsersOrBrowseTheAudit() throws {
        let w = try World()
        let e = Self.admin(w)
        let audit = try w.store.auditCount()
        let refusals: [() throws -> Void] = [
            { _ = try e.addUser(name: "bob", role: .supervisor, pin: "4815", supervisor: "cashier", pin: "1111") },
            { _ = try e.setUserDisabled("alice", true, supervisor: "cashier", pin: "1111") },
            { _ = try e.resetPin("alice", newPin: "4815", supervisor: "cashier", pin: "1111") },
            { _ = try e.auditPage(AuditFilter(), limit: 5, supervisor: "cashier", pin: "1111") },
            { _ = try e.auditPage(AuditFilter(), limit: 5, viewer: "cashier") },
        ]
        for refusal in refusals {
            #expect { try refusal() } throws: { error in
                let e = error as? CashierError
                return e?.kind == .forbidden && e.map { Language.en.words($0) }?.contains("only a supervisor") == true
            }
        }
        #expect(try w.store.users().count == 3)
        #expect(try w.store.auditCount() == audit)
    }

    @Test func wrongSupervisorPinsCountTowardLockoutAndTheLockIsAudited() throws {
        let w = try World()
        let e = Self.admin(w)
        for _ in 1...5 {
            #expect(throws: CashierError.self) { try e.setUserDisabled("alice", true, supervisor: "supervisor", pin: "0000") }
        }
        #expect { try e.setUserDisabled("alice", true, supervisor: "supervisor", pin: "9999") } throws: {
            ($0 as? CashierError).map { Language.en.words($0) }?.contains("locked") == true
        }
        #expect(try w.store.account(name: "alice")?.disabled == false)
        let locked = try w.store.auditPage(AuditFilter(action: "user.locked"), limit: 5).entries
        #expect(locked.map(\.subject) == ["user supervisor"])
        #expect(!locked[0].detail.contains("0000"))
    }

    @Test func disabledUsersCannotLogInPayOrApproveUntilEnabled() async throws {
        let w = try World()
        let e = Self.admin(w)
        _ = try e.addUser(name: "boss", role: .supervisor, pin: "2580", supervisor: "supervisor", pin: "9999")
        _ = try e.setUserDisabled("cashier", true, supervisor: "supervisor", pin: "9999")
        _ = try e.setUserDisabled("supervisor", true, supervisor: "boss", pin: "2580")
        #expect(throws: CashierError.self) { try e.authenticate(user: "cashier", pin: "1111") }
        await #expect(throws: CashierError.self) {
            try await e.pay(.init(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        }
        #expect(try w.order("G001").status == .unpaid)
        #expect { try e.openShift(operatorName: "cashier", pin: "1111", float: 0, terminal: "till-9") } throws: {
            ($0 as? CashierError).map { Language.en.words($0) }?.contains("disabled") == true
        }
        _ = try await e.pay(.init(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "alice"))
        let request = try e.requestRefund(orderId: try w.id("G001"), amount: 100, reason: "r", by: "alice")
        await #expect { try await e.approve(requestId: request.id, supervisor: "supervisor", pin: "9999") } throws: {
            ($0 as? CashierError).map { Language.en.words($0) }?.contains("disabled") == true
        }
        #expect(throws: CashierError.self) { try e.auditPage(AuditFilter(), limit: 5, viewer: "supervisor") }
        _ = try e.setUserDisabled("supervisor", false, supervisor: "boss", pin: "2580")
        _ = try await e.approve(requestId: request.id, supervisor: "supervisor", pin: "9999")
        _ = try e.setUserDisabled("cashier", false, supervisor: "supervisor", pin: "9999")
        #expect(try e.authenticate(user: "cashier", pin: "1111").name == "cashier")
        let actions = try w.store.auditPage(AuditFilter(action: "user"), limit: 10).entries.map(\.action)
        #expect(actions == ["user.enabled", "user.enabled", "user.disabled", "user.disabled", "user.added"])
        #expect(try w.violations() == [])
    }

    @Test func aSupervisorCannotDisableThemselvesNorLeaveNoSupervisor() throws {
        let w = try World()
        let e = Self.admin(w)
        #expect { try e.setUserDisabled("supervisor", true, supervisor: "supervisor", pin: "9999") } throws: {
            ($0 as? CashierError).map { Language.en.words($0) }?.contains("cannot disable themselves") == true
        }
        #expect { try e.setUserDisabled("alice", false, supervisor: "supervisor", pin: "9999") } throws: {
            ($0 as? CashierError).map { Language.en.words($0) }?.contains("already enabled") == true
        }
        // The schema refuses it too, whoever writes.
        #expect(throws: (any Error).self) {
            try w.sqlExecute("UPDATE users SET disabled = 1 WHERE name = 'supervisor'")
        }
        #expect(throws: (any Error).self) {
            try w.sqlExecute("UPDATE users SET role = 'cashier' WHERE name = 'supervisor'")
        }
        #expect(try w.store.account(name: "supervisor")?.disabled == false)
    }

    @Test func twoSupervisorsDisablingEachOtherAtOnceLeaveOneEnabled() async throws {
        for round in 0..<6 {
            let w = try World()
            _ = try Self.admin(w).addUser(name: "boss", role: .supervisor, pin: "2580", supervisor: "supervisor", pin: "9999")
            let p1 = try w.otherProcess(session: "p1-\(round)"), p2 = try w.otherProcess(session: "p2-\(round)")
            async let a: Bool = (try? p1.setUserDisabled("boss", true, supervisor: "supervisor", pin: "9999")) != nil
            async let b: Bool = (try? p2.setUserDisabled("supervisor", true, supervisor: "boss", pin: "2580")) != nil
            #expect([await a, await b].filter { $0 }.count == 1)
            #expect(try w.store.users().filter { $0.role == .supervisor && !$0.disabled }.count == 1)
        }
    }

    @Test func resettingAPinClearsTheLockoutAndReplacesThePin() throws {
        let w = try World()
        let e = Self.admin(w)
        for _ in 1...5 { _ = try? e.authenticate(user: "alice", pin: "0000") }
        #expect(throws: CashierError.self) { try e.authenticate(user: "alice", pin: "2222") }
        let alice = try e.resetPin("alice", newPin: "73915", supervisor: "supervisor", pin: "9999")
        #expect(alice.failedAttempts == 0 && alice.lockedUntil == nil && alice.pinChangedAt == w.clock.now())
        #expect(throws: CashierError.self) { try e.authenticate(user: "alice", pin: "2222") }
        #expect(try e.authenticate(user: "alice", pin: "73915").name == "alice")
        let entry = try w.store.auditPage(AuditFilter(action: "user.pin_reset"), limit: 1).entries[0]
        #expect(entry.detail == "lockout cleared" && entry.subject == "user alice")
        #expect(!(try Self.auditDump(w)).contains("73915"))
        #expect(try w.store.verifyAudit() == [])
    }
}
