import CashierCore
import Testing
import WeChatPayProtocol

@Suite struct FenTests {
    @Test func minorUnitsAreFen() throws {
        #expect(try Fen.string(Money(minor: 1230, currency: .cny)) == "1230")
        #expect(try Fen.string(Money(minor: 1, currency: .cny)) == "1")
        #expect(throws: Fen.Error.notTwoDecimals(.jpy)) { try Fen.string(Money(minor: 5, currency: .jpy)) }
        #expect(try Fen.parse("1230") == Money(minor: 1230, currency: .cny))
        #expect(try Fen.parse("0").minor == 0)
    }

    @Test func parsingIsStrict() {
        for bad in ["12.30", "1.", "-1", "+1", "01", "1e3", " 1", "1 ", "", "１", "0x10", "1,000", "9999999999999999"] {
            #expect(throws: Fen.Error.malformed(bad)) { try Fen.parse(bad) }
        }
    }

    @Test func roundTripsOverSeededAmounts() throws {
        var random = SeededRandom(seed: 20261130)
        for _ in 0..<2000 {
            let money = Money(minor: Int64(random.next() % 100_000_000_000), currency: .cny)
            #expect(try Fen.parse(Fen.string(money)) == money)
        }
    }
}

@Suite struct AnswerTests {
    let key = WeChatKey(apiKey: "0123456789abcdefghijklmnopqrstuv")

    func answer(_ extra: [String: String] = [:], type: WeChatSignType = .md5) -> String {
        var f = ["return_code": "SUCCESS", "return_msg": "OK", "appid": "wx1", "mch_id": "1900000109",
                 "nonce_str": "n", "result_code": "SUCCESS", "out_trade_no": "CSH1", "total_fee": "100"]
        for (k, v) in extra { f[k] = v }
        return WeChatMessage.signedBody(f, key: key, type: type)
    }

    @Test func aSignedAnswerIsRead() throws {
        let f = try WeChatMessage.verifiedAnswer(answer(), key: key, type: .md5, appID: "wx1", mchID: "1900000109")
        #expect(f["total_fee"] == "100")
        _ = try WeChatMessage.verifiedAnswer(answer(type: .hmacSHA256), key: key, type: .hmacSHA256, appID: "wx1", mchID: "1900000109")
    }

    @Test func tamperedForeignOrRefusedAnswersAreRefused() {
        let tampered = answer().replacingOccurrences(of: "<![CDATA[100]]>", with: "<![CDATA[1]]>")
        #expect(throws: WeChatAnswerError.signature(.mismatch)) {
            try WeChatMessage.verifiedAnswer(tampered, key: key, type: .md5, appID: "wx1", mchID: "1900000109")
        }
        #expect(throws: WeChatAnswerError.signature(.mismatch)) {
            try WeChatMessage.verifiedAnswer(answer(), key: WeChatKey(apiKey: "x"), type: .md5, appID: "wx1", mchID: "1900000109")
        }
        // Signed as MD5, read as the HMAC-SHA256 the request asked for.
        #expect(throws: WeChatAnswerError.signature(.mismatch)) {
            try WeChatMessage.verifiedAnswer(answer(), key: key, type: .hmacSHA256, appID: "wx1", mchID: "1900000109")
        }
        #expect(throws: WeChatAnswerError.foreign("appid wx1")) {
            try WeChatMessage.verifiedAnswer(answer(), key: key, type: .md5, appID: "wx2", mchID: "1900000109")
        }
        let unsigned = answer().replacingOccurrences(of: #"<sign><!\[CDATA\[[0-9A-F]+\]\]></sign>"#, with: "", options: .regularExpression)
        #expect(throws: WeChatAnswerError.signature(.missing)) {
            try WeChatMessage.verifiedAnswer(unsigned, key: key, type: .md5, appID: "wx1", mchID: "1900000109")
        }
        #expect(throws: WeChatAnswerError.communication("签名错误")) {
            try WeChatMessage.verifiedAnswer(WeChatMessage.refusalBody("签名错误", errCode: "SIGNERROR"), key: key, type: .md5,
                                             appID: "wx1", mchID: "1900000109")
        }
    }

    @Test func timesAreBeijingWallClock() {
        // 2026-11-30 02:15:09 UTC
        let t: Millis = 1_796_004_909_000
        #expect(WeChatTime.compact(t) == "20261130101509")
        #expect(WeChatTime.spaced(t) == "2026-11-30 10:15:09")
    }
}
