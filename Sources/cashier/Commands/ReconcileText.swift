import CashierCore
import Localization

/// The words of the stored reconciliation codes: English shows the codes themselves (as the CSV
/// and JSON do), Chinese words them.
enum ReconText {
    static func platform(_ key: String, _ l: Language) -> String {
        l == .en ? key : PlatformKind(rawValue: key).map(l.platform) ?? key
    }

    /// English: 12.34 as before; Chinese: ¥12.34.
    static func money(_ minor: Int64, _ l: Language) -> String {
        l == .en ? yuan(minor) : l.amount(Money(minor: minor, currency: .cny))
    }

    static func kind(_ code: String, _ l: Language) -> String {
        switch code {
        case "missing_here": return l.t("cli.reconcile.kind_missing_here")
        case "missing_there": return l.t("cli.reconcile.kind_missing_there")
        case "amount_mismatch": return l.t("cli.reconcile.kind_amount_mismatch")
        case "status_mismatch": return l.t("cli.reconcile.kind_status_mismatch")
        case "refund_mismatch": return l.t("cli.reconcile.kind_refund_mismatch")
        default: return code
        }
    }

    static func state(_ code: String, _ l: Language) -> String {
        switch code {
        case "open": return l.t("cli.reconcile.state_open")
        case "resolved": return l.t("cli.reconcile.state_resolved")
        default: return code
        }
    }
}
