import ArgumentParser
import CashierCore
import CashierStore
import Foundation

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel an unpaid order so that it can no longer be paid.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Order number.") var order: String
    @Option(name: .customLong("operator"), help: "Who cancels it.") var operatorName: String = "cashier"
    @Option(help: "counter, web, mini-program or app.") var channel: String = "counter"
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            guard let channel = Channel(rawValue: channel) else { throw Refusal(message: "Unknown channel \"\(channel)\": use counter, web, mini-program or app.") }
            let ctx = try Context(path: storeOptions.path)
            guard let o = try ctx.store.order(number: order) else { throw Refusal(message: "There is no order \(order): check the number.") }
            let cancelled = try ctx.store.cancelOrder(id: o.id, by: operatorName, channel: channel)
            if json { printJSON(OrderJSON(cancelled)) } else { print("Order \(cancelled.number) is cancelled.") }
        }
    }
}
