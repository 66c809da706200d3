import CashierCore
import CashierReceipts

/// The receipts the golden files show: CJK and Latin names, every payment method with change,
/// several orders in one payment, a partial refund, a reprint.
enum Fixtures {
    /// 2026-11-24 21:38:05 UTC.
    static let time: Millis = 1_795_556_285_000
    static let header = ["Cashier Demo Store 收银台", "1 Main Street, Shanghai"]
    static let footer = ["Thank you! 谢谢惠顾"]

    static let mixed = Receipt(
        header: header, footer: footer, kind: .payment, number: 12, currency: .cny, time: time,
        operatorName: "cashier", channel: "counter",
        orders: [.init(number: "G00000012", customer: "王小明", amount: 15_000, items: [
            .init(name: "Green tea 绿茶", quantity: 2, unitPrice: 1_800),
            .init(name: "Rice 5kg 大米 premium long-grain fragrant jasmine rice from Thailand", quantity: 1, unitPrice: 6_500),
            .init(name: "雨伞折叠晴雨两用超轻防晒防紫外线", quantity: 1, unitPrice: 4_900),
        ])],
        payments: [
            .init(method: .coupon(code: "WELCOME10"), amount: 1_000),
            .init(method: .cash, amount: 6_000),
            .init(method: .online(platform: "Alipay", code: "2800****0001"), amount: 8_000),
        ],
        total: 15_000, tendered: 10_000, change: 4_000, tradeNo: "CSH0000000012",
        platformTradeNo: "2026112422001400000000000012")

    static let combined = Receipt(
        header: header, footer: [], kind: .payment, number: 7, copy: 2, currency: .cny, time: time + 3_600_000,
        operatorName: "alice", channel: "counter",
        orders: [
            .init(number: "G00000031", customer: "Zoë Müller", amount: 3_990, items: [.init(name: "USB cable", quantity: 1, unitPrice: 3_990)]),
            .init(number: "S00000032", customer: "欧阳娜娜", amount: 8_800, items: [.init(name: "Haircut 理发", quantity: 1, unitPrice: 8_800)]),
            .init(number: "M00000033", customer: "Hiroshi Tanaka-Featherstonehaugh", amount: 29_900,
                  items: [.init(name: "Gold membership 1 year", quantity: 1, unitPrice: 29_900)]),
        ],
        payments: [.init(method: .online(platform: "WeChat Pay", code: nil), amount: 42_690)],
        total: 42_690, tradeNo: "CSH0000000007")

    static let partialRefund = Receipt(
        header: header, footer: footer, kind: .refund, number: 13, currency: .cny, time: time + 60_000,
        operatorName: "cashier", channel: "counter",
        orders: [.init(number: "G00000012", customer: "王小明", amount: 15_000, items: [])],
        total: 3_333,
        refund: .init(refundNo: "RF0000000003", method: .online(platform: "Alipay", code: "2800****0001"), amount: 3_333,
                      reason: "Customer returned a damaged umbrella 雨伞坏了", approvedBy: "supervisor", tradeNo: "CSH0000000012",
                      refundedTotal: 5_000, orderPaid: 15_000))

    static let all: [(String, Receipt)] = [("mixed", mixed), ("combined", combined), ("partial-refund", partialRefund)]
}
