import Foundation

/// The two languages the whole product speaks. Every visible sentence is looked up by key in the
/// language's catalogue (`Catalogues/<code>.toml`); nothing a person reads is a Swift literal.
public enum Language: String, Sendable, CaseIterable, Equatable {
    case en, zh

    /// The other language (the console's switch key toggles between the two).
    public var other: Language { self == .en ? .zh : .en }

    /// `zh`, `zh_CN.UTF-8`, `zh-Hans`, `Chinese` → Chinese; `en…` → English; anything else nil.
    public init?(code: String) {
        let c = code.lowercased()
        if c.hasPrefix("zh") || c == "chinese" || c == "中文" { self = .zh }
        else if c.hasPrefix("en") || c == "english" { self = .en }
        else { return nil }
    }

    /// The message for `key`, its `{name}` placeholders filled from `args`.
    public func t(_ key: String, _ args: [String: any CustomStringConvertible] = [:]) -> String {
        Catalogue.shared.message(key, language: self, count: nil, args: args)
    }

    /// The form of the message for `count` (English: one/other; Chinese: one form), with `{count}` filled.
    public func plural(_ key: String, count: Int, _ args: [String: any CustomStringConvertible] = [:]) -> String {
        var all = args
        all["count"] = count
        return Catalogue.shared.message(key, language: self, count: count, args: all)
    }
}

/// How the language is chosen: `--lang`, else the config file's `language`, else the locale
/// (LC_ALL, then LC_MESSAGES, then LANG), else English.
public enum LanguageChoice {
    public static func resolve(flag: String?, config: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        if let flag, let l = Language(code: flag) { return l }
        if let config, let l = Language(code: config) { return l }
        return fromLocale(environment)
    }

    /// POSIX precedence: the first of LC_ALL, LC_MESSAGES, LANG that is set and not empty decides.
    public static func fromLocale(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// Takes `--lang X` / `--lang=X` out of a command line (every command accepts it, so it is read
    /// before the argument parser sees the rest). Returns the value and the arguments left, or a
    /// sentence when the value is not a language.
    public static func extract(_ arguments: [String]) -> (lang: String?, rest: [String], problem: String?) {
        var rest: [String] = []
        var lang: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { rest += arguments[i...]; break }
            if a == "--lang" {
                guard i + 1 < arguments.count else {
                    return (nil, arguments, "--lang needs a value: zh or en.")
                }
                lang = arguments[i + 1]
                i += 2
                continue
            }
            if a.hasPrefix("--lang=") { lang = String(a.dropFirst("--lang=".count)); i += 1; continue }
            rest.append(a)
            i += 1
        }
        if let lang, Language(code: lang) == nil {
            return (nil, arguments, "--lang \(lang) is not a language this program speaks: use zh or en.")
        }
        return (lang, rest, nil)
    }
}
