import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.status"),
        discussion: CLI.lang.t("cli.help.status_discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.status_subject"))) var subject: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.status_wait"))) var wait: Double?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            guard let checkoutId = try resolve(ctx) else {
                guard let o = try ctx.engine.order(number: subject) else {
                    throw Refusal(message: "\(subject) is neither an order number, a trade number nor a checkout id: check it with `cashier orders --search`.")
                }
                if json { printJSON(OrderJSON(o)) } else { print("Order \(o.number): \(o.status.rawValue), \(o.amount.decimal) \(o.currency.code), no payment yet.") }
                return
            }
            var snapshot = try ctx.engine.snapshot(checkoutId: checkoutId)
            if let wait {
                let deadline = Date().addingTimeInterval(wait)
                while !snapshot.isFinal && Date() < deadline {
                    _ = await ctx.engine.pollOnce()
                    try await Task.sleep(nanoseconds: 50_000_000)
                    snapshot = try ctx.engine.snapshot(checkoutId: checkoutId)
                }
            }
            if json { printJSON(PaymentJSON(snapshot)) } else { print(Human.payment(snapshot)) }
            if wait != nil && !snapshot.isFinal {
                throw fail("Payment still \(snapshot.paymentOrder?.state.rawValue ?? "open") after \(wait!) s: run `cashier poll` or wait longer.")
            }
        }
    }

    func resolve(_ ctx: Context) throws -> Int64? {
        if let po = try ctx.engine.paymentOrder(tradeNo: subject) { return po.checkoutId }
        if let o = try ctx.engine.order(number: subject) { return try ctx.engine.latestCheckout(orderId: o.id) }
        if let id = Int64(subject), try ctx.engine.checkout(id: id) != nil { return id }
        return nil
    }
}
