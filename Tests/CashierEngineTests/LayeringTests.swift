import Foundation
import Testing

/// The engine is the one way in: SwiftPM puts every module of the package on each target's
/// search path, so a front end could `import CashierStore` although Package.swift gives it none.
/// This reads the sources and refuses that.
@Suite struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every Swift file under Sources/ whose text has `line` as one of its lines, as "Target/File.swift".
    static func files(importing module: String) throws -> [String] {
        let root = sources.path
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return try all.filter { $0.hasSuffix(".swift") }.filter { file in
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "import \(module)" }
        }.sorted()
    }

    @Test func onlyTheEngineImportsTheStore() throws {
        let importers = try Self.files(importing: "CashierStore")
        #expect(!importers.isEmpty, "the scan found no importer at all: it would pass for the wrong reason")
        let strangers = importers.filter { !$0.hasPrefix("CashierEngine/") && $0 != "cashier-bench/main.swift" }
        #expect(strangers == [], "only CashierEngine (and the benchmark's raw baseline) may import CashierStore")
    }

    @Test func onlyTheStorageModulesImportGRDB() throws {
        let importers = try Self.files(importing: "GRDB")
        #expect(!importers.isEmpty)
        let allowed = ["CashierStore/", "SQLiteSupport/", "SQLSeamSQLite/", "PaymentPlatform/", "cashier-bench/"]
        #expect(importers.filter { file in !allowed.contains { file.hasPrefix($0) } } == [])
    }

    /// PostgreSQL is the seam's business: the store reaches it only through `SQLSeam`.
    @Test func onlyTheSeamImportsPostgresNIO() throws {
        let importers = try Self.files(importing: "PostgresNIO")
        #expect(!importers.isEmpty, "the scan found no importer at all: it would pass for the wrong reason")
        #expect(importers.filter { !$0.hasPrefix("SQLSeamPostgres/") } == [])
    }
}
