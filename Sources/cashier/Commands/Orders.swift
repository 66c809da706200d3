import ArgumentParser
import CashierCore
import CashierEngine
import Foundation

struct Orders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List orders, newest first.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "unpaid, paying, paid, partially_refunded, refunded, cancelled or expired.") var status: String?
    @Option(help: "Order type, e.g. goods, service, membership, deposit.") var type: String?
    @Option(help: "Order number or customer name prefix.") var search: String?
    @Option(help: "At most this many orders.") var limit: Int = 50
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            var statuses: [OrderStatus] = []
            if let status {
                guard let s = OrderStatus(rawValue: status.replacingOccurrences(of: "-", with: "_")) else {
                    throw Refusal(message: "Unknown status \"\(status)\": use one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                statuses = [s]
            }
            guard limit > 0, limit <= 100_000 else { throw Refusal(message: "--limit must be between 1 and 100000.") }
            let ctx = try Context(path: storeOptions.path)
            let rows = try ctx.engine.orders(OrderFilter(search: search ?? "", type: type, statuses: statuses, limit: limit))
            if json {
                printJSON(rows.map(OrderJSON.init))
                return
            }
            if rows.isEmpty { print("No orders match."); return }
            for o in rows {
                print("\(o.number)  \(o.type.padding(toLength: 10, withPad: " ", startingAt: 0))  \(o.status.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0))  \(o.amount.decimal) \(o.currency.code)  \(o.customer)")
            }
        }
    }
}
