import Foundation
import Testing

@Suite struct VersionTests {
    /// A newcomer's first question: which build is this, and which store schema does it write?
    @Test func versionNamesTheBuildAndTheSchemaWithoutTouchingAStore() throws {
        let cli = CLI()
        let r = try cli.run("--version")
        #expect(r.code == 0, "\(r.err)")
        let line = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.range(of: #"^cashier \d+\.\d+\.\d+ \(store schema \d+, [a-z0-9-]+\)$"#, options: .regularExpression) != nil,
                "unexpected version line: \(line)")
        #expect(try !cli.storeExists(), "--version created a store")
    }
}
