import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import HTTPPlatform
import Localization
import PaymentPlatform
import PlatformBills

/// `cashier reconcile`: the store against the platforms' daily bills.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Match a day's platform bills against the store; list and resolve the differences.",
        subcommands: [ReconcileRun.self, ReconcileItems.self, ReconcileResolve.self],
        defaultSubcommand: ReconcileRun.self)
}

struct ReconcileRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Download (or read) each platform's bill of a day, match it, record the differences.",
        discussion: """
            Days are Beijing calendar days. A trade the store finished near midnight that is not on
            its day's bill is held until the next --hold-days bills are out before it is called
            missing there. Re-running a day changes nothing; a bill that changed since is reported.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The bill day, YYYY-MM-DD.") var date: String
    @Option(help: "alipay or wechat (default: both).") var platform: String?
    @Option(help: "A bill file downloaded by hand, in the platform's own format (needs --platform).") var file: String?
    @Option(help: "Days a trade may land late on the bill before it is missing there.") var holdDays: Int = 1
    @Option(name: .customLong("operator"), help: "Who runs it (recorded in the audit log).") var operatorName: String = "cashier"
    @Flag(help: "Machine-readable output.") var json = false
    @Flag(help: "The discrepancies as CSV.") var csv = false

    func run() async throws {
        try await guarded {
            guard BillDate.start(date) != nil else { throw Refusal(message: "--date must be a day written YYYY-MM-DD, such as 2026-11-30.") }
            guard (0...7).contains(holdDays) else { throw Refusal(message: "--hold-days must be between 0 and 7.") }
            guard !(json && csv) else { throw Refusal(message: "Choose --json or --csv, not both.") }
            let platforms: [BillPlatform]
            if let platform {
                guard let p = BillPlatform(rawValue: platform) else { throw Refusal(message: "--platform must be alipay or wechat.") }
                platforms = [p]
            } else {
                guard file == nil else { throw Refusal(message: "--file needs --platform: say whose bill the file is.") }
                platforms = BillPlatform.allCases
            }
            let ctx = try Context(path: storeOptions.path)
            var reports: [ReconcileReport] = []
            for p in platforms {
                let source = BillSource(ctx: ctx, platform: p)
                let bill: Bill
                do {
                    if let file {
                        guard let data = FileManager.default.contents(atPath: file) else { throw Refusal(message: "Cannot read \(file).") }
                        bill = p == .alipay ? try AlipayBill.parse(Array(data), date: date) : try WeChatBill.parse(Array(data), date: date)
                    } else {
                        bill = try await source.publisher.downloadBill(date: date)
                    }
                } catch let e as BillError { throw Refusal(message: e.description + " Nothing was recorded.") }
                catch let e as BillUnavailable { throw Refusal(message: e.reason + " Nothing was recorded.") }
                // Later days' bills only once those days are over.
                var later: [Bill] = []
                var day = date
                let today = BillDate.of(ctx.engine.clock.now())
                for _ in 0..<holdDays {
                    guard let next = BillDate.next(day), next < today, file == nil else { break }
                    later.append(try await source.publisher.downloadBill(date: next))
                    day = next
                }
                reports.append(try await ctx.engine.reconcile(bill, later: later, holdDays: holdDays, actor: operatorName,
                                                              query: { await source.query($0) }))
            }
            if json { printJSON(reports); return }
            if csv { printCSV(reports); return }
            for r in reports { printText(r) }
        }
    }

    func printText(_ r: ReconcileReport) {
        let open = r.items.filter { $0.state == "open" }
        let outcome = switch r.outcome {
        case .recorded: ""
        case .billChanged: " — the bill CHANGED since the last run"
        case .storeChanged: " — same bill; the store changed since the last run"
        case .unchanged: " — same bill and store as before, nothing new"
        }
        print("\(r.platform) \(r.date): \(r.tradesMatched) trade(s) \(yuan(r.tradesMatchedMinor)) and \(r.refundsMatched) refund(s) \(yuan(r.refundsMatchedMinor)) matched, fees \(yuan(r.feesMinor))\(outcome)")
        if open.isEmpty && r.held.isEmpty { print("  the store and the platform agree") }
        if !r.held.isEmpty { print("  held for a later bill: \(r.held.joined(separator: ", "))") }
        for i in r.items {
            let refund = i.refundNo.isEmpty ? "" : " refund \(i.refundNo)"
            print("  #\(i.id) \(i.kind) \(i.tradeNo)\(refund): bill \(i.billAmount.map(yuan) ?? "-"), store \(i.storeAmount.map(yuan) ?? "-") [\(i.state)]")
            print("      \(i.state == "open" ? CLI.lang.reconAction(i.action) : "resolved by \(i.resolvedBy ?? ""): \(i.resolution ?? "")")\(i.note.isEmpty ? "" : " (\(CLI.lang.reconNote(i.note)))")")
        }
    }

    func printCSV(_ reports: [ReconcileReport]) {
        print("id,platform,date,kind,trade_no,refund_no,bill_amount,store_amount,state,action,note")
        for r in reports {
            for i in r.items {
                let fields = ["\(i.id)", i.platform, i.billDate, i.kind, i.tradeNo, i.refundNo, i.billAmount.map(yuan) ?? "",
                              i.storeAmount.map(yuan) ?? "", i.state, i.action, i.note]
                print(fields.map { f in f.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f }.joined(separator: ","))
            }
        }
    }
}

func yuan(_ minor: Int64) -> String { Money.format(minor: minor, currency: .cny) }

/// Where a platform's bills and trade queries come from: the platform the store is configured
/// with for that kind (Alipay or WeChat Pay over HTTP), else the embedded sandbox (which stands for both).
struct BillSource {
    let publisher: any BillPublisher
    let query: @Sendable (String) async -> QueryOutcome

    init(ctx: Context, platform: BillPlatform) {
        let configured = ctx.engine.platform.routes.platform(for: platform == .alipay ? .alipay : .wechat)
        if let configured, let bills = configured as? any BillPublisher {
            publisher = bills
            query = { await configured.query(tradeNo: $0) }
        } else {
            let sandbox = ctx.sandbox
            publisher = SandboxBillPublisher(sandbox: sandbox, platform: platform)
            query = { await sandbox.query(tradeNo: $0) }
        }
    }
}

struct ReconcileItems: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "items", abstract: "List reconciliation days and their items.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this day, YYYY-MM-DD.") var date: String?
    @Option(help: "alipay or wechat.") var platform: String?
    @Flag(help: "Only items still open.") var open = false
    @Flag(help: "Machine-readable output.") var json = false

    struct ListJSON: Encodable {
        var days: [ReconDayRecord]
        var items: [ReconItemRecord]
    }

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let days = try ctx.engine.reconciledDays(date: date).filter { platform == nil || $0.platform == platform }
            let items = try ctx.engine.reconciliationItems(platform: platform, date: date, openOnly: open)
            if json { printJSON(ListJSON(days: days, items: items)); return }
            for d in days {
                print("\(d.billDate) \(d.platform): \(d.openItems == 0 && d.held == 0 ? "reconciled" : "\(d.openItems) open, \(d.held) held"), \(d.runs) run(s)\(d.billChanged ? ", bill changed" : "")")
            }
            for i in items {
                print("  #\(i.id) \(i.billDate) \(i.platform) \(i.kind) \(i.tradeNo)\(i.refundNo.isEmpty ? "" : " refund \(i.refundNo)") [\(i.state)]")
            }
        }
    }
}

struct ReconcileResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve a reconciliation item (supervisor).")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The item's number (#N in the listing).") var id: Int64
    @Option(help: "What was done about it.") var note: String
    @Option(name: .customLong("then"), help: ArgumentHelp(
        "apply (a payment still waiting here) or refund (a payment failed or closed here): done through the engine first.",
        valueName: "apply|refund")) var followUp: String?
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            let then: ReconFollowUp?
            if let followUp {
                guard let f = ReconFollowUp(rawValue: followUp) else { throw Refusal(message: "--then must be apply or refund.") }
                then = f
            } else { then = nil }
            let ctx = try Context(path: storeOptions.path)
            let pin = try PinInput.resolve([admin.pin])[0]
            let item = try await ctx.engine.resolveReconciliationItem(id: id, supervisor: admin.supervisor, pin: pin, note: note, then: then)
            if json { printJSON(item); return }
            print("#\(item.id) resolved by \(admin.supervisor): \(item.resolution ?? note)")
        }
    }
}
