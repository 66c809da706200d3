import Foundation
import CashierCore
import Localization

/// How times and durations read on screen (words, amounts and dates are the language's: `Language`).
enum Fmt {
    static func components(_ millis: Millis, _ zone: TimeZone) -> DateComponents { Language.components(millis, zone) }

    static func two(_ n: Int?) -> String { Language.two(n) }

    /// 14:03:09
    static func time(_ millis: Millis, _ zone: TimeZone) -> String {
        let c = components(millis, zone)
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
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
}
