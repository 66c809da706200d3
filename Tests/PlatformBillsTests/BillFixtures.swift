import CashierCore
import PlatformBills

enum Fixtures {
    static let date = "2026-11-30"
    static let dayStart = BillDate.start(date)!

    static func trade(_ no: String, _ minor: Int64, subject: String = "咖啡", at second: Int64 = 3600, fee: Int64? = nil) -> BillEntry {
        BillEntry(kind: .trade, merchantTradeNo: no, platformTradeNo: "SBX" + no, amountMinor: minor,
                  feeMinor: fee ?? ServiceFee.of(minor, rateBasisPoints: 60), status: .succeeded, subject: subject,
                  createdAt: dayStart + second * 1000 - 2000, finishedAt: dayStart + second * 1000)
    }

    static func refund(_ no: String, _ refundNo: String, _ minor: Int64, at second: Int64 = 7200) -> BillEntry {
        BillEntry(kind: .refund, merchantTradeNo: no, merchantRefundNo: refundNo, platformTradeNo: "SBX" + no,
                  platformRefundNo: "R" + refundNo, amountMinor: minor, feeMinor: -ServiceFee.of(minor, rateBasisPoints: 60),
                  status: .refunded, subject: "咖啡", createdAt: dayStart + second * 1000, finishedAt: dayStart + second * 1000)
    }

    static let merchant = WeChatBill.Merchant(appID: "wxsandbox0000001", mchID: "1900000109", rateBasisPoints: 60)

    /// Subjects that break naive readers: CJK, commas, quotes, a backtick-free WeChat-safe set.
    static let awkward: [BillEntry] = [
        trade("T1", 1230, subject: "拿铁, 大杯"),
        trade("T2", 99, subject: "He said \"hi\""),
        trade("T3", 100_000, subject: "𠮷野家 牛丼 (GB18030 four-byte)"),
        refund("T1", "T1-R1", 230),
    ]
}
