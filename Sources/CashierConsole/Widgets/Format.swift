import Foundation
import CashierCore

/// How times, statuses and durations read on screen, in one place.
enum Fmt {
    static func components(_ millis: Millis, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    static func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }

    /// 14:03:09
    static func time(_ millis: Millis, _ zone: TimeZone) -> String {
        let c = components(millis, zone)
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// 2026-01-31
    static func date(_ millis: Millis, _ zone: TimeZone) -> String {
        let c = components(millis, zone)
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
    }

    /// 01-31 14:03
    static func stamp(_ millis: Millis, _ zone: TimeZone) -> String {
        let c = components(millis, zone)
        return "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// 1:05 — minutes and seconds left, never negative.
    static func countdown(_ millis: Millis) -> String {
        let seconds = max(0, (millis + 999) / 1000)
        return "\(seconds / 60):\(two(Int(seconds % 60)))"
    }

    static func status(_ s: OrderStatus) -> String {
        switch s {
        case .partiallyRefunded: return "partially refunded"
        default: return s.rawValue
        }
    }

    static func money(_ m: Money) -> String { m.decimal }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
}
