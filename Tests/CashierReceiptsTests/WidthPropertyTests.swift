import CashierCore
import CashierReceipts
import Foundation
import Testing

/// Random receipts (seeded) with CJK, Latin, accented and over-long names: no line is ever wider
/// than the paper, and wrapping loses no character. `CASHIER_PROPERTY_SEEDS` sets how many.
@Suite struct WidthPropertyTests {
    static let seeds = ProcessInfo.processInfo.environment["CASHIER_PROPERTY_SEEDS"].flatMap(Int.init) ?? 300

    static let pieces = ["绿茶", "大米", "雨伞", "王", "欧阳", "Müller", "Zoë", "tea", "a", "café", "한국어", "ｆｕｌｌ",
                         "Supercalifragilisticexpialidocious", "e\u{301}", "🍵", "—", "，", "(500g)", "USB-C", "\t", "\u{1B}"]

    static func name(_ rng: inout SeededRandom) -> String {
        let words = 1 + Int(rng.next() % 12)
        var s = ""
        for _ in 0..<words {
            s += pieces.randomElement(using: &rng)!
            if rng.next() % 3 != 0 { s += " " }
        }
        return s
    }

    static func receipt(_ rng: inout SeededRandom) -> Receipt {
        var orders: [Receipt.Order] = []
        for i in 0..<(1 + Int(rng.next() % 3)) {
            let items = (0..<(1 + Int(rng.next() % 4))).map { _ in
                Receipt.Item(name: name(&rng), quantity: 1 + Int(rng.next() % 99), unitPrice: Int64(rng.next() % 10_000_000))
            }
            orders.append(.init(number: "G\(i)", customer: name(&rng), amount: items.reduce(0) { $0 + $1.total }, items: items))
        }
        let total = orders.reduce(0) { $0 + $1.amount }
        let refund = rng.next() % 3 == 0
        return Receipt(header: [name(&rng)], footer: [name(&rng)], kind: refund ? .refund : .payment,
                       number: Int64(rng.next() % 100_000_000), copy: Int(rng.next() % 3), currency: .cny,
                       time: Millis(rng.next() % 4_000_000_000_000), operatorName: name(&rng), channel: "counter", orders: orders,
                       payments: [.init(method: .coupon(code: name(&rng)), amount: total / 3),
                                  .init(method: .online(platform: "Alipay", code: "2800****0001"), amount: total - total / 3)],
                       total: total, tendered: total + 100, change: 100, tradeNo: "CSH0000000001",
                       platformTradeNo: String(repeating: "9", count: Int(rng.next() % 70)),
                       refund: refund ? .init(refundNo: "RF1", method: .cash, amount: total, reason: name(&rng), approvedBy: name(&rng),
                                              tradeNo: nil, refundedTotal: total, orderPaid: total) : nil)
    }

    @Test func noLineIsWiderThanThePaper() {
        for seed in 0..<Self.seeds {
            var rng = SeededRandom(seed: UInt64(seed))
            let r = Self.receipt(&rng)
            for width in ReceiptLayout.widths {
                for line in ReceiptLayout.lines(r, width: width) {
                    #expect(Columns.of(line.text) <= width, "seed \(seed) width \(width): \(line.text)")
                    #expect(!line.text.unicodeScalars.contains { $0.value < 0x20 }, "seed \(seed): a control character was printed")
                }
            }
        }
    }

    @Test func wrappingKeepsEveryCharacterInOrder() {
        for seed in 0..<Self.seeds {
            var rng = SeededRandom(seed: UInt64(seed) &+ 1_000_000)
            let text = Self.name(&rng)
            for width in [2, 3, 7] + ReceiptLayout.widths {
                let lines = Columns.wrap(text, width: width)
                for l in lines { #expect(Columns.of(l) <= width, "seed \(seed) width \(width): \(l)") }
                let squeezed = { (s: String) in s.filter { $0 != " " } }
                #expect(squeezed(lines.joined()) == squeezed(Columns.clean(text)), "seed \(seed) width \(width)")
            }
        }
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(Columns.of("绿茶") == 4)
        #expect(Columns.of("Zoë") == 3)
        #expect(Columns.of("e\u{301}") == 1)
        #expect(Columns.of("ｆｕｌｌ") == 8)
        #expect(Columns.of("한") == 2)
        // A wide character is never split: a 3-column line takes one CJK character, not one and a half.
        #expect(Columns.wrap("绿茶大米", width: 3) == ["绿", "茶", "大", "米"])
        #expect(Columns.wrap("Green tea 绿茶大米", width: 10) == ["Green tea", "绿茶大米"])
        #expect(Columns.wrap("abcdefgh", width: 3) == ["abc", "def", "gh"])
    }
}
