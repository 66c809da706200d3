import ArgumentParser
import CashierEngine

@main
struct Cashier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cashier",
        abstract: "A keyboard-only cashier console and a scriptable CLI over a local SQLite store.",
        discussion: """
            Without a subcommand, opens the console (creating a demo store on first run).
            The store is --store PATH, else $CASHIER_STORE, else ~/.local/share/cashier/store.sqlite.
            Amounts are decimal strings such as 12.34.
            """,
        version: Engine.versionLine,
        subcommands: [ConsoleCommand.self, Demo.self, Orders.self, Pay.self, Status.self, Poll.self,
                      Refund.self, Cancel.self, Order.self, Webhook.self, Check.self, Sandbox.self,
                      Shift.self, Report.self, Receipt.self, User.self, Audit.self, Serve.self, Reconcile.self,
                      StoreCommand.self],
        defaultSubcommand: ConsoleCommand.self)
}
