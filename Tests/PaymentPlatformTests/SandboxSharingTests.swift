import CashierCore
import Foundation
import PaymentPlatform
import Testing

/// Several processes share one sandbox file: it must survive re-opening and concurrent use.
@Suite struct SandboxSharingTests {
    @Test func theFileSurvivesReopening() async throws {
        let f = try Fixture()
        let number = await paidTrade(f, "T1")
        _ = await f.sandbox.refund(refundRequest("T1", "R1", cny(100)))
        _ = await f.sandbox.precreate(payRequest("Q1", .qr(.wechat)))
        let other = try f.reopen()
        #expect(try other.trade(tradeNo: "T1") == f.sandbox.trade(tradeNo: "T1"))
        #expect(try other.trade(tradeNo: "T1")?.refunded == cny(100))
        #expect(succeeded(await other.pay(payRequest("T1", code(behaviour: 0)))) == number)
        try other.scan(tradeNo: "Q1", outcome: .success)
        #expect(status(await f.sandbox.query(tradeNo: "Q1")) == .succeeded)
    }

    @Test func aFileThatIsNotASandboxIsRefused() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sandbox-test-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: CashierError.self) { try SandboxPlatform(path: path) }
    }

    /// Processes starting together may all find the file new: each must end up migrated, once.
    @Test func concurrentFirstOpensOfANewFile() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sandbox-test-\(UUID().uuidString)/sandbox.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let opened = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { (try? SandboxPlatform(path: path, clock: ManualClock())) != nil }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(opened == 4)
        let sandbox = try SandboxPlatform(path: path, clock: ManualClock())
        #expect(succeeded(await sandbox.pay(payRequest("T1", code(behaviour: 0)))) != nil)
    }

    /// Two instances race the same trade and refund numbers from many tasks: one trade, one
    /// charge, and never more refunded than paid.
    @Test func concurrentInstancesNeitherCorruptNorDoubleCharge() async throws {
        let f = try Fixture()
        let platforms = [f.sandbox, try f.reopen()]
        let payments = await withTaskGroup(of: PayOutcome.self) { group in
            for i in 0..<20 {
                group.addTask { await platforms[i % 2].pay(payRequest("T1", code(behaviour: 0))) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let number = succeeded(payments[0])
        #expect(number != nil && payments.allSatisfy { $0 == payments[0] })

        // 15 refund numbers of 1.00 against 10.00 paid, each sent twice, from both instances.
        let refunds = await withTaskGroup(of: (String, RefundOutcome).self) { group in
            for i in 0..<30 {
                let refundNo = "R\(i % 15)"
                group.addTask {
                    (refundNo, await platforms[i % 2].refund(refundRequest("T1", refundNo, cny(100))))
                }
            }
            return await group.reduce(into: [String: [RefundOutcome]]()) { $0[$1.0, default: []].append($1.1) }
        }
        for (refundNo, outcomes) in refunds {
            #expect(outcomes.count == 2 && outcomes[0] == outcomes[1], "\(refundNo): \(outcomes)")
        }
        #expect(refunds.values.filter { $0[0] == .succeeded }.count == 10)
        let trade = try #require(try platforms[1].trade(tradeNo: "T1"))
        #expect(trade.status == .refunded && trade.refunded == cny(1000) && trade.refunds.count == 10)
    }
}
