import ArgumentParser
import Localization
import CashierCore
import CashierEngine
import Foundation

struct Orders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.orders"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.orders_status"))) var status: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.orders_type"))) var type: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.orders_search"))) var search: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.orders_limit"))) var limit: Int = 50
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            var statuses: [OrderStatus] = []
            if let status {
                guard let s = OrderStatus(rawValue: status.replacingOccurrences(of: "-", with: "_")) else {
                    throw Refusal(message: CLI.lang.t("cli.orders.unknown_status", ["status": status, "known": OrderStatus.allCases.map(\.rawValue).joined(separator: ", ")]))
                }
                statuses = [s]
            }
            guard limit > 0, limit <= 100_000 else { throw Refusal(message: CLI.lang.t("cli.orders.limit_range")) }
            let ctx = try Context(path: storeOptions.path)
            let rows = try ctx.engine.orders(OrderFilter(search: search ?? "", type: type, statuses: statuses, limit: limit))
            if json {
                printJSON(rows.map(OrderJSON.init))
                return
            }
            let l = CLI.lang
            if rows.isEmpty { print(l.t("cli.orders.none")); return }
            // English keeps the status keys scripts may grep for; Chinese shows the desk's words.
            // Columns are padded by display width (a CJK character takes two).
            for o in rows {
                let status = l == .en ? o.status.rawValue : l.status(o.status)
                print("\(o.number)  \(Columns.pad(o.type, 10))  \(Columns.pad(status, 18))  \(o.amount.decimal) \(o.currency.code)  \(o.customer)")
            }
        }
    }
}
