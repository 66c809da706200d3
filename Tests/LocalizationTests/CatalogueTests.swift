import Foundation
import Testing
import CashierCore
@testable import Localization

/// Both catalogues hold the same keys with the same placeholders, every key is used somewhere in
/// Sources/ and every key looked up there exists: adding a message means one line in each file.
@Suite struct CatalogueTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    static let swiftText: String = {
        let files = FileManager.default.enumerator(atPath: sources.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        return files.map { (try? String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8)) ?? "" }
            .joined(separator: "\n")
    }()

    static func matches(_ pattern: String, in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return Set(regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        })
    }

    var en: [String: Catalogue.Entry] { Catalogue.shared.entries[.en] ?? [:] }
    var zh: [String: Catalogue.Entry] { Catalogue.shared.entries[.zh] ?? [:] }

    @Test func bothCataloguesLoad() {
        #expect(Catalogue.shared.problem == nil)
        #expect(en.count > 50)
        #expect(en.count == zh.count)
    }

    @Test func everyKeyIsInBothLanguages() {
        let onlyEn = Set(en.keys).subtracting(zh.keys).sorted()
        let onlyZh = Set(zh.keys).subtracting(en.keys).sorted()
        #expect(onlyEn == [], "missing from zh.toml")
        #expect(onlyZh == [], "missing from en.toml")
    }

    @Test func placeholdersAreTheSameInBothLanguages() {
        var differing: [String] = []
        for (key, e) in en {
            guard let z = zh[key] else { continue }
            let names = e.forms.values.map(Catalogue.placeholders)
            let zNames = z.forms.values.map(Catalogue.placeholders)
            let all = Set(names + zNames)
            if all.count != 1 { differing.append(key) }
        }
        #expect(differing.sorted() == [])
    }

    @Test func pluralMessagesHaveTheirForms() {
        for (key, e) in en where e.forms.count > 1 {
            #expect(e.forms["one"] != nil && e.forms["other"] != nil, "\(key): English needs one and other")
            #expect(zh[key]?.forms.keys.contains("other") == true, "\(key)")
            #expect(Catalogue.placeholders(e.forms["other"]!).contains("count"), "\(key): plural without {count}")
        }
    }

    @Test func everyKeyLookedUpExists() {
        let used = Self.matches(#"\.(?:t|plural)\(\s*"([^"\\]+)""#, in: Self.swiftText)
        #expect(used.count > 20)
        #expect(used.subtracting(en.keys).sorted() == [])
    }

    /// Every refusal the engine, the store, the core and the API throw names a message of both
    /// catalogues: a `CashierError` or `APIError` made with a sentence instead of a key fails here.
    @Test func everyRefusalKeyIsInBothCatalogues() {
        let made = Self.matches(#"\.(?:invalid|conflict|notFound|forbidden|badRequest)\(\s*"([^"]*)""#, in: Self.swiftText)
            .union(Self.matches(#"CashierError\(\s*\.[a-z]+,\s*"([^"]*)""#, in: Self.swiftText))
            .union(Self.matches(#"(?:FieldProblem|\.init)\(\s*"[^"]*",\s*"([^"]*)""#, in: Self.swiftText))
        let keys = Self.matches(#""((?:refusal|api|input)\.[a-z0-9_.]+)""#, in: Self.swiftText)
        #expect(made.count > 100)
        #expect(keys.count > 150)
        let notKeys = made.filter { !$0.hasPrefix("refusal.") && !$0.hasPrefix("api.") && !$0.hasPrefix("input.") }
        #expect(notKeys.sorted() == [], "refusals worded in Swift instead of the catalogues")
        #expect(keys.union(made).subtracting(en.keys).sorted() == [], "missing from en.toml")
        #expect(keys.union(made).subtracting(zh.keys).sorted() == [], "missing from zh.toml")
    }

    @Test func noKeyIsUnused() {
        let literals = Self.matches(#""([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)""#, in: Self.swiftText)
        #expect(Set(en.keys).subtracting(literals).sorted() == [])
    }

    @Test func fillingAndPlurals() {
        #expect(Catalogue.fill("{a} and {b} and {c}", ["a": 1, "b": "x"]) == "1 and x and {c}")
        #expect(Catalogue.placeholders("{count} orders · {amount}") == ["count", "amount"])
        #expect(Language.en.plural("console.orders.locking", count: 1) == "Locking 1 order…")
        #expect(Language.en.plural("console.orders.locking", count: 2) == "Locking 2 orders…")
        #expect(Language.zh.plural("console.orders.locking", count: 1) == "正在锁定 1 笔订单…")
    }

    @Test func amountsAndDatesInEachLanguagesForm() {
        let m = Money(minor: 12345, currency: .cny)
        #expect(Language.en.amount(m) == "123.45 CNY")
        #expect(Language.zh.amount(m) == "¥123.45")
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let t: Millis = 1_769_868_189_000  // 2026-01-31 14:03:09 UTC
        #expect(Language.en.dateTime(t, shanghai) == "2026-01-31 22:03:09")
        #expect(Language.zh.dateTime(t, shanghai) == "2026年01月31日 22:03:09")
    }
}

/// The language is `--lang`, else the config file's, else the locale, else English.
@Suite struct LanguageChoiceTests {
    @Test func precedence() {
        let zhLocale = ["LANG": "zh_CN.UTF-8"]
        #expect(LanguageChoice.resolve(flag: "en", config: "zh", environment: zhLocale) == .en)
        #expect(LanguageChoice.resolve(flag: nil, config: "en", environment: zhLocale) == .en)
        #expect(LanguageChoice.resolve(flag: nil, config: nil, environment: zhLocale) == .zh)
        #expect(LanguageChoice.resolve(flag: nil, config: nil, environment: [:]) == .en)
        #expect(LanguageChoice.resolve(flag: nil, config: nil, environment: ["LANG": "C.UTF-8"]) == .en)
    }

    @Test func localeVariablesInPOSIXOrder() {
        #expect(LanguageChoice.fromLocale(["LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN", "LANG": "zh_CN"]) == .en)
        #expect(LanguageChoice.fromLocale(["LC_ALL": "", "LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US"]) == .zh)
        #expect(LanguageChoice.fromLocale(["LANG": "zh_CN.GB18030"]) == .zh)
    }

    @Test func langIsTakenOutOfAnyCommandLine() {
        let r = LanguageChoice.extract(["shift", "show", "--lang", "zh", "--store", "x"])
        #expect(r.lang == "zh" && r.rest == ["shift", "show", "--store", "x"] && r.problem == nil)
        #expect(LanguageChoice.extract(["--lang=en", "status"]).rest == ["status"])
        #expect(LanguageChoice.extract(["--lang", "fr"]).problem == "--lang fr is not a language this program speaks: use zh or en.")
        #expect(LanguageChoice.extract(["--lang"]).problem != nil)
        // After `--` everything is an argument, even --lang.
        #expect(LanguageChoice.extract(["x", "--", "--lang", "zh"]).rest == ["x", "--", "--lang", "zh"])
    }
}

/// The core's input refusals read the same in English as their own descriptions, and in Chinese.
@Suite struct InputWordsTests {
    static let amounts: [MoneyParseError] = [.empty, .negative("-1"), .malformed("3x"), .tooPrecise("1.234", digits: 2),
                                             .tooPrecise("1.5", digits: 0), .tooLarge("9999999999999999")]
    static let codes: [PaymentCode.CodeError] = [.notDigits, .unknownFormat(length: 7)]

    @Test func englishIsTheCoresOwnSentence() {
        for e in Self.amounts { #expect(Language.en.words(e) == e.description) }
        for e in Self.codes { #expect(Language.en.words(e) == e.description) }
    }

    @Test func chineseSaysItInChinese() {
        #expect(Language.zh.words(MoneyParseError.malformed("3x")) == "金额“3x”不是数字：请输入数字，可带小数点，例如 12.34。")
        #expect(Language.zh.words(PaymentCode.CodeError.notDigits) == "付款码只能是数字：请重新扫描顾客的付款码。")
    }
}
