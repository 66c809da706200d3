import ArgumentParser
import CashierCore
import Foundation

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel an unpaid order so that it can no longer be paid.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Order number.") var order: String
    @OptionGroup var actor: ActorOptions
    @Flag(help: "Machine-readable output.") var json = false

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
