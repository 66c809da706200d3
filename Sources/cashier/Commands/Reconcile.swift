import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization
import HTTPPlatform
import PaymentPlatform
import PlatformBills

/// `cashier reconcile`: the store against the platforms' daily bills.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: CLI.lang.t("cli.help.reconcile"),
        subcommands: [ReconcileRun.self, ReconcileItems.self, ReconcileResolve.self],
        defaultSubcommand: ReconcileRun.self)
}

struct ReconcileRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: CLI.lang.t("cli.help.reconcile_run"),
        discussion: CLI.lang.t("cli.help.reconcile_run_discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_date"))) var date: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_platform"))) var platform: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_file"))) var file: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_hold_days"))) var holdDays: Int = 1
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_operator"))) var operatorName: String = "cashier"
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_csv"))) var csv = false

    func run() async throws {
        try await guarded {
            guard BillDate.start(date) != nil else { throw Refusal(message: CLI.lang.t("cli.reconcile.date")) }
            guard (0...7).contains(holdDays) else { throw Refusal(message: CLI.lang.t("cli.reconcile.hold_days")) }
            guard !(json && csv) else { throw Refusal(message: CLI.lang.t("cli.reconcile.json_or_csv")) }
            let platforms: [BillPlatform]
            if let platform {
                guard let p = BillPlatform(rawValue: platform) else { throw Refusal(message: CLI.lang.t("cli.reconcile.platform")) }
                platforms = [p]
            } else {
                guard file == nil else { throw Refusal(message: CLI.lang.t("cli.reconcile.file_needs_platform")) }
                platforms = BillPlatform.allCases
            }
            let ctx = try Context(path: storeOptions.path)
            var reports: [ReconcileReport] = []
            for p in platforms {
                let source = BillSource(ctx: ctx, platform: p)
                let bill: Bill
                do {
                    if let file {
                        guard let data = FileManager.default.contents(atPath: file) else { throw Refusal(message: CLI.lang.t("cli.reconcile.cannot_read", ["file": file])) }
                        bill = p == .alipay ? try AlipayBill.parse(Array(data), date: date) : try WeChatBill.parse(Array(data), date: date)
                    } else {
                        bill = try await source.publisher.downloadBill(date: date)
                    }
                } catch let e as BillError { throw Refusal(message: CLI.lang.t("cli.reconcile.nothing_recorded", ["problem": e.description])) }
                catch let e as BillUnavailable { throw Refusal(message: CLI.lang.t("cli.reconcile.nothing_recorded", ["problem": e.reason])) }
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

    func printText(_ r: ReconcileReport, _ l: Language = CLI.lang) {
        let open = r.items.filter { $0.state == "open" }
        let yuan = { (minor: Int64) in ReconText.money(minor, l) }
        let args: [String: any CustomStringConvertible] = [
            "platform": ReconText.platform(r.platform, l), "date": r.date, "fees": yuan(r.feesMinor),
            "trades": l.plural("cli.reconcile.trades", count: r.tradesMatched, ["amount": yuan(r.tradesMatchedMinor)]),
            "refunds": l.plural("cli.reconcile.refunds", count: r.refundsMatched, ["amount": yuan(r.refundsMatchedMinor)])]
        switch r.outcome {
        case .recorded: print(l.t("cli.reconcile.head_recorded", args))
        case .billChanged: print(l.t("cli.reconcile.head_bill_changed", args))
        case .storeChanged: print(l.t("cli.reconcile.head_store_changed", args))
        case .unchanged: print(l.t("cli.reconcile.head_unchanged", args))
        }
        if open.isEmpty && r.held.isEmpty { print("  " + l.t("cli.reconcile.agree")) }
        if !r.held.isEmpty { print("  " + l.t("cli.reconcile.held", ["trades": r.held.joined(separator: ", ")])) }
        for i in r.items {
            let item: [String: any CustomStringConvertible] = [
                "id": i.id, "kind": ReconText.kind(i.kind, l), "trade": i.tradeNo, "refund": i.refundNo,
                "bill": i.billAmount.map(yuan) ?? "-", "store": i.storeAmount.map(yuan) ?? "-", "state": ReconText.state(i.state, l)]
            print("  " + l.t(i.refundNo.isEmpty ? "cli.reconcile.item" : "cli.reconcile.item_refund", item))
            // The suggested action and the note are stored as codes, worded here as in the console.
            let text = i.state == "open" ? l.reconAction(i.action) : l.t("cli.reconcile.resolved_by", ["user": i.resolvedBy ?? "", "resolution": i.resolution ?? ""])
            print("      " + (i.note.isEmpty ? text : l.t("cli.reconcile.note", ["text": text, "note": l.reconNote(i.note)])))
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
    static let configuration = CommandConfiguration(commandName: "items", abstract: CLI.lang.t("cli.help.reconcile_items"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_items_date"))) var date: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_items_platform"))) var platform: String?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_items_open"))) var open = false
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

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
            let l = CLI.lang
            for d in days {
                let args: [String: any CustomStringConvertible] = ["date": d.billDate, "platform": ReconText.platform(d.platform, l),
                                                                   "open": d.openItems, "held": d.held, "runs": l.plural("cli.reconcile.runs", count: d.runs)]
                let key = d.openItems == 0 && d.held == 0
                    ? (d.billChanged ? "cli.reconcile.day_reconciled_changed" : "cli.reconcile.day_reconciled")
                    : (d.billChanged ? "cli.reconcile.day_open_changed" : "cli.reconcile.day_open")
                print(l.t(key, args))
            }
            for i in items {
                let args: [String: any CustomStringConvertible] = ["id": i.id, "date": i.billDate, "platform": ReconText.platform(i.platform, l),
                                                                   "kind": ReconText.kind(i.kind, l), "trade": i.tradeNo, "refund": i.refundNo,
                                                                   "state": ReconText.state(i.state, l)]
                print("  " + l.t(i.refundNo.isEmpty ? "cli.reconcile.list_item" : "cli.reconcile.list_item_refund", args))
            }
        }
    }
}

struct ReconcileResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: CLI.lang.t("cli.help.reconcile_resolve"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_resolve_id"))) var id: Int64
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_resolve_note"))) var note: String
    @Option(name: .customLong("then"), help: ArgumentHelp(CLI.lang.t("cli.help.reconcile_resolve_then"), valueName: "apply|refund")) var followUp: String?
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let then: ReconFollowUp?
            if let followUp {
                guard let f = ReconFollowUp(rawValue: followUp) else { throw Refusal(message: CLI.lang.t("cli.reconcile.then")) }
                then = f
            } else { then = nil }
            let ctx = try Context(path: storeOptions.path)
            let pin = try PinInput.resolve([admin.pin])[0]
            let item = try await ctx.engine.resolveReconciliationItem(id: id, supervisor: admin.supervisor, pin: pin, note: note, then: then)
            if json { printJSON(item); return }
            print(CLI.lang.t("cli.reconcile.resolved", ["id": item.id, "user": admin.supervisor, "resolution": item.resolution ?? note]))
        }
    }
}
