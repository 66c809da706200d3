import CashierCore
@testable import CashierEngine
@testable import CashierStore
import Foundation
import PaymentPlatform
import PlatformBills
import Testing

/// Seeded random days through the whole engine: real payments and refunds of both platforms at
/// the embedded sandbox, every kind of discrepancy injected through the sandbox's faults (the
/// first eighteen trades inject each kind on each platform, the rest at random), then the day
/// reconciled. Every injected discrepancy is found with its kind, none is invented, a re-run
/// changes nothing, and the store's invariants hold.
@Suite struct SeededReconcileTests {
    enum Injection: Int, CaseIterable { case none, amount, nextDay, refundMatched, refundFailedHere, failedHereCharged, ghostCharge, reversed }

    @Test(arguments: [UInt64(1), 7, 20261130])
    func everyInjectedDiscrepancyIsFoundWithItsKindAndNoneInvented(seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        let n = 40
        let amounts = (0..<n).map { _ in Int64(random.next() % 30_000) + 100 }
        let w = try World(orders: (0..<n).map { ("R\($0)", "goods", amounts[$0]) })
        var expected: [BillPlatform: Set<String>] = [.alipay: [], .wechat: []]
        let kinds = Injection.allCases.count
        for i in 0..<n {
            let forced = i < 2 * kinds
            let platform: PlatformKind = forced ? (i < kinds ? .alipay : .wechat) : (random.next() % 2 == 0 ? .alipay : .wechat)
            let injection = forced ? Injection(rawValue: i % kinds)! : Injection(rawValue: Int(random.next() % UInt64(kinds)))!
            let bp: BillPlatform = platform == .alipay ? .alipay : .wechat
            // Behaviour 2: declined; 7: a refund's first attempt is declined; 0: success at once.
            let digit = injection == .failedHereCharged ? 2 : injection == .refundFailedHere ? 7 : 0
            let code = platform == .alipay ? World.alipay(digit, i) : World.wechat(digit, i)
            let id = try w.id("R\(i)")
            let paid = try await w.engine.pay(PaymentPlan(orderIds: [id], online: amounts[i], onlineMode: .code(code), operatorName: "cashier"))
            let tradeNo = try #require(paid.paymentOrder?.tradeNo)
            switch injection {
            case .none: break
            case .amount:
                try w.sandbox.faultBillAmount(tradeNo: tradeNo, amount: Money(minor: amounts[i] + 1, currency: .cny))
                expected[bp]!.insert("amount_mismatch|\(tradeNo)|")
            case .nextDay:   // on the next day's bill, reconciled with no days held: missing there
                try w.sandbox.faultBillNextDay(tradeNo: tradeNo)
                expected[bp]!.insert("missing_there|\(tradeNo)|")
            case .refundMatched, .refundFailedHere:
                let request = try w.engine.requestRefund(orderId: id, amount: max(1, amounts[i] / 3), reason: "seeded", by: "cashier")
                let refund = try #require(try await w.engine.approve(requestId: request.id, supervisor: "supervisor", pin: "9999").first)
                if injection == .refundFailedHere {
                    #expect(refund.state == .failed)
                    try w.sandbox.faultRefundSucceeded(tradeNo: tradeNo, refundNo: refund.refundNo)
                    expected[bp]!.insert("refund_mismatch|\(tradeNo)|\(refund.refundNo)")
                } else {
                    #expect(refund.state == .succeeded)
                }
            case .failedHereCharged:
                #expect(paid.checkout.state == .failed)
                try w.sandbox.faultCharged(tradeNo: tradeNo, amount: nil, platform: platform)
                expected[bp]!.insert("missing_here|\(tradeNo)|")
            case .ghostCharge:
                try w.sandbox.faultCharged(tradeNo: "GHOST-\(seed)-\(i)", amount: Money(minor: amounts[i], currency: .cny), platform: platform)
                expected[bp]!.insert("missing_here|GHOST-\(seed)-\(i)|")
            case .reversed:
                _ = await w.sandbox.cancel(tradeNo: tradeNo)
                expected[bp]!.insert("status_mismatch|\(tradeNo)|")
            }
            w.clock.advance(millis: Int64(random.next() % 20_000))
        }
        let date = BillDate.of(w.clock.now())
        let sandbox = w.sandbox
        for platform in BillPlatform.allCases {
            func run() async throws -> ReconcileReport {
                try await w.engine.reconcile(try sandbox.bill(platform, date: date), later: [], holdDays: 0, actor: "supervisor",
                                             query: { await sandbox.query(tradeNo: $0) })
            }
            let first = try await run()
            let found = first.items.map { "\($0.kind)|\($0.tradeNo)|\($0.refundNo)" }
            #expect(Set(found) == expected[platform]!, "seed \(seed) \(platform)")
            #expect(found.count == expected[platform]!.count, "seed \(seed) \(platform): an item twice")
            #expect(Set(expected[platform]!.map { String($0.prefix { $0 != "|" }) }).count == 5, "seed \(seed) \(platform): every kind injected")
            let again = try await run()
            #expect(again.outcome == .unchanged && again.items == first.items && again.tradesMatched == first.tradesMatched, "seed \(seed) \(platform)")
        }
        #expect(try w.store.reconDays(date: date).map(\.runs) == [2, 2])
        #expect(try w.violations() == [], "seed \(seed)")
    }
}
