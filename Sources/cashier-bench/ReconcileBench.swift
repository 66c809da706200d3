import CashierCore
import Foundation
import PlatformBills
import Reconciliation

/// Reconciling a day of `count` trades and refunds against the store's view of them, beside only
/// reading and parsing the same bill, in each platform's format. Matching should cost no more
/// than parsing. (The store's own reads are not in this figure: the engine fetches the day's
/// payment orders in one query before matching.)
func reconcileBench(count: Int) {
    let date = "2026-11-30"
    let start = BillDate.start(date)!
    var entries: [BillEntry] = []
    var trades: [String: StoreTrade] = [:]
    var refunds: [String: StoreRefund] = [:]
    entries.reserveCapacity(count)
    var random = SeededRandom(seed: 7)
    for i in 0..<count {
        let at = start + Millis(i) * 800
        let no = String(format: "B%09d", i)
        let amount = Int64(random.next() % 100_000) + 1
        if i % 10 == 9 {
            let tradeNo = String(format: "B%09d", i - 1)
            let minor = trades[tradeNo]!.amountMinor / 2 + 1
            entries.append(BillEntry(kind: .refund, merchantTradeNo: tradeNo, merchantRefundNo: no + "R", platformTradeNo: "SBX" + tradeNo,
                                     platformRefundNo: "SBXR" + no, amountMinor: minor, feeMinor: -ServiceFee.of(minor, rateBasisPoints: 60),
                                     status: .refunded, subject: "退款, \"部分\"", createdAt: at, finishedAt: at))
            refunds[no + "R"] = StoreRefund(refundNo: no + "R", tradeNo: tradeNo, amountMinor: minor, state: .succeeded, finishedAt: at)
        } else {
            entries.append(BillEntry(kind: .trade, merchantTradeNo: no, platformTradeNo: "SBX" + no, amountMinor: amount,
                                     feeMinor: ServiceFee.of(amount, rateBasisPoints: 60), status: .succeeded,
                                     subject: "拿铁, 大杯 \(i % 50)", createdAt: at - 2_000, finishedAt: at))
            // One in a thousand differs, so the figure includes building discrepancies.
            trades[no] = StoreTrade(tradeNo: no, amountMinor: i % 1000 == 0 ? amount + 1 : amount, state: .succeeded, finishedAt: at)
        }
    }
    let dayTrades = Array(trades.values), dayRefunds = Array(refunds.values)
    for platform in BillPlatform.allCases {
        let bill = Bill(platform: platform, date: date, entries: entries)
        let bytes: [UInt8] = platform == .alipay
            ? AlipayBill.zip(bill, account: "2088000000000001", exportedAt: start + 86_400_000)
            : Array(WeChatBill.text(bill, kind: .all, merchant: .init(appID: "wx", mchID: "1900000109", rateBasisPoints: 60)).utf8)
        func parse() -> Bill {
            platform == .alipay ? try! AlipayBill.parse(bytes, date: date) : try! WeChatBill.parse(bytes, date: date)
        }
        var parsed = bill
        let parseTime = seconds { parsed = parse() }
        var result = DayResult()
        let matchTime = seconds {
            result = Reconciler(holdDays: 1).match(bill: parsed, later: [], storeTrades: trades, storeRefunds: refunds,
                                                   dayTrades: dayTrades, dayRefunds: dayRefunds)
        }
        print("reconcile \(platform.rawValue) bill of \(count) rows (\(bytes.count / 1024) KiB): parse \(fmt(parseTime * 1000, 0)) ms, "
              + "match \(fmt(matchTime * 1000, 0)) ms (\(result.tradesMatched) trades and \(result.refundsMatched) refunds matched, "
              + "\(result.discrepancies.count) discrepancies): matching costs \(fmt(matchTime / parseTime * 100, 0)) % of parsing")
    }
}
