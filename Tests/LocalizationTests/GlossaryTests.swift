import Foundation
import Testing
import TOMLKit
@testable import Localization

/// Every Chinese message uses the desk's term wherever its English message names the thing.
@Suite struct GlossaryTests {
    struct Term { let name: String; let en: [String]; let zh: [String] }

    static let terms: [Term] = {
        let url = Catalogue.folder!.appendingPathComponent("glossary.toml")
        let table = try! TOMLTable(string: String(contentsOf: url, encoding: .utf8))
        let all = table["terms"]!.table!
        return all.keys.sorted().map { name in
            let t = all[name]!.table!
            return Term(name: name, en: t["en"]!.array!.compactMap { $0.string },
                        zh: t["zh"]!.array!.compactMap { $0.string })
        }
    }()

    static func names(_ word: String, in text: String) -> Bool {
        let pattern = "(?<![A-Za-z])" + NSRegularExpression.escapedPattern(for: word) + "(?![A-Za-z])"
        return text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    @Test func theGlossaryIsRead() {
        #expect(Self.terms.count >= 15)
        #expect(Self.terms.contains { $0.zh.contains("付款码") })
    }

    @Test func chineseMessagesUseTheGlossarysTerms() {
        let en = Catalogue.shared.entries[.en] ?? [:]
        let zh = Catalogue.shared.entries[.zh] ?? [:]
        var misses: [String] = []
        for (key, e) in en {
            guard let z = zh[key] else { continue }
            // A command (`cashier check`, cashier sandbox scan), an option (--orders), a JSON name
            // ("orders", "qr") or a variable (CASHIER_TERMINAL) is a name, not the desk's word.
            let enText = (e.forms["other"] ?? "")
                .replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
                .replacingOccurrences(of: "--[a-z-]+", with: "", options: .regularExpression)
                .replacingOccurrences(of: "\\{[a-z_]+\\}", with: "", options: .regularExpression)
                .replacingOccurrences(of: "\"[a-z_]+\"", with: "", options: .regularExpression)
                .replacingOccurrences(of: "cashier [a-z]+ [a-z]+", with: "", options: .regularExpression)
                .replacingOccurrences(of: "[A-Z][A-Z0-9]*_[A-Z0-9_]+", with: "", options: .regularExpression)
                // "Cash handed over" is the tender, not the drawer's over (长款).
                .replacingOccurrences(of: "handed over", with: "", options: .caseInsensitive)
            let zhText = z.forms.values.joined(separator: " ")
            for term in Self.terms where term.en.contains(where: { Self.names($0, in: enText) }) {
                if !term.zh.contains(where: { zhText.contains($0) }) { misses.append("\(key): \(term.name) → \(term.zh[0])") }
            }
        }
        #expect(misses.sorted() == [])
    }
}
