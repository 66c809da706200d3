import CashierCore

/// WeChat Pay v2's trade bill (`POST /pay/downloadbill`): text, one header row, one row per
/// trade or refund with every value prefixed by a backtick (so spreadsheets keep numbers as
/// text), then the totals header and the totals row; amounts in yuan. Columns per bill_type as
/// WeChat's merchant documentation lists them (pay.weixin.qq.com/wiki/doc/api/micropay.php?
/// chapter=9_6 "下载对账单"): ALL, SUCCESS and REFUND differ. A day without a bill answers the
/// XML `return_code FAIL / return_msg No Bill Exist / error_code 20002` instead of text.
/// Values are joined with ",`", which is also how they are split: a comma inside a subject stays
/// in it; a backtick inside one would be ambiguous, so the writer turns it into an apostrophe.
public enum WeChatBill {
    public enum Kind: String, Sendable, CaseIterable { case all = "ALL", success = "SUCCESS", refund = "REFUND" }

    static let head = ["交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识",
                       "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额"]
    static let refundMiddle = ["微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态"]
    static let tail = ["商品名称", "商户数据包", "手续费", "费率", "订单金额"]

    public static func columns(_ kind: Kind) -> [String] {
        switch kind {
        case .all: return head + refundMiddle + tail + ["申请退款金额", "费率备注"]
        case .success: return head + tail + ["费率备注"]
        case .refund: return head + ["退款申请时间", "退款成功时间"] + refundMiddle + tail + ["申请退款金额", "费率备注"]
        }
    }

    public static let totalsColumns = ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"]

    public static let noBillXML = "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[No Bill Exist]]></return_msg><error_code><![CDATA[20002]]></error_code></xml>"

    /// The merchant identity and fee rate the rows repeat.
    public struct Merchant: Sendable {
        public var appID: String
        public var mchID: String
        public var rateBasisPoints: Int64
        public init(appID: String, mchID: String, rateBasisPoints: Int64) {
            self.appID = appID
            self.mchID = mchID
            self.rateBasisPoints = rateBasisPoints
        }
    }

    // MARK: writing

