import ArgumentParser
import CashierEngine
import CashierReceipts
import Foundation
import Localization

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.check"))

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    struct Report: Encodable {
        var ok: Bool
        var violations: [[String: String]]
        var audit_entries: Int
        var open_reviews: [String]
        var receipts_waiting: [String]
    }

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let violations = try ctx.engine.violations()
            let reviews = try ctx.engine.openReviewItems().map { "\($0.kind) \($0.amount): \($0.note)" }
            let waiting = try receiptsWaiting(ctx)
            if json {
                printJSON(Report(ok: violations.isEmpty, violations: violations.map { ["rule": $0.rule, "subject": $0.subject, "detail": $0.detail] },
                                 audit_entries: try ctx.engine.auditCount(), open_reviews: reviews,
                                 receipts_waiting: waiting))
            } else if violations.isEmpty {
                print("All invariants hold; the audit chain of \(try ctx.engine.auditCount()) entries verifies.")
                for r in reviews { print("For review: \(r)") }
                for r in waiting { print("Receipt not written: \(r)") }
            } else {
                for v in violations { print("VIOLATION \(v)") }
            }
            if !violations.isEmpty { throw fail("\(violations.count) invariant violation(s) in \(storeOptions.path).") }
        }
    }

    /// Receipts settled over two minutes ago and still in the outbox: no worker ran (no poller,
    /// no console) or the folder cannot be written. Reported, not a violation: the payments stand.
    func receiptsWaiting(_ ctx: Context) throws -> [String] {
        try ctx.engine.overdueReceipts(before: ctx.engine.clock.now() - 120_000).map {
            "\(CashierReceipts.Receipt.formatNumber($0.number)) (\($0.kind.rawValue), settled \(Engine.clockTime($0.createdAt)))"
                + ($0.error.map { ": \($0)" } ?? ": run `cashier poll --once` to write it")
        }
    }
}
