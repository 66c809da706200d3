import Foundation
import Testing

/// `cashier reconcile` end to end: the embedded sandbox's bills, a bill file in WeChat's own
/// format, items resolved by a supervisor, and the day's reports saying where it stands.
@Suite struct ReconcileCLITests {
    /// Today as the bills count days (Beijing).
    static var today: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }

    /// A WeChat bill of `date` holding only a trade this store never made.
    static func ghostBill(_ date: String) -> String {
        let header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
        let row = "`\(date) 01:00:00,`wxsandbox0000001,`1900000109,`0,`,`SBXGHOST7,`GHOST7,`oSandbox,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`66.00,`0.00,`0,`0,`0.00,`0.00,`,`,`拿铁, \"大杯\",`,`0.40,`0.60%,`66.00,`0.00,`"
        return [header, row, "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
                "`1,`66.00,`0.00,`0.00,`0.40,`66.00,`0.00", ""].joined(separator: "\r\n")
    }

    @Test func aDayReconciledThenAGhostChargeFoundAndResolved() throws {
        let cli = CLI()
        try cli.demo(orders: 40)
        let day = Self.today
        let before = try cli.run("report", "x")
        #expect(before.out.contains("Reconciliation: NOT reconciled yet"), "\(before.out)")

        let agree = try cli.run("reconcile", "--date", day)
        #expect(agree.code == 0, "\(agree.err)")
        #expect(agree.out.components(separatedBy: "the store and the platform agree").count - 1 == 2, "\(agree.out)")
        #expect(try cli.run("report", "x").out.contains("Reconciliation: the day is reconciled, 0 items open"))
        let again = try cli.run("reconcile", "--date", day, "--platform", "alipay")
        #expect(again.out.contains("same bill and store as before, nothing new"), "\(again.out)")

        // A truncated file is refused with its line, and nothing is recorded.
        let file = cli.dir + "/wechat-\(day).txt"
        let bill = Self.ghostBill(day)
        try String(bill.prefix(bill.count - 60)).write(toFile: file, atomically: true, encoding: .utf8)
        let cut = try cli.run("reconcile", "--date", day, "--platform", "wechat", "--file", file)
        #expect(cut.code == 1 && cut.err.contains("Nothing was recorded") && cut.err.split(separator: "\n").count == 1, "\(cut.err)")

        try bill.write(toFile: file, atomically: true, encoding: .utf8)
        let found = try cli.run("reconcile", "--date", day, "--platform", "wechat", "--file", file, "--hold-days", "0", "--csv")
        #expect(found.code == 0, "\(found.err)")
        // The sandbox has never heard of GHOST7: asked once more, it denies the bill.
        let ghost = try #require(found.out.split(separator: "\n").first { $0.contains(",status_mismatch,GHOST7,") }, "\(found.out)")
        let id = String(ghost.prefix { $0 != "," })
        #expect(ghost.contains(",66.00,,open,"), "\(ghost)")

        // Not a success the store lacks: no follow-up through the engine, only a note.
        let refused = try cli.run("reconcile", "resolve", id, "--note", "x", "--then", "refund", "--supervisor", "supervisor", "--pin", "9999")
        #expect(refused.code == 1 && refused.err.contains("Item \(id) is status mismatch: only a platform success"), "\(refused.err)")
        let bad = try cli.run("reconcile", "resolve", id, "--note", "x", "--then", "later", "--supervisor", "supervisor", "--pin", "9999")
        #expect(bad.code == 1 && bad.err == "--then must be apply or refund.\n", "\(bad.err)")
        let open = try cli.run("report", "x")
        #expect(open.out.contains("Reconciliation: the day is reconciled, "), "\(open.out)")
        #expect(!open.out.contains(", 0 items open"), "\(open.out)")
        let done = try cli.run("reconcile", "resolve", id, "--note", "refunded in the merchant portal", "--supervisor", "supervisor", "--pin", "9999")
        #expect(done.code == 0 && done.out.contains("#\(id) resolved by supervisor: refunded in the merchant portal"), "\(done.err)")
        let items = try cli.json("reconcile", "items", "--date", day, "--json") as? [String: Any]
        let rows = items?["items"] as? [[String: Any]] ?? []
        #expect(rows.first { "\($0["id"] ?? "")" == id }?["state"] as? String == "resolved")
        let x = try cli.json("report", "x", "--json") as? [String: Any]
        #expect(x?["reconciled"] as? Bool == true)
        #expect(try cli.run("check").code == 0)
    }
}
