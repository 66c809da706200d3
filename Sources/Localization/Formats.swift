import CashierCore
import Foundation

/// Amounts, dates and times in each language's usual form, in the store's time zone.
extension Language {
    /// An amount standing alone in a sentence: ¥12.34 in Chinese, 12.34 CNY in English.
    public func amount(_ m: Money) -> String {
        switch self {
        case .en: return "\(m.decimal) \(m.currency.code)"
        case .zh: return m.currency.code == "CNY" ? "¥\(m.decimal)" : "\(m.decimal) \(m.currency.code)"
        }
    }

    /// 2026-01-31 / 2026年01月31日
    public func date(_ millis: Millis, _ zone: TimeZone) -> String {
        let c = Self.components(millis, zone)
        switch self {
        case .en: return "\(c.year ?? 0)-\(Self.two(c.month))-\(Self.two(c.day))"
        case .zh: return "\(c.year ?? 0)年\(Self.two(c.month))月\(Self.two(c.day))日"
        }
    }

    /// 14:03:09 in both languages (24-hour clocks are usual in both at a counter).
    public func time(_ millis: Millis, _ zone: TimeZone) -> String {
        let c = Self.components(millis, zone)
        return "\(Self.two(c.hour)):\(Self.two(c.minute)):\(Self.two(c.second))"
    }

    /// 2026-01-31 14:03:09 / 2026年01月31日 14:03:09
    public func dateTime(_ millis: Millis, _ zone: TimeZone) -> String {
        date(millis, zone) + " " + time(millis, zone)
    }

    /// The calendar fields of a moment in a time zone (the console's clock reads them too).
    public static func components(_ millis: Millis, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// 7 → "07".
    public static func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
}