    /// The answer body: the text bill, or WeChat's "No Bill Exist" XML for a day without rows.
    /// A refund row's 交易时间 is when the refund succeeded (the event that puts it on this day's
    /// bill); the REFUND bill adds the application and success times in their own columns.
    public static func text(_ bill: Bill, kind: Kind, merchant: Merchant) -> String {
        let rows = bill.entries.filter { kind == .all || (kind == .success) == ($0.kind == .trade) }
        if rows.isEmpty { return noBillXML }
        let names = columns(kind)
        var lines = [names.joined(separator: ",")]
        var settled: Int64 = 0, refunded: Int64 = 0, fees: Int64 = 0
        for e in rows {
            var v: [String: String] = [:]
            let refund = e.kind == .refund
            v["交易时间"] = BillText.time(e.finishedAt)
            v["公众账号ID"] = merchant.appID
            v["商户号"] = merchant.mchID
            v["特约商户号"] = "0"
            v["微信订单号"] = e.platformTradeNo
            v["商户订单号"] = e.merchantTradeNo
            v["用户标识"] = "oSandbox\(e.platformTradeNo.suffix(8))"
            v["交易类型"] = "MICROPAY"
            v["交易状态"] = refund ? "REFUND" : (e.status == .revoked ? "REVOKED" : "SUCCESS")
            v["付款银行"] = "OTHERS"
            v["货币种类"] = "CNY"
            v["应结订单金额"] = BillText.yuan(refund ? 0 : e.amountMinor)
            v["代金券金额"] = "0.00"
            v["退款申请时间"] = refund ? BillText.time(e.createdAt ?? e.finishedAt) : ""
            v["退款成功时间"] = refund ? BillText.time(e.finishedAt) : ""
            v["微信退款单号"] = refund ? (e.platformRefundNo ?? "") : "0"
            v["商户退款单号"] = refund ? (e.merchantRefundNo ?? "") : "0"
            v["退款金额"] = BillText.yuan(refund ? e.amountMinor : 0)
            v["充值券退款金额"] = "0.00"
            v["退款类型"] = refund ? "ORIGINAL" : ""
            v["退款状态"] = refund ? "SUCCESS" : ""
            v["商品名称"] = BillText.oneLine(e.subject)
            v["商户数据包"] = ""
            v["手续费"] = BillText.yuan(e.feeMinor)
            v["费率"] = ServiceFee.percent(merchant.rateBasisPoints)
            v["订单金额"] = BillText.yuan(refund ? 0 : e.amountMinor)
            v["申请退款金额"] = BillText.yuan(refund ? e.amountMinor : 0)
            v["费率备注"] = ""
            lines.append(names.map { "`" + String((v[$0] ?? "").map { $0 == "`" ? "'" : $0 }) }.joined(separator: ","))
            if !refund { settled += e.amountMinor } else { refunded += e.amountMinor }
            fees += e.feeMinor
        }
        lines.append(totalsColumns.joined(separator: ","))
        lines.append([String(rows.count), BillText.yuan(settled), BillText.yuan(refunded), "0.00", BillText.yuan(fees),
                      BillText.yuan(settled), BillText.yuan(refunded)].map { "`" + $0 }.joined(separator: ","))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: reading

    /// The body WeChat answered (text or gzip, or the No Bill Exist XML), or a file saved from it.
    public static func parse(_ bytes: [UInt8], date: String) throws(BillError) -> Bill {
        var bytes = bytes
        if bytes.starts(with: [0x1F, 0x8B]) {
            guard let plain = Gzip.decompress(bytes) else { throw BillError(file: "the gzip bill", line: 0, "it does not decompress (cut short?)") }
            bytes = plain
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BillError(file: "the bill", line: 0, "it is not UTF-8 text")
        }
        if text.hasPrefix("<xml>") {
            if text.contains("No Bill Exist") { return Bill(platform: .wechat, date: date, entries: []) }
            throw BillError(file: "the bill", line: 1, "WeChat answered an error instead of a bill: \(text.prefix(200))")
        }
        return try parse(text: text, date: date)
    }

    static func parse(text: String, date: String) throws(BillError) -> Bill {
        let file = "the bill"
        let lines = BillText.lines(text)
        guard let first = lines.first else { throw BillError(file: file, line: 0, "it is empty") }
        let header = first.1.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let kind = Kind.allCases.first(where: { columns($0) == header }) else {
            throw BillError(file: file, line: 1, "the column header is not one of WeChat's trade bill headers")
        }
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        var entries: [BillEntry] = []
        var settled: Int64 = 0, refunded: Int64 = 0, fees: Int64 = 0
        var at = 1
        while at < lines.count, lines[at].1 != Substring(totalsColumns.joined(separator: ",")) {
            let (number, line) = lines[at]
            at += 1
            func fail(_ why: String) -> BillError { BillError(file: file, line: number, why) }
            guard line.first == "`" else { throw fail("a row must start with a backtick") }
            let f = line.dropFirst().split(separator: ",`", omittingEmptySubsequences: false).map(String.init)
            guard f.count == header.count else { throw fail("\(f.count) fields where the header has \(header.count)") }
            func v(_ name: String) -> String { f[index[name]!] }
            func amount(_ name: String) throws(BillError) -> Int64 {
                guard let m = BillText.minor(v(name)) else { throw fail("\(name) \"\(v(name))\" is not an amount in yuan") }
                return m
            }
            guard let time = BillText.time(v("交易时间")) else { throw fail("交易时间 \"\(v("交易时间"))\" is not yyyy-MM-dd HH:mm:ss") }
            guard !v("微信订单号").isEmpty, !v("商户订单号").isEmpty else { throw fail("微信订单号 or 商户订单号 is empty") }
            let fee = try amount("手续费")
            let settledAmount = try amount("应结订单金额")
            settled += settledAmount
            fees += fee
            switch v("交易状态") {
            case "SUCCESS", "REVOKED":
                guard settledAmount > 0 else { throw fail("a trade's 应结订单金额 must be positive") }
                entries.append(BillEntry(kind: .trade, merchantTradeNo: v("商户订单号"), platformTradeNo: v("微信订单号"),
                                         amountMinor: settledAmount, feeMinor: fee,
                                         status: v("交易状态") == "SUCCESS" ? .succeeded : .revoked,
                                         subject: v("商品名称"), createdAt: nil, finishedAt: time))
            case "REFUND":
                let refund = try amount("退款金额")
                guard refund > 0, !v("商户退款单号").isEmpty else { throw fail("a refund row needs 商户退款单号 and a positive 退款金额") }
                refunded += refund
                let finished = kind == .refund ? BillText.time(v("退款成功时间")) : time
                guard let finished else { throw fail("退款成功时间 is not yyyy-MM-dd HH:mm:ss") }
                entries.append(BillEntry(kind: .refund, merchantTradeNo: v("商户订单号"), merchantRefundNo: v("商户退款单号"),
                                         platformTradeNo: v("微信订单号"), platformRefundNo: v("微信退款单号"),
                                         amountMinor: refund, feeMinor: fee, status: .refunded, subject: v("商品名称"),
                                         createdAt: kind == .refund ? BillText.time(v("退款申请时间")) : nil, finishedAt: finished))
            default:
                throw fail("交易状态 \"\(v("交易状态"))\" is not SUCCESS, REVOKED or REFUND")
            }
        }
        guard at + 1 < lines.count else {
            throw BillError(file: file, line: lines.last?.0 ?? 0, "the totals header and line are missing: the bill is cut short")
        }
        let (number, totalsLine) = lines[at + 1]
        guard totalsLine.first == "`" else { throw BillError(file: file, line: number, "the totals line must start with a backtick") }
        let totals = totalsLine.dropFirst().split(separator: ",`", omittingEmptySubsequences: false).map(String.init)
        guard totals.count == totalsColumns.count, totals[0] == String(entries.count),
              BillText.minor(totals[1]) == settled, BillText.minor(totals[2]) == refunded, BillText.minor(totals[4]) == fees else {
            throw BillError(file: file, line: number, "the totals do not match the rows (\(entries.count) rows, \(BillText.yuan(settled)) settled, \(BillText.yuan(refunded)) refunded, \(BillText.yuan(fees)) fees)")
        }
        guard at + 2 == lines.count else { throw BillError(file: file, line: lines[at + 2].0, "text follows the totals line") }
        return Bill(platform: .wechat, date: date, entries: entries)
    }
}
