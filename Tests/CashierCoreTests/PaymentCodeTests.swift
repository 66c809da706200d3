import CashierCore
import Testing

/// `prefix` followed by digits up to `length` (a recognisable counting pattern).
func codeDigits(_ prefix: String, length: Int) -> String {
    var text = prefix
    var d = 3
    while text.count < length {
        text += String(d % 10)
        d += 7
    }
    return text
}

@Suite struct PaymentCodeTests {
    @Test(arguments: [
        // WeChat: 18 digits, 10–15
        (codeDigits("10", length: 18), PlatformKind.wechat),
        (codeDigits("13", length: 18), .wechat),
        (codeDigits("15", length: 18), .wechat),
        // Alipay: 16–24 digits, 25–30
        (codeDigits("25", length: 16), .alipay),
        (codeDigits("28", length: 18), .alipay),
        (codeDigits("28", length: 19), .alipay),
        (codeDigits("30", length: 24), .alipay),
        (codeDigits("27", length: 20), .alipay),
        // UnionPay: 19 digits, 62
        (codeDigits("62", length: 19), .unionpay),
    ])
    func routes(text: String, platform: PlatformKind) throws {
        let code = try PaymentCode(text)
        #expect(code.platform == platform)
        #expect(code.digits == text)
    }

    @Test(arguments: [
        // WeChat-like of the wrong length
        (codeDigits("13", length: 17), 17),
        (codeDigits("13", length: 19), 19),
        // prefixes just outside the ranges
        (codeDigits("16", length: 18), 18),
        (codeDigits("09", length: 18), 18),
        (codeDigits("24", length: 18), 18),
        (codeDigits("31", length: 18), 18),
        (codeDigits("31", length: 20), 20),
        // Alipay of the wrong length
        (codeDigits("28", length: 15), 15),
        (codeDigits("28", length: 25), 25),
        (codeDigits("25", length: 25), 25),
        // UnionPay of the wrong length or prefix
        (codeDigits("62", length: 18), 18),
        (codeDigits("62", length: 20), 20),
        (codeDigits("61", length: 19), 19),
        (codeDigits("63", length: 19), 19),
        // short codes
        ("1", 1),
        ("13", 2),
        ("0", 1),
    ])
    func rejectsUnknownFormats(text: String, length: Int) {
        #expect(text.count == length)
        #expect(throws: PaymentCode.CodeError.unknownFormat(length: length)) { try PaymentCode(text) }
    }

    @Test(arguments: [
        "",
        "   ",
        "13456789012345678a",
        "1345678901234 5678",
        "-134567890123456789",
        "+134567890123456789",
        "13456789012345678.",
        "１３４５６７８９０１２３４５６７８", // full-width
        "13-4567-8901-2345-67",
        "abcdefghijklmnopqr",
    ])
    func rejectsNonDigits(text: String) {
        #expect(throws: PaymentCode.CodeError.notDigits) { try PaymentCode(text) }
    }

    @Test func surroundingSpacesAreTrimmed() throws {
        let digits = codeDigits("13", length: 18)
        let code = try PaymentCode("  \(digits)   ")
        #expect(code.digits == digits && code.platform == .wechat)
        #expect(code == (try PaymentCode(digits)))
        // Trimmed length counts: 17 digits and a space are still 17 digits.
        #expect(throws: PaymentCode.CodeError.unknownFormat(length: 17)) { try PaymentCode(codeDigits("13", length: 17) + " ") }
    }

    @Test(arguments: 0...9)
    func lastDigit(digit: Int) throws {
        let code = try PaymentCode(codeDigits("13", length: 17) + String(digit))
        #expect(code.lastDigit == digit)
        let alipay = try PaymentCode(codeDigits("28", length: 23) + String(digit))
        #expect(alipay.lastDigit == digit)
    }

    /// The screen and the logs see the first and last four digits, never the middle.
    @Test func maskedNeverContainsTheMiddle() throws {
        var random = SeededRandom(seed: 2024)
        let shapes: [(String, ClosedRange<Int>)] = [("1", 18...18), ("2", 16...24), ("62", 19...19)]
        for _ in 0..<500 {
            let (lead, lengths) = shapes[Int.random(in: 0..<shapes.count, using: &random)]
            let length = Int.random(in: lengths, using: &random)
            var text = lead
            if lead == "1" { text += String(Int.random(in: 0...5, using: &random)) }
            if lead == "2" { text = String(Int.random(in: 25...30, using: &random)) }
            while text.count < length { text += String(Int.random(in: 0...9, using: &random)) }
            let code = try PaymentCode(text)
            let middle = String(text.dropFirst(4).dropLast(4))
            #expect(middle.count == length - 8)
            #expect(code.masked == String(text.prefix(4)) + "…" + String(text.suffix(4)))
            #expect(code.masked.filter(\.isNumber).count == 8)
            #expect(!code.masked.contains(middle))
            #expect(code.description == code.masked)
            #expect("\(code)" == code.masked && String(reflecting: code) == code.masked)
        }
    }

    @Test func errorDescriptionsSayWhatToDo() {
        let errors: [PaymentCode.CodeError] = [.notDigits, .unknownFormat(length: 17)]
        for error in errors { MoneyErrorDescriptionTests.expectOneSentenceSayingWhatToDo(error.description) }
        #expect(PaymentCode.CodeError.unknownFormat(length: 17).description.contains("(17 digits)"))
    }

    // The code deadlines moved to the engine's PollSchedule (PollScheduleTests).
    @Test func platformNames() {
        #expect(PlatformKind.allCases.map(\.displayName) == ["WeChat Pay", "Alipay", "UnionPay"])
    }
}
