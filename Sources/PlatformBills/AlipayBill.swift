import CashierCore
import GB18030Text

/// Alipay's trade bill (`alipay.data.dataservice.bill.downloadurl.query`, bill_type=trade): a ZIP
/// named `<pid>_<yyyyMMdd>.csv.zip` holding two GBK CSV files, `<pid>_<yyyyMMdd>_业务明细.csv`
/// (the detail) and `<pid>_<yyyyMMdd>_业务明细(汇总).csv` (the summary). Layout as Alipay's open
/// platform documents the bill ("账单下载", opendocs.alipay.com/open/204/105910 and the
/// downloadurl.query reference) and as public payment centres read it: comment lines starting
/// with "#", the rows between the `#---…业务明细列表---…` and `#---…业务明细列表结束---…` markers,
/// every value followed by a tab (so spreadsheets keep long numbers as text), refunds with
/// negative 订单金额/商家实收, the service fee negative on a trade and positive on its refund.
public enum AlipayBill {
    public static let columns = [
        "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员",
        "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）",
        "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号",
        "服务费（元）", "分润（元）", "备注",
    ]
    public static let summaryColumns = [
        "门店编号", "门店名称", "交易订单总笔数", "退款订单总笔数", "订单金额（元）", "商家实收（元）", "支付宝优惠（元）",
        "商家优惠（元）", "卡消费金额（元）", "服务费（元）", "分润（元）", "实收净额（元）",
    ]
    static let dash41 = String(repeating: "-", count: 41)
    static let detailStart = "#\(dash41)业务明细列表\(String(repeating: "-", count: 40))"
    static let detailEnd = "#\(dash41)业务明细列表结束\(String(repeating: "-", count: 36))"
    static let summaryStart = "#\(dash41)业务汇总列表\(String(repeating: "-", count: 40))"
    static let summaryEnd = "#\(dash41)业务汇总列表结束\(String(repeating: "-", count: 36))"

    // MARK: writing

    /// The ZIP Alipay serves at `bill_download_url`. `account`: the merchant's 2088… partner ID.
    public static func zip(_ bill: Bill, account: String, exportedAt: Millis) -> [UInt8] {
        let stem = "\(account)_\(compactDate(bill.date))"
        return ZipArchive.write([
            .init(name: "\(stem)_业务明细.csv", bytes: GB18030.encode(detail(bill, account: account, exportedAt: exportedAt))),
            .init(name: "\(stem)_业务明细(汇总).csv", bytes: GB18030.encode(summary(bill, account: account, exportedAt: exportedAt))),
        ])
    }

    public static func zipName(_ bill: Bill, account: String) -> String { "\(account)_\(compactDate(bill.date)).csv.zip" }

