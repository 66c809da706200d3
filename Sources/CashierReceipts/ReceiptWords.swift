import CashierCore
import Localization

/// The language a receipt is printed in: Chinese, English, or both on one receipt (a store setting).
public enum ReceiptLanguage: String, Sendable, CaseIterable, Equatable {
    case zh, en, both

    /// A label: from the catalogue, or for `both` the Chinese and the English side by side.
    func word(_ key: String, _ args: [String: any CustomStringConvertible] = [:]) -> String {
        switch self {
        case .en: return Language.en.t(key, args)
        case .zh: return Language.zh.t(key, args)
        case .both:
            let zh = Language.zh.t(key, args), en = Language.en.t(key, args)
            return zh == en ? zh : zh + " " + en
        }
    }
}

extension Receipt.Method {
    /// How the method is named on a receipt in `language`.
    func label(_ language: ReceiptLanguage) -> String {
        switch self {
        case .coupon(let code): return language.word("receipt.method_coupon") + " " + code
        case .cash: return language.word("receipt.method_cash")
        case .online(let platform, let code):
            let name = Self.platformName(platform, language)
            return code.map { "\(name) \($0)" } ?? name + " " + language.word("receipt.method_qr")
        }
    }

    /// The platform's name in the receipt's language (a name no platform has is printed as given).
    static func platformName(_ platform: String, _ language: ReceiptLanguage) -> String {
        guard let kind = PlatformKind.allCases.first(where: { $0.displayName == platform }) else { return platform }
        switch language {
        case .en: return Language.en.platform(kind)
        case .zh: return Language.zh.platform(kind)
        case .both: return Language.zh.platform(kind) + " " + Language.en.platform(kind)
        }
    }
}
