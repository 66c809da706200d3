import CashierCore
import Foundation
import PaymentPlatform
import PlatformBills
import Reconciliation
import Testing

/// Seeded random days over both platforms: a store and the sandbox platform that agree, then
/// every kind of disagreement injected through the sandbox's faults (or the store's own view).
/// Every injected discrepancy is found with its kind, none is invented, and matching again
/// gives the same result.
@Suite struct SeededDayTests {
    struct Day {
        var store: [String: StoreTrade] = [:]
        var refunds: [String: StoreRefund] = [:]
        var expected: Set<String> = []
        var nextDay: Set<String> = []
    }

    func code(_ platform: PlatformKind, _ digit: Int, _ serial: Int) -> PayMode {
        let prefix = platform == .alipay ? "28" : "13"
        let digits = String(serial)
        return .code(try! PaymentCode(prefix + String(repeating: "0", count: 15 - digits.count) + digits + String(digit)))
    }

    func money(_ minor: Int64) -> Money { Money(minor: minor, currency: .cny) }

    @Test(arguments: [UInt64(1), 2, 3, 20261130])
    func everyInjectedDiscrepancyIsFoundAndNoneInvented(seed: UInt64) async throws {
        let path = NSTemporaryDirectory() + "recon-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let clock = ManualClock()
        let sandbox = try SandboxPlatform(path: path, clock: clock, timeScale: TimeScale(0.001))
        var random = SeededRandom(seed: seed)
        let date = BillDate.of(clock.now())
        var days: [BillPlatform: Day] = [.alipay: Day(), .wechat: Day()]
        var serial = 0
        for i in 0..<60 {
            let platform: PlatformKind = random.next() % 2 == 0 ? .alipay : .wechat
            let bp: BillPlatform = platform == .alipay ? .alipay : .wechat
            let no = "T\(seed)-\(i)"
            let amount = Int64(random.next() % 50_000) + 1
            serial += 1
            var d = days[bp]!
            let injection = random.next() % 9
            // 7: the store thinks the trade failed, the platform charged anyway (missing here).
            let digit = injection == 7 ? 2 : (injection == 5 ? 7 : 0)
            _ = await sandbox.pay(PayRequest(tradeNo: no, amount: money(amount), subject: "订单 \(i), \"seeded\"", mode: code(platform, digit, serial)))
            let now = clock.now()
            d.store[no] = StoreTrade(tradeNo: no, amountMinor: amount, state: injection == 7 ? .failed : .succeeded, finishedAt: now)
            switch injection {
            case 1:   // amount mismatch
                try sandbox.faultBillAmount(tradeNo: no, amount: money(amount + 1))
                d.expected.insert("amount_mismatch|\(no)|")
            case 2:   // lands on the next day's bill: no discrepancy once that bill is out
                try sandbox.faultBillNextDay(tradeNo: no)
                d.nextDay.insert(no)
            case 3:   // the store has a success the platform never had
                let ghost = no + "-S"
                d.store[ghost] = StoreTrade(tradeNo: ghost, amountMinor: amount, state: .succeeded, finishedAt: now)
                d.expected.insert("missing_there|\(ghost)|")
            case 4:   // a matched partial refund
                let refundNo = no + "-R"
                _ = await sandbox.refund(RefundRequest(tradeNo: no, refundNo: refundNo, amount: money(max(1, amount / 2)), reason: "t"))
                d.refunds[refundNo] = StoreRefund(refundNo: refundNo, tradeNo: no, amountMinor: max(1, amount / 2), state: .succeeded, finishedAt: now)
            case 5:   // a refund the store thinks failed (behaviour 7 declines its first attempt), then it went through
                let refundNo = no + "-R"
                _ = await sandbox.refund(RefundRequest(tradeNo: no, refundNo: refundNo, amount: money(amount), reason: "t"))
                d.refunds[refundNo] = StoreRefund(refundNo: refundNo, tradeNo: no, amountMinor: amount, state: .failed, finishedAt: now)
                try sandbox.faultRefundSucceeded(tradeNo: no, refundNo: refundNo)
                d.expected.insert("refund_mismatch|\(no)|\(refundNo)")
            case 6:   // a charge the store never heard of
                let ghost = no + "-P"
                try sandbox.faultCharged(tradeNo: ghost, amount: money(amount), platform: platform)
                d.expected.insert("missing_here|\(ghost)|")
            case 7:
                try sandbox.faultCharged(tradeNo: no, amount: nil, platform: platform)
                d.expected.insert("missing_here|\(no)|")
            case 8:   // reversed at the platform while the store kept it paid (status mismatch)
                _ = await sandbox.cancel(tradeNo: no)
                d.expected.insert("status_mismatch|\(no)|")
            default: break
            }
            days[bp] = d
            clock.advance(millis: Int64(random.next() % 5_000))
        }
        #expect(BillDate.of(clock.now()) == date)   // the whole seeded day stays on one Beijing day
        let next = BillDate.next(date)!
        for (platform, d) in days {
            let bill = try sandbox.bill(platform, date: date)
            let later = try sandbox.bill(platform, date: next)
            let dayTrades = Array(d.store.values), dayRefunds = Array(d.refunds.values)
            let reconciler = Reconciler(holdDays: 1)
            let result = reconciler.match(bill: bill, later: [later], storeTrades: d.store, storeRefunds: d.refunds,
                                          dayTrades: dayTrades, dayRefunds: dayRefunds)
            #expect(Set(result.discrepancies.map(\.key)) == d.expected, "\(platform) seed \(seed)")
            #expect(result.discrepancies.count == d.expected.count)
            #expect(result.held.isEmpty)
            // Every trade the store and the bill both hold as paid at the same amount is matched.
            let clean = d.store.values.filter { t in
                t.state == .succeeded && !d.nextDay.contains(t.tradeNo) && bill.trades.contains { $0.merchantTradeNo == t.tradeNo }
                    && !d.expected.contains { $0.hasSuffix("|\(t.tradeNo)|") }
            }
            #expect(result.tradesMatched == clean.count)
            #expect(result.feesMinor == bill.entries.reduce(0) { $0 + $1.feeMinor })
            // Before the next day's bill is out, the next-day trades are held, not flagged.
            let early = reconciler.match(bill: bill, later: [], storeTrades: d.store, storeRefunds: d.refunds,
                                         dayTrades: dayTrades, dayRefunds: dayRefunds)
            #expect(Set(early.held) == d.nextDay.union(d.expected.filter { $0.hasPrefix("missing_there") }.map { $0.split(separator: "|")[1].description }))
            #expect(Set(early.discrepancies.map(\.key)) == d.expected.filter { !$0.hasPrefix("missing_there") })
            // Again, from a fresh download: the same result.
            let again = reconciler.match(bill: try sandbox.bill(platform, date: date), later: [later], storeTrades: d.store,
                                         storeRefunds: d.refunds, dayTrades: dayTrades, dayRefunds: dayRefunds)
            #expect(again == result)
        }
    }
}
