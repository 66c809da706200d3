import AlipayProtocol
import Testing

@Suite struct CanonicalTests {
    @Test func sortedByNameWithEmptyValuesAndSignLeftOut() {
        let p = ["method": "alipay.trade.pay", "app_id": "2021", "sign": "abc", "notify_url": "",
                 "charset": "utf-8", "sign_type": "RSA2"]
        #expect(AlipayCanonical.string(p) == "app_id=2021&charset=utf-8&method=alipay.trade.pay&sign_type=RSA2")
    }

    @Test func notifiesLeaveOutSignTypeToo() {
        let p = ["trade_status": "TRADE_SUCCESS", "sign_type": "RSA2", "sign": "x", "app_id": "1"]
        #expect(AlipayCanonical.string(p, excluding: AlipayCanonical.notifyExcluded) == "app_id=1&trade_status=TRADE_SUCCESS")
    }

    @Test func valuesAreRawNotURLEncodedAndOrderIsByteOrder() {
        let p = ["b": "x&y=z 中文", "B": "upper", "a_b": "1", "a": "2"]
        // Byte order: "B" (0x42) < "a" (0x61) < "a_b" < "b".
        #expect(AlipayCanonical.string(p) == "B=upper&a=2&a_b=1&b=x&y=z 中文")
    }

    @Test func emptyInputGivesEmptyString() {
        #expect(AlipayCanonical.string([:]) == "")
        #expect(AlipayCanonical.string(["sign": "s", "x": ""]) == "")
    }

    @Test func formEncodingRoundTripsAnyText() {
        let p = ["biz_content": "{\"subject\":\"咖啡 & 茶\",\"a\":\"1+1=2\"}", "k": "", "x y": "%41"]
        let body = FormEncoding.encode(p)
        #expect(!body.contains(" ") && !body.contains("\""))
        #expect(FormEncoding.decode(body) == p)
        #expect(FormEncoding.decode("a=1+2&b=%E4%B8%AD&c") == ["a": "1 2", "b": "中", "c": ""])
    }
}
