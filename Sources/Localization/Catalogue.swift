import Foundation
import TOMLKit

/// The messages of both languages, read once from the TOML files beside this module (shipped as
/// its resources). A message is a string, or a table of plural forms (`one`, `other`).
public struct Catalogue: Sendable {
    public struct Entry: Sendable, Equatable {
        /// "other" always; "one" where the language has it.
        public var forms: [String: String]
    }

    public let entries: [Language: [String: Entry]]
    /// Why a catalogue could not be read (nil when both were).
    public let problem: String?

    public static let shared = Catalogue.load()

    /// The folder holding `en.toml`, `zh.toml` and `glossary.toml`: $CASHIER_CATALOGUES, else the
    /// module's resources.
    public static var folder: URL? {
        if let env = ProcessInfo.processInfo.environment["CASHIER_CATALOGUES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return Bundle.module.url(forResource: "Catalogues", withExtension: nil)
    }

    static func load() -> Catalogue {
        guard let folder else {
            return Catalogue(entries: [:], problem: "The message catalogues are missing: reinstall cashier, or point CASHIER_CATALOGUES at its Catalogues folder.")
        }
        var entries: [Language: [String: Entry]] = [:]
        for language in Language.allCases {
            let file = folder.appendingPathComponent("\(language.rawValue).toml")
            do {
                let text = try String(contentsOf: file, encoding: .utf8)
                entries[language] = try parse(text)
            } catch {
                return Catalogue(entries: [:], problem: "The message catalogue \(file.path) cannot be read (\(error)): fix the file or reinstall cashier.")
            }
        }
        return Catalogue(entries: entries, problem: nil)
    }

    /// Flattens nested tables into dotted keys; a table whose keys are all plural forms is one message.
    public static func parse(_ text: String) throws -> [String: Entry] {
        var out: [String: Entry] = [:]
        func walk(_ table: TOMLTable, _ prefix: String) {
            for key in table.keys {
                let full = prefix.isEmpty ? key : prefix + "." + key
                guard let value = table[key] else { continue }
                if let s = value.string {
                    out[full] = Entry(forms: ["other": s])
                } else if let t = value.table {
                    let keys = Set(t.keys)
                    if !keys.isEmpty, keys.isSubset(of: Self.pluralForms), keys.contains("other") {
                        var forms: [String: String] = [:]
                        for k in keys { forms[k] = t[k]?.string ?? "" }
                        out[full] = Entry(forms: forms)
                    } else {
                        walk(t, full)
                    }
                }
            }
        }
        walk(try TOMLTable(string: text), "")
        return out
    }

    public static let pluralForms: Set<String> = ["one", "other"]

    func message(_ key: String, language: Language, count: Int?, args: [String: any CustomStringConvertible]) -> String {
        // A key missing here is caught by the catalogue tests; at run time the key itself shows.
        guard let entry = entries[language]?[key] ?? entries[.en]?[key] else { return key }
        let form = count.flatMap { $0 == 1 ? entry.forms["one"] : nil } ?? entry.forms["other"] ?? key
        return Self.fill(form, args)
    }

    /// Replaces each `{name}` with its argument; an unknown name is left as it is.
    public static func fill(_ template: String, _ args: [String: any CustomStringConvertible]) -> String {
        guard template.contains("{"), !args.isEmpty else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = args[name] { out += value.description } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The `{name}` placeholders in a message's forms.
    public static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
