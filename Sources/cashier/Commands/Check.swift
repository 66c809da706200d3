import ArgumentParser
import CashierStore
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every invariant and the audit chain; exit 1 naming each violation.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Machine-readable output.") var json = false

    struct Report: Encodable {
        var ok: Bool
        var violations: [[String: String]]
        var audit_entries: Int
        var open_reviews: [String]
    }

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let violations = try ctx.store.checkInvariants()
            let reviews = try ctx.store.openReviewItems().map { "\($0.kind) \($0.amount): \($0.note)" }
            if json {
                printJSON(Report(ok: violations.isEmpty, violations: violations.map { ["rule": $0.rule, "subject": $0.subject, "detail": $0.detail] },
                                 audit_entries: try ctx.store.auditCount(), open_reviews: reviews))
            } else if violations.isEmpty {
                print("All invariants hold; the audit chain of \(try ctx.store.auditCount()) entries verifies.")
                for r in reviews { print("For review: \(r)") }
            } else {
                for v in violations { print("VIOLATION \(v)") }
            }
            if !violations.isEmpty { throw fail("\(violations.count) invariant violation(s) in \(storeOptions.path).") }
        }
    }
}
