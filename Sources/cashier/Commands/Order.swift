import ArgumentParser
import CashierCore
import CashierEngine
import CashierServer
import Foundation
import Localization

/// `cashier order add|cancel|import`: orders from a business system, typed or from a file.
struct Order: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.order"),
        subcommands: [Add.self, CancelOrder.self, Import.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.order_add"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.order_number"))) var number: String
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.order_type"))) var type: String
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.order_customer"))) var customer: String = ""
        @Option(name: .customLong("line"), help: ArgumentHelp(CLI.lang.t("cli.help.order_line"))) var lines: [String] = []
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.order_expires"))) var expires: String?
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.order_note"))) var note: String = ""
        @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.order_operator"))) var operatorName: String = "cashier"
        @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

        func run() async throws {
            try await guarded {
                let ctx = try Context(path: storeOptions.path)
                let currency = try ctx.engine.storeCurrency()
                guard !lines.isEmpty else { throw Refusal(message: "An order needs at least one --line \"NAME,QTY,PRICE\".") }
                let parsed = try lines.enumerated().map { i, text throws -> OrderDraft.Line in
                    switch OrderLineText.parse(text, currency: currency) {
                    case .success(let l): return l
                    case .failure(let why): throw Refusal(message: "--line \(i + 1) \"\(text.prefix(60))\": \(why.message)")
                    }
                }
                let at = try expires.map { try ExpiryText.parse($0, now: ctx.engine.clock.now()) }
                let draft = OrderDraft(number: number, type: type, customer: customer, currency: currency, lines: parsed,
                                       expiresAt: at, note: note)
                switch try ctx.engine.createOrders([draft], by: operatorName, channel: .counter) {
                case .created(let list):
                    let o = list[0].order
                    if json { printJSON(OrderJSON(o)) } else {
                        print(CLI.lang.t(list[0].created ? "cli.order.created" : "cli.order.unchanged", ["number": o.number, "amount": "\(o.amount)"]))
                    }
                case .refused(let r):
                    throw Refusal(message: r.items.map { CLI.lang.words($0.problem.refusal) }.joined(separator: "\n"))
                }
            }
        }
    }

    struct CancelOrder: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: CLI.lang.t("cli.help.order_cancel"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.refund_order"))) var number: String
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.order_cancel_reason"))) var reason: String
        @OptionGroup var actor: ActorOptions
        @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

        func run() async throws {
            try await guarded {
                let ctx = try Context(path: storeOptions.path)
                let o = try ctx.engine.cancelOrder(number: number, reason: reason, by: actor.operatorName, channel: try actor.parsedChannel())
                if json { printJSON(OrderJSON(o)) } else { print(CLI.lang.t("cli.order.cancelled", ["number": o.number])) }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: CLI.lang.t("cli.help.order_import"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.order_file"))) var file: String
        @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.order_import_operator"))) var operatorName: String = "cashier"

        func run() async throws {
            try await guarded {
                let ctx = try Context(path: storeOptions.path)
                let started = Date()
                let drafts = try OrderFile.read(path: file, currency: try ctx.engine.storeCurrency(), now: ctx.engine.clock.now(), lang: CLI.lang)
                switch try ctx.engine.createOrders(drafts.orders, by: operatorName, channel: .counter) {
                case .created(let list):
                    let made = list.lazy.filter(\.created).count
                    let seconds = Date().timeIntervalSince(started)
                    print(CLI.lang.t("cli.order.imported", ["file": file, "created": made, "unchanged": list.count - made,
                                                           "seconds": String(format: "%.1f", seconds)]))
                case .refused(let r):
                    let lines = r.items.map { "line \(drafts.lineOf[$0.index]): \(CLI.lang.words($0.problem.refusal))" }
                    throw Refusal(message: "\(file) was not imported (\(lines.count) problems, nothing written):\n" + lines.joined(separator: "\n"))
                }
            }
        }
    }
}

/// "NAME,QTY,PRICE" from --line: the name may hold commas (the last two fields are the numbers).
enum OrderLineText {
    static func parse(_ text: String, currency: Currency) -> Result<OrderDraft.Line, Refusal> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return .failure(Refusal(message: "write it as NAME,QTY,PRICE such as \"Term fee,1,120.00\".")) }
        let name = parts.dropLast(2).joined(separator: ",")
        guard let qty = Int64(String(parts[parts.count - 2]).trimmingSpaces) else {
            return .failure(Refusal(message: "the quantity \"\(parts[parts.count - 2])\" is not a whole number."))
        }
        do throws(MoneyParseError) {
            return .success(.init(name: name, quantity: qty, unitPrice: try Money.parse(String(parts[parts.count - 1]), currency: currency).minor))
        } catch { return .failure(Refusal(message: error.description)) }
    }
}

/// --expires: an RFC 3339 time or a delay from now (30m, 2h, 7d).
enum ExpiryText {
    static func parse(_ text: String, now: Millis) throws -> Millis {
        if let at = Timestamps.parse(text) { return at }
        let units: [Character: Millis] = ["m": 60_000, "h": 3_600_000, "d": 86_400_000]
        if let unit = text.last.flatMap({ units[$0] }), let n = Millis(text.dropLast()), n > 0, n <= 3_650 * 86_400_000 / unit {
            return now + n * unit
        }
        throw Refusal(message: "--expires \"\(text.prefix(40))\" is neither an RFC 3339 time such as 2026-12-01T18:00:00+08:00 nor a delay such as 30m, 2h or 7d.")
    }
}
