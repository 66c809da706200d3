import Testing
import WeChatPayProtocol

@Suite struct XMLTests {
    @Test func fieldsAreSortedInCDATAAndEmptyValuesLeftOut() {
        let xml = WeChatXML.document(["mch_id": "10000100", "appid": "wx1", "attach": "", "body": "a <b> & c"])
        #expect(xml == "<xml><appid><![CDATA[wx1]]></appid><body><![CDATA[a <b> & c]]></body><mch_id><![CDATA[10000100]]></mch_id></xml>")
    }

    @Test func signedBodiesCarrySignAndNameANonDefaultSignType() throws {
        let key = WeChatKey(apiKey: "192006250b4c09247ec02edce69f6a2d")
        let md5 = WeChatMessage.signedBody(SigningTests.fields, key: key, type: .md5)
        #expect(md5.hasSuffix("<sign><![CDATA[9A0A8659F005D6984697E2CA0A9CF3B7]]></sign></xml>"))
        #expect(!md5.contains("sign_type"))
        let hmac = try WeChatXML.parse(WeChatMessage.signedBody(SigningTests.fields, key: key, type: .hmacSHA256)).fields
        #expect(hmac["sign_type"] == "HMAC-SHA256")
        try key.verify(hmac)
    }

    @Test func whatIsWrittenReadsBackExactly() throws {
        let fields = ["body": "咖啡 x2 ]]> <tail>", "total_fee": "1230", "out_trade_no": "CSH1"]
        let (root, read) = try WeChatXML.parse(WeChatXML.document(fields))
        #expect(root == "xml")
        #expect(read == fields)
    }

    @Test func readsPlainTextAsWellAsCDATA() throws {
        // wechatpy writes digits without CDATA and a newline after each field.
        let text = "<xml>\n<total_fee>100</total_fee>\n<body><![CDATA[test]]></body>\n</xml>"
        #expect(try WeChatXML.parse(text).fields == ["total_fee": "100", "body": "test"])
    }

    @Test func refusesDTDsNestingDuplicatesAndNonXML() {
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><a>&e;</a></xml>"
        #expect(throws: WeChatXML.Error.forbiddenDTD) { try WeChatXML.parse(xxe) }
        #expect(throws: WeChatXML.Error.nested("a")) { try WeChatXML.parse("<xml><a><b>1</b></a></xml>") }
        #expect(throws: WeChatXML.Error.duplicate("a")) { try WeChatXML.parse("<xml><a>1</a><a>2</a></xml>") }
        #expect(throws: WeChatXML.Error.self) { try WeChatXML.parse("{\"a\":1}") }
        // libxml2 recovers from these; the parser refuses them all the same.
        for broken in ["<xml><a>1</xml>", "<xml><a>1</a>", "<xml><a>1</a></xml><y/>", "<xml><a>1</a></xml>trailing", ""] {
            #expect(throws: WeChatXML.Error.self) { try WeChatXML.parse(broken) }
        }
    }
}
