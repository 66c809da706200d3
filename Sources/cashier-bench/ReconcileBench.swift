import CashierCore
import CashierEngine
import Foundation
import PaymentPlatform
import PlatformBills
import Reconciliation

/// Reconciling a day of `count` trades and refunds (one in ten a refund) per platform, beside
/// only reading and parsing the same bill from a file, in each platform's own format, in the
/// same run. Three figures against the read + parse: the matching alone (the store's view
/// already in memory), and the engine's whole reconciliation of the day against a store holding
/// those payments (its reads, the matching, the bill's digest and the recorded result), first
/// run and an idempotent re-run. `seed` writes the day's payments and refunds into the store.
func reconcileBench(count: Int, engine: Engine, folder: String,
                    seed: (_ trades: [StoreTrade], _ refunds: [StoreRefund], _ platform: BillPlatform) throws -> Void) async throws {
    let date = "2026-11-30"
    let start = BillDate.start(date)!
    for platform in BillPlatform.allCases {
        let prefix = platform == .alipay ? "A" : "W"
        var entries: [BillEntry] = []
        var trades: [String: StoreTrade] = [:]
        var refunds: [String: StoreRefund] = [:]
        entries.reserveCapacity(count)
        var random = SeededRandom(seed: 7)
        for i in 0..<count {
            let at = start + Millis(i) * (86_000_000 / Millis(count))
            let no = prefix + String(format: "%09d", i)
            let amount = Int64(random.next() % 100_000) + 1
            if i % 10 == 9 {
                let tradeNo = prefix + String(format: "%09d", i - 1)
                let minor = trades[tradeNo]!.amountMinor / 2 + 1
                entries.append(BillEntry(kind: .refund, merchantTradeNo: tradeNo, merchantRefundNo: no + "R", platformTradeNo: "SBX" + tradeNo,
                                         platformRefundNo: "SBXR" + no, amountMinor: minor, feeMinor: -ServiceFee.of(minor, rateBasisPoints: 60),
                                         status: .refunded, subject: "退款, \"部分\"", createdAt: at, finishedAt: at))
                refunds[no + "R"] = StoreRefund(refundNo: no + "R", tradeNo: tradeNo, amountMinor: minor, state: .succeeded, finishedAt: at)
            } else {
                entries.append(BillEntry(kind: .trade, merchantTradeNo: no, platformTradeNo: "SBX" + no, amountMinor: amount,
                                         feeMinor: ServiceFee.of(amount, rateBasisPoints: 60), status: .succeeded,
                                         subject: "拿铁, 大杯 \(i % 50)", createdAt: at - 2_000, finishedAt: at))
                // One in a thousand differs, so the figures include building and recording discrepancies.
                trades[no] = StoreTrade(tradeNo: no, amountMinor: i % 1000 == 0 ? amount + 1 : amount, state: .succeeded, finishedAt: at)
            }
        }
        let bill = Bill(platform: platform, date: date, entries: entries)
        let bytes: [UInt8] = platform == .alipay
            ? AlipayBill.zip(bill, account: "2088000000000001", exportedAt: start + 86_400_000)
            : Array(WeChatBill.text(bill, kind: .all, merchant: .init(appID: "wx", mchID: "1900000109", rateBasisPoints: 60)).utf8)
        let file = "\(folder)/bill-\(platform.rawValue)-\(date)"
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        try seed(Array(trades.values), Array(refunds.values), platform)

        var parsed = bill
        let parseTime = seconds {
            let read = Array(FileManager.default.contents(atPath: file)!)
            parsed = platform == .alipay ? try! AlipayBill.parse(read, date: date) : try! WeChatBill.parse(read, date: date)
        }
        precondition(parsed.entries.count == count)
        let dayTrades = Array(trades.values), dayRefunds = Array(refunds.values)
        var result = DayResult()
        let matchTime = seconds {
            result = Reconciler(holdDays: 0).match(bill: parsed, later: [], storeTrades: trades, storeRefunds: refunds,
                                                   dayTrades: dayTrades, dayRefunds: dayRefunds)
        }
        var report: ReconcileReport?
        let confirm: (String) async -> QueryOutcome = { _ in .unknown(reason: "not asked in the bench") }
        let engineTime = try await secondsAsync {
            report = try await engine.reconcile(parsed, later: [], holdDays: 0, actor: "bench", query: confirm)
        }
        let againTime = try await secondsAsync {
            _ = try await engine.reconcile(parsed, later: [], holdDays: 0, actor: "bench", query: confirm)
        }
        precondition(report?.tradesMatched == result.tradesMatched && report?.items.count == result.discrepancies.count)
        func share(_ t: Double) -> String { "\(fmt(t * 1000, 0)) ms (\(fmt(t / parseTime * 100, 0)) % of reading + parsing)" }
        say("Reconcile \(platform.rawValue), a day of \(count) rows (\(result.tradesMatched) trades and \(result.refundsMatched) refunds matched, "
            + "\(result.discrepancies.count) discrepancies; bill \(bytes.count / 1024) KiB):")
        say("  read + parse the bill file: \(fmt(parseTime * 1000, 0)) ms")
        say("  matching alone: " + share(matchTime))
        say("  the engine's whole reconciliation (store reads, matching, digest, recording): first run " + share(engineTime)
            + ", re-run " + share(againTime))
    }
}
