import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import Testing

/// Receipts through the engine: one file per settled payment or refund, whichever code path or
/// process settled it; numbers without gaps; printer success, failure and timeout; reprints.
@Suite struct ReceiptEngineTests {
    func files(_ w: World) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: w.dir + "/receipts")) ?? []).sorted()
    }

    func read(_ w: World, _ name: String) throws -> String {
        try String(contentsOfFile: w.dir + "/receipts/" + name, encoding: .utf8)
    }

    /// An engine at the cashier's counter (World opens the cashier's shift on till-1): receipts of
    /// that counter are its to print.
    func engine(_ w: World, terminal: String = "till-1", session: String = "test-printer",
                _ change: (inout ReceiptSettings) -> Void = { _ in }) -> Engine {
        var config = EngineConfig(timeScale: w.scale)
        config.terminal = terminal
        change(&config.receipts)
        return Engine(store: w.store, platform: w.sandbox, config: config, session: session)
    }

    func atTill1(_ w: World) throws -> World {
        w.engine = engine(w, session: "test-1")
        return w
    }

    @Test func aCashPaymentLeavesExactlyOneReceiptFile() async throws {
        let w = try atTill1(World())
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, tendered: 20_000, operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        await w.engine.flushReceipts()
        #expect(files(w) == ["R00000001-payment.txt"])
        let text = try read(w, "R00000001-payment.txt")
        #expect(text.contains("G001") && text.contains("王小明") && text.contains("Cash tendered"))
        // The shift's terminal: the counter this payment was taken at.
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("Terminal") && $0.hasSuffix("till-1") })
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("Change") && $0.hasSuffix("100.00") })
        let r = try #require(try w.store.receipts(limit: 10).first)
        #expect(r.state == .done && r.checkoutId == s.checkout.id && !r.printed && r.file?.hasSuffix("R00000001-payment.txt") == true)
        // Another pass finds nothing to do.
        #expect(await w.engine.printPendingReceipts() == ReceiptRun())
        #expect(files(w).count == 1)
    }

    /// The receipt is numbered in the payment's transaction, but its file and printing are the
    /// background worker's: a printer that has not finished does not hold the payment up.
    @Test func aPaymentReturnsBeforeItsReceiptIsPrinted() async throws {
        let w = try atTill1(World())
        let gate = w.dir + "/gate", out = w.dir + "/printed.txt"
        // A printer that finishes only once the test opens the gate (or its timeout stops it).
        let e = engine(w) {
            $0.printerCommand = "while [ ! -e '\(gate)' ]; do sleep 0.02; done; cat > '\(out)'"
            $0.printerTimeoutSeconds = 10
        }
        let s = try await e.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        let numbered = try #require(try w.store.receipts(limit: 1).first)
        #expect(numbered.number == 1 && numbered.checkoutId == s.checkout.id && numbered.state == .pending)
        #expect(!FileManager.default.fileExists(atPath: out))
        _ = FileManager.default.createFile(atPath: gate, contents: Data())
        await e.flushReceipts()
        let r = try #require(try w.store.receipts(limit: 1).first)
        #expect(r.state == .done && r.printed && r.error == nil)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == (try read(w, "R00000001-payment.txt")))
    }

    @Test func aPaymentSettledByThePollerGetsOneReceipt() async throws {
        let w = try atTill1(World())
        // Behaviour 1: "user paying", then success; only the poller sees it succeed.
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], online: 3_333, onlineMode: .code(World.wechat(1)),
                                                   operatorName: "cashier"))
        #expect(s.checkout.state == .open)
        #expect(files(w).isEmpty)
        #expect(try w.store.receipts(limit: 10).isEmpty)
        await w.drain()
        #expect(try w.engine.snapshot(checkoutId: s.checkout.id).checkout.state == .succeeded)
        #expect(files(w) == ["R00000001-payment.txt"])
        let text = try read(w, "R00000001-payment.txt")
        #expect(text.contains("WeChat Pay 1300****0001") && text.contains(s.paymentOrder!.tradeNo))
        await w.settle(advanceSeconds: 5)
        #expect(files(w).count == 1)
    }

    @Test func aFailedPaymentGetsNoReceipt() async throws {
        let w = try atTill1(World())
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G005")], online: 1, onlineMode: .code(World.alipay(2)),
                                                   operatorName: "cashier"))
        #expect(s.checkout.state == .failed)
        await w.drain()
        #expect(files(w).isEmpty)
    }

    @Test func refundsGetOneReceiptEach() async throws {
        let w = try atTill1(World())
        let id = try w.id("G001")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [id], cash: 4_000, online: 6_000, onlineMode: .code(World.alipay(6)),
                                               operatorName: "cashier"))
        await w.engine.flushReceipts()
        let r = try w.engine.requestRefund(orderId: id, amount: 7_000, reason: "broken 坏了", by: "cashier")
        let ros = try await w.engine.approve(requestId: r.id, supervisor: "supervisor", pin: "9999")
        // Cash settles at once; the online refund (behaviour 6) stays processing until the poller.
        #expect(ros.map(\.method) == [.online, .cash])
        #expect(files(w) == ["R00000001-payment.txt", "R00000002-refund.txt"])
        await w.drain()
        #expect(files(w) == ["R00000001-payment.txt", "R00000002-refund.txt", "R00000003-refund.txt"])
        let cash = try read(w, "R00000002-refund.txt")
        #expect(cash.contains(ros[1].refundNo) && cash.contains("Back to") && cash.contains("10.00"))
        let online = try read(w, "R00000003-refund.txt")
        #expect(online.contains(ros[0].refundNo) && online.contains("Alipay 2800****0006"))
        // Cash came out of a drawer (its terminal is named); an online refund went back by the platform.
        #expect(cash.contains("Terminal") && !online.contains("Terminal"))
        // Refunded in total, as of each receipt: 10.00 after the cash part, 70.00 after both.
        #expect(cash.split(separator: "\n").contains { $0.hasPrefix("Refunded in total") && $0.hasSuffix(" 10.00") })
        #expect(online.split(separator: "\n").contains { $0.hasPrefix("Refunded in total") && $0.hasSuffix(" 70.00") })
        #expect(try w.engine.receipts(for: "G001").map(\.record.number) == [1, 2, 3])
        #expect(try w.engine.receipts(for: ros[0].refundNo).map(\.record.number) == [3])
        #expect(try w.violations() == [])
        #expect(try w.store.receiptViolations() == [])
    }

    @Test func numbersHaveNoGapsAcrossProcesses() async throws {
        let w = try atTill1(World())
        let other = try w.otherProcess(session: "test-2")
        let numbers = ["G001", "S002", "M003", "D004", "G005", "G006"]
        let ids = try numbers.map { try w.id($0) }
        let amounts = try numbers.map { try w.order($0).amount.minor }
        await withTaskGroup(of: Void.self) { group in
            for (i, id) in ids.enumerated() {
                let engine = i % 2 == 0 ? w.engine : other
                group.addTask { _ = try? await engine.pay(PaymentPlan(orderIds: [id], cash: amounts[i], operatorName: "cashier")) }
            }
        }
        let all = try w.store.receipts(limit: 100)
        #expect(all.map(\.number).sorted() == Array(1...6))
        #expect(Set(all.compactMap(\.checkoutId)).count == 6)
        await other.flushReceipts()
        await w.engine.flushReceipts()
        await w.engine.printPendingReceipts()
        #expect(files(w).count == 6)
        #expect(try w.store.receiptViolations() == [])
    }

    @Test func aPrinterCommandGetsTheReceipt() async throws {
        let w = try atTill1(World())
        let out = w.dir + "/printed.txt"
        let e = engine(w) { $0.printerCommand = "cat > '\(out)'"; $0.width = 32 }
        _ = try await e.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        await e.flushReceipts()
        let r = try #require(try w.store.receipts(limit: 1).first)
        #expect(r.state == .done && r.printed && r.error == nil)
        let printed = try String(contentsOfFile: out, encoding: .utf8)
        #expect(printed == (try read(w, "R00000001-payment.txt")))
        #expect(printed.split(separator: "\n").allSatisfy { $0.count <= 32 })
    }

    @Test func aFailingPrinterKeepsTheFileAndTheErrorAndNeverTheMoney() async throws {
        let w = try atTill1(World())
        let e = engine(w) { $0.printerCommand = "echo 'paper jam' >&2; exit 3" }
        let s = try await e.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        await e.flushReceipts()
        let r = try #require(try w.store.receipts(limit: 1).first)
        #expect(r.state == .printFailed && !r.printed)
        #expect(r.error?.contains("exited with status 3: paper jam") == true)
        #expect(files(w) == ["R00000001-payment.txt"])
        // A reprint through a working printer clears the failure.
        let out = w.dir + "/printed.txt"
        let fixed = engine(w) { $0.printerCommand = "cat > '\(out)'" }
        let copies = try await fixed.reprint("G001", by: "cashier")
        #expect(copies.count == 1 && copies[0].copy == 1 && copies[0].printed)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("*** REPRINT ***"))
        #expect(try w.store.receipts(limit: 1).first?.state == .done)
        #expect(files(w) == ["R00000001-payment-reprint1.txt", "R00000001-payment.txt"])
        #expect(try w.violations() == [])
        #expect(try w.store.receiptViolations() == [])
    }

    @Test func aHangingPrinterIsStopped() async throws {
        let w = try atTill1(World())
        let e = engine(w) { $0.printerCommand = "sleep 30"; $0.printerTimeoutSeconds = 0.3 }
        let s = try await e.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        #expect(s.checkout.state == .succeeded)
        await e.flushReceipts()
        let r = try #require(try w.store.receipts(limit: 1).first)
        #expect(r.state == .printFailed && r.error?.contains("did not finish") == true)
        // The next receipt is not held up by the same printer: saved, marked not sent, for a reprint.
        _ = try await e.pay(PaymentPlan(orderIds: [try w.id("S002")], cash: 3_333, operatorName: "cashier"))
        await e.flushReceipts()
        let next = try #require(try w.store.receipts(limit: 1).first)
        #expect(next.number == 2 && next.state == .printFailed && next.error?.hasPrefix("not sent: the printer failed") == true)
        #expect(files(w) == ["R00000001-payment.txt", "R00000002-payment.txt"])
    }

    @Test func anUnwritableFolderKeepsTheReceiptPending() async throws {
        let w = try atTill1(World())
        let blocked = w.dir + "/blocked"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data("not a folder".utf8))
        let e = engine(w) { $0.folder = blocked + "/receipts" }
        _ = try await e.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        await e.flushReceipts()
        let r = try #require(try w.store.receipts(limit: 1).first)
        #expect(r.state == .pending && r.error != nil)
        #expect(try w.store.overdueReceipts(before: w.clock.now() + 1).map(\.id) == [r.id])
        // Once the lease runs out, a worker with a usable folder writes it.
        w.clock.advance(seconds: 120)
        #expect(await w.engine.printPendingReceipts().written == 1)
        #expect(try w.store.receipts(limit: 1).first?.state == .done)
        #expect(files(w) == ["R00000001-payment.txt"])
    }

    @Test func reprintsAreNumberedAndAudited() async throws {
        let w = try atTill1(World())
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("D004")], cash: 50_000, operatorName: "cashier"))
        await w.engine.flushReceipts()
        let audits = try w.store.auditCount()
        _ = try await w.engine.reprint("R00000001", by: "alice")
        let second = try await w.engine.reprint("1", by: "cashier")
        #expect(second.map(\.copy) == [2])
        #expect(second[0].rendered.text.contains("*** REPRINT 2 ***"))
        #expect(try w.store.auditCount() == audits + 2)
        #expect(try w.store.receipts(limit: 1).first?.reprints == 2)
        // The console's way: an order's receipts, then one by its id.
        let mine = try w.engine.receipts(orderId: try w.id("D004"))
        #expect(mine.map(\.record.number) == [1] && mine[0].reference == "R00000001")
        #expect(try w.engine.receipts(orderId: try w.id("G001")).isEmpty)
        let third = try await w.engine.reprint(receiptId: mine[0].record.id, by: "cashier")
        #expect(third.copy == 3 && third.file.hasSuffix("R00000001-payment-reprint3.txt"))
        await #expect(throws: CashierError.self) { _ = try await w.engine.reprint(receiptId: 999, by: "cashier") }
        await #expect(throws: CashierError.self) { _ = try await w.engine.reprint("NOPE", by: "cashier") }
        await #expect(throws: CashierError.self) { _ = try await w.engine.reprint("D004", by: "nobody") }
        #expect(try w.violations() == [])
        #expect(try w.store.receiptViolations() == [])
    }

    @Test func anotherTerminalsReceiptIsLeftToItsOwnPrinter() async throws {
        let w = try atTill1(World())
        let out = w.dir + "/till2.txt"
        let till2 = engine(w, terminal: "till-2", session: "till-2") { $0.printerCommand = "cat > '\(out)'" }
        // The cashier pays at till-1 with no worker running there (receipts off in that process).
        let off = engine(w, session: "till-1-off") { $0.enabled = false }
        _ = try await off.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        #expect(await till2.printPendingReceipts() == ReceiptRun())
        w.clock.advance(seconds: 121)
        // Two minutes on, till-2 saves it so it is not lost, and prints nothing at its own counter.
        #expect(await till2.printPendingReceipts().written == 1)
        let r = try #require(try w.store.receipts(limit: 1).first)
        #expect(r.state == .printFailed && r.error?.contains("terminal till-1") == true)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(files(w) == ["R00000001-payment.txt"])
    }
}
