import ArgumentParser
import CashierCore
import Foundation
import Localization

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.cancel"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.refund_order"))) var order: String
    @OptionGroup var actor: ActorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let channel = try actor.parsedChannel()
            let ctx = try Context(path: storeOptions.path)
            let o = try ctx.order(number: order)
            let cancelled = try ctx.engine.cancelOrder(id: o.id, by: actor.operatorName, channel: channel)
            if json { printJSON(OrderJSON(cancelled)) } else { print("Order \(cancelled.number) is cancelled.") }
        }
    }
}
