import CashierCore
import Foundation

/// One row of a report: a key (a method, a type, an operator, a coupon code), how many, how much.
public struct ReportLine: Sendable, Codable, Equatable {
    public var key: String
    public var count: Int
    /// Minor units of the report's currency.
    public var amount: Int64
    public init(key: String, count: Int, amount: Int64) { self.key = key; self.count = count; self.amount = amount }
}

/// One shift as a report shows it.
public struct ReportShift: Sendable, Codable, Equatable {
    public var id: Int64
    public var terminal: String
    public var operatorName: String
    public var state: String
    public var float: Int64
    public var cashIn: Int64
    public var cashOut: Int64
    public var expected: Int64
    public var counted: Int64?
    public var overShort: Int64?
}

/// Every figure of an X or Z report, each computed by one SQL query over the store's tables for
/// the report's period [from, to) (or one shift). A Z report stores this value as JSON and shows
/// it again from there, identically.
/// One platform's reconciliation of a business day, for the reports.
public struct ReportReconciliation: Sendable, Codable, Equatable {
    public var platform: String
    /// Its bill of the day was matched and nothing waits for a later bill.
    public var reconciled: Bool
    public var openItems: Int

    public init(platform: String, reconciled: Bool, openItems: Int) {
        self.platform = platform; self.reconciled = reconciled; self.openItems = openItems
    }
}

public struct ReportFigures: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case x = "X", z = "Z" }

    public var kind: Kind
    /// Z reports only: 1, 2, 3… without gaps.
    public var number: Int?
    /// YYYY-MM-DD in the store's time zone.
    public var businessDate: String
    public var timeZone: String
    /// Only this shift's payments, cash refunds and drawer (an X report of one shift).
    public var shiftId: Int64?
    public var from: Millis
    public var to: Millis
    public var currency: String
    public var generatedAt: Millis
    public var generatedBy: String?

    /// Successful payments by method (coupon, cash, online): count of payments, amount.
    public var byMethod: [ReportLine]
    /// By order type: count of orders, amount.
    public var byType: [ReportLine]
    public var byOperator: [ReportLine]
    public var byChannel: [ReportLine]
    /// Succeeded refunds by method: count of refund orders, amount.
    public var refundsByMethod: [ReportLine]
    /// Coupons used in successful payments: code, payments, amount.
    public var coupons: [ReportLine]

    public var payments: Int
    /// Payments that were re-payments of an earlier failed one (any outcome).
    public var repayments: Int
    /// Online payments declined or failed.
    public var failed: Int
    /// Online payments cancelled or closed (timeout, cashier cancel).
    public var closed: Int

    /// Drawer movements in the period, by kind (signed: out is negative).
    public var floats: Int64
    public var cashTaken: Int64
    public var changeGiven: Int64
    public var cashRefunds: Int64
    public var cashIn: Int64
    public var cashOut: Int64
    /// Shifts closed in the period (and, on an X report, those still open).
    public var shifts: [ReportShift]
    /// The online part of successful payments, and succeeded online refunds, by platform
    /// (alipay, wechat…). Optional: Z reports frozen before they existed have none.
    public var onlineByPlatform: [ReportLine]? = nil
    public var onlineRefundsByPlatform: [ReportLine]? = nil
    /// Each platform's reconciliation of the day as it stands when the report is read: the
    /// engine fills it in on every reading (a Z report is made before the platforms' bills of
    /// the day are out, so its frozen figures never hold it). Nil on a shift's X report.
    public var reconciliation: [ReportReconciliation]? = nil

    public var salesTotal: Int64 { byMethod.reduce(0) { $0 + $1.amount } }
    public var refundsTotal: Int64 { refundsByMethod.reduce(0) { $0 + $1.amount } }
    public var net: Int64 { salesTotal - refundsTotal }
    public var overShort: Int64 { shifts.reduce(0) { $0 + ($1.overShort ?? 0) } }

    public func encoded() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func decoded(_ text: String) throws -> ReportFigures {
        try JSONDecoder().decode(ReportFigures.self, from: Data(text.utf8))
    }
}

/// The business day: calendar days in the store's time zone (meta `time_zone`).
public struct BusinessCalendar: Sendable {
    public let timeZone: TimeZone

    public init(identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
    }

    var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    /// "YYYY-MM-DD" of an instant.
    public func date(at millis: Millis) -> String {
        let d = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        return String(format: "%04d-%02d-%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0)
    }

    /// The first instant of a day and of the next, or nil when `date` is not a YYYY-MM-DD date.
    public func bounds(of date: String) -> (start: Millis, end: Millis)? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              let start = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              self.date(at: Millis(start.timeIntervalSince1970 * 1000)) == date,
              let next = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
        return (Millis(start.timeIntervalSince1970 * 1000), Millis(next.timeIntervalSince1970 * 1000))
    }
}
