import CashierCore
import CashierReceipts
import Testing

@Suite struct ESCPOSTests {
    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        return (0...(hay.count - needle.count)).first { Array(hay[$0..<($0 + needle.count)]) == needle }
    }

    @Test func utf8ReceiptIsInitialisedBoldedAndCut() {
        let lines = ReceiptLayout.lines(Fixtures.mixed, width: 42)
        let bytes = ESCPOS.bytes(lines, encoding: .utf8)
        #expect(Array(bytes.prefix(9)) == [0x1B, 0x40, 0x1C, 0x28, 0x43, 0x02, 0x00, 0x30, 0x02])
        #expect(Array(bytes.suffix(4)) == [0x1D, 0x56, 66, 4])
        // The store's name is the first line, in bold.
        let name = Array(lines[0].text.utf8)
        #expect(Array(bytes[9..<12]) == [0x1B, 0x45, 1])
        #expect(Array(bytes[12..<(12 + name.count)]) == name)
        #expect(Array(bytes[(12 + name.count)..<(15 + name.count)]) == [0x1B, 0x45, 0])
        #expect(bytes.filter { $0 == 0x0A }.count == lines.count)
        // Only commands carry ESC: init, and bold on/off per bold line.
        #expect(bytes.filter { $0 == 0x1B }.count == 1 + 2 * lines.filter(\.bold).count)
    }

    @Test func gb18030ModeEncodesChinese() {
        let bytes = ESCPOS.bytes([ReceiptLine("绿茶 Tea")], encoding: .gb18030)
        #expect(Array(bytes.prefix(4)) == [0x1B, 0x40, 0x1C, 0x26])
        #expect(Self.find([0xC2, 0xCC, 0xB2, 0xE8, 0x20, 0x54, 0x65, 0x61, 0x0A], in: bytes) != nil)
    }

    @Test func anEscapeInANameNeverReachesThePrinter() {
        var r = Fixtures.mixed
        r.orders[0].items[0].name = "Tea\u{1B}\u{69}cut" // ESC i: a full cut, if it got through
        let lines = ReceiptLayout.lines(r, width: 32)
        let bytes = ESCPOS.bytes(lines, encoding: .utf8)
        #expect(bytes.filter { $0 == 0x1B }.count == 1 + 2 * lines.filter(\.bold).count)
        #expect(lines.contains { $0.text == "Tea i cut" || $0.text == "Tea icut" })
    }
}