    public static func detail(_ bill: Bill, account: String, exportedAt: Millis) -> String {
        var lines = header("#支付宝业务明细查询", bill.date, account) + [detailStart, columns.joined(separator: ",")]
        for e in bill.entries {
            let refund = e.kind == .refund
            let amount = BillText.yuan(refund ? -e.amountMinor : e.amountMinor)
            var row = [String](repeating: "", count: columns.count)
            row[0] = e.platformTradeNo
            row[1] = e.merchantTradeNo
            row[2] = refund ? "退款" : "交易"
            row[3] = BillText.oneLine(e.subject)
            row[4] = e.createdAt.map(BillText.time) ?? ""
            row[5] = BillText.time(e.finishedAt)
            row[11] = amount
            row[12] = amount
            for i in [13, 14, 15, 16, 17, 19, 20, 23] { row[i] = "0.00" }
            row[21] = e.merchantRefundNo ?? ""
            row[22] = BillText.yuan(-e.feeMinor)
            lines.append(row.map { BillText.csv($0) + "\t" }.joined(separator: ","))
        }
        let t = totals(bill)
        lines += [detailEnd,
                  "#交易合计：\(t.trades)笔，商家实收共\(BillText.yuan(t.tradeSum))元，商家优惠共0.00元",
                  "#退款合计：\(t.refunds)笔，商家实收退款共\(BillText.yuan(-t.refundSum))元，商家优惠退款共0.00元",
                  "#导出时间：[\(chineseStamp(exportedAt))]"]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func summary(_ bill: Bill, account: String, exportedAt: Millis) -> String {
        let t = totals(bill)
        let net = t.tradeSum - t.refundSum
        let fee = -bill.entries.reduce(0) { $0 + $1.feeMinor }
        let total = ["合计", "", "\(t.trades)", "\(t.refunds)", BillText.yuan(net), BillText.yuan(net), "0.00", "0.00",
                     "0.00", BillText.yuan(fee), "0.00", BillText.yuan(net + fee)]
        let lines = header("#支付宝业务汇总查询", bill.date, account)
            + [summaryStart, summaryColumns.joined(separator: ","), total.joined(separator: ","), summaryEnd,
               "#导出时间：[\(chineseStamp(exportedAt))]"]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func header(_ title: String, _ date: String, _ account: String) -> [String] {
        let start = BillDate.start(date) ?? 0
        return [title, "#账号：[\(account)]",
                "#起始日期：[\(chineseStamp(start))]   终止日期：[\(chineseStamp(start + 86_400_000))]"]
    }

    static func totals(_ bill: Bill) -> (trades: Int, refunds: Int, tradeSum: Int64, refundSum: Int64) {
        var r = (trades: 0, refunds: 0, tradeSum: Int64(0), refundSum: Int64(0))
        for e in bill.entries {
            if e.kind == .trade { r.trades += 1; r.tradeSum += e.amountMinor } else { r.refunds += 1; r.refundSum += e.amountMinor }
        }
        return r
    }

    /// "2026年11月30日 09:00:00"
    static func chineseStamp(_ millis: Millis) -> String {
        let s = Array(BillText.time(millis))
        return "\(String(s[0..<4]))年\(String(s[5..<7]))月\(String(s[8..<10]))日 \(String(s[11...]))"
    }

    static func compactDate(_ date: String) -> String { date.filter { $0 != "-" } }

    // MARK: reading

    /// A download as Alipay serves it (the ZIP) or its detail CSV taken out by hand (GBK bytes).
    public static func parse(_ bytes: [UInt8], date: String) throws(BillError) -> Bill {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let entries: [ZipArchive.Entry]
            do { entries = try ZipArchive.read(bytes) } catch { throw BillError(file: "the ZIP", line: 0, error.description) }
            let details = entries.filter { $0.name.hasSuffix("_业务明细.csv") }
            guard details.count == 1, let detail = details.first else {
                throw BillError(file: "the ZIP", line: 0, "it holds no single …_业务明细.csv detail file")
            }
            return try parseDetail(detail.bytes, file: detail.name, date: date)
        }
        return try parseDetail(bytes, file: "the detail file", date: date)
    }

    static func parseDetail(_ bytes: [UInt8], file: String, date: String) throws(BillError) -> Bill {
        guard let text = GB18030.decode(bytes) else { throw BillError(file: file, line: 0, "it is not GBK text") }
        let lines = BillText.lines(text)
        guard let startIndex = lines.firstIndex(where: { isMarker($0.1, "业务明细列表") }) else {
            throw BillError(file: file, line: 0, "it has no 业务明细列表 section: not an Alipay trade bill")
        }
        guard startIndex + 1 < lines.count, let header = BillText.fields(lines[startIndex + 1].1)?.map(trim),
              header == columns else {
            throw BillError(file: file, line: startIndex + 2 <= lines.count ? lines[min(startIndex + 1, lines.count - 1)].0 : 0,
                            "the column header is not Alipay's trade bill header")
        }
        var entries: [BillEntry] = []
        var index = startIndex + 2
        var ended = false
        while index < lines.count {
            let (number, line) = lines[index]
            index += 1
            if isMarker(line, "业务明细列表结束") { ended = true; break }
            if line.hasPrefix("#") { throw BillError(file: file, line: number, "a comment line interrupts the rows") }
            entries.append(try row(line, number: number, file: file))
        }
        guard ended else { throw BillError(file: file, line: lines.last?.0 ?? 0, "the 业务明细列表结束 marker is missing: the file is cut short") }
        try checkTotals(lines[index...], entries: entries, file: file)
        return Bill(platform: .alipay, date: date, entries: entries)
    }

    static func row(_ line: Substring, number: Int, file: String) throws(BillError) -> BillEntry {
        func fail(_ why: String) -> BillError { BillError(file: file, line: number, why) }
        guard let f = BillText.fields(line)?.map(trim) else { throw fail("a quoted field is not closed") }
        guard f.count == columns.count else { throw fail("\(f.count) fields where Alipay's bill has \(columns.count)") }
        guard !f[0].isEmpty, !f[1].isEmpty else { throw fail("支付宝交易号 or 商户订单号 is empty") }
        let kind: BillEntry.Kind
        switch f[2] {
        case "交易": kind = .trade
        case "退款": kind = .refund
        default: throw fail("业务类型 \"\(f[2])\" is neither 交易 nor 退款")
        }
        guard let finished = BillText.time(f[5]) else { throw fail("完成时间 \"\(f[5])\" is not yyyy-MM-dd HH:mm:ss") }
        let created = f[4].isEmpty ? nil : BillText.time(f[4])
        guard f[4].isEmpty || created != nil else { throw fail("创建时间 \"\(f[4])\" is not yyyy-MM-dd HH:mm:ss") }
        guard let received = BillText.minor(f[12]) else { throw fail("商家实收（元） \"\(f[12])\" is not an amount in yuan") }
        guard let fee = BillText.minor(f[22]) else { throw fail("服务费（元） \"\(f[22])\" is not an amount in yuan") }
        guard kind == .trade ? received > 0 : received < 0 else {
            throw fail(kind == .trade ? "a trade's 商家实收 must be positive" : "a refund's 商家实收 must be negative")
        }
        return BillEntry(kind: kind, merchantTradeNo: f[1], merchantRefundNo: kind == .refund && !f[21].isEmpty ? f[21] : nil,
                         platformTradeNo: f[0], amountMinor: abs(received), feeMinor: -fee,
                         status: kind == .trade ? .succeeded : .refunded, subject: f[3], createdAt: created, finishedAt: finished)
    }

    /// The lines after the end marker must state the counts and sums of the rows above them.
    static func checkTotals(_ rest: ArraySlice<(Int, Substring)>, entries: [BillEntry], file: String) throws(BillError) {
        let bill = Bill(platform: .alipay, date: "", entries: entries)
        let t = totals(bill)
        guard let tradeLine = rest.first(where: { $0.1.hasPrefix("#交易合计：") }),
              let refundLine = rest.first(where: { $0.1.hasPrefix("#退款合计：") }) else {
            throw BillError(file: file, line: rest.last?.0 ?? 0, "the 交易合计/退款合计 lines are missing: the file is cut short")
        }
        let expectTrade = "#交易合计：\(t.trades)笔，商家实收共\(BillText.yuan(t.tradeSum))元"
        guard tradeLine.1.hasPrefix(expectTrade) else {
            throw BillError(file: file, line: tradeLine.0, "the 交易合计 line does not match the rows (\(t.trades) trades, \(BillText.yuan(t.tradeSum)) yuan)")
        }
        let expectRefund = "#退款合计：\(t.refunds)笔，商家实收退款共\(BillText.yuan(-t.refundSum))元"
        guard refundLine.1.hasPrefix(expectRefund) else {
            throw BillError(file: file, line: refundLine.0, "the 退款合计 line does not match the rows (\(t.refunds) refunds, \(BillText.yuan(-t.refundSum)) yuan)")
        }
    }

    static func isMarker(_ line: Substring, _ title: String) -> Bool {
        guard line.hasPrefix("#-") else { return false }
        return line.drop { $0 == "#" || $0 == "-" }.prefix { $0 != "-" } == Substring(title)
    }

    static func trim(_ s: String) -> String {
        var s = Substring(s)
        // Only Alipay's tab padding: a subject's own spaces are part of it.
        while s.last == "\t" { s = s.dropLast() }
        while s.first == "\t" { s = s.dropFirst() }
        return String(s)
    }
}

/// Bill days are Beijing calendar days, named yyyy-MM-dd.
public enum BillDate {
    /// The first millisecond of the day, or nil if `date` is not a real yyyy-MM-dd.
    public static func start(_ date: String) -> Millis? {
        guard date.utf8.count == 10, let m = BillText.time(date + " 00:00:00"),
              BillText.time(m).hasPrefix(date) else { return nil }
        return m
    }

    /// The day a moment falls on.
    public static func of(_ millis: Millis) -> String { String(BillText.time(millis).prefix(10)) }

    public static func next(_ date: String) -> String? { start(date).map { of($0 + 86_400_000) } }
}
