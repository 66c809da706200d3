import ArgumentParser
import CashierEngine
import Foundation
import Localization

@main
struct Cashier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cashier",
        abstract: "A keyboard-only cashier console and a scriptable CLI over a local SQLite store.",
        discussion: """
            Without a subcommand, opens the console (creating a demo store on first run).
            The store is --store PATH, else $CASHIER_STORE, else ~/.local/share/cashier/store.sqlite.
            Amounts are decimal strings such as 12.34.
            --lang zh|en (any command) chooses the language of screens, receipts and messages; else the
            config file's language = "zh"|"en"; else the locale (LC_ALL, LC_MESSAGES, LANG); else English.
            """,
        version: Engine.versionLine,
        subcommands: [ConsoleCommand.self, Demo.self, Orders.self, Pay.self, Status.self, Poll.self,
                      Refund.self, Cancel.self, Order.self, Webhook.self, Check.self, Sandbox.self,
                      Shift.self, Report.self, Receipt.self, User.self, Audit.self, Serve.self, Reconcile.self,
                      StoreCommand.self],
        defaultSubcommand: ConsoleCommand.self)

    /// Takes `--lang` out first (every command accepts it; `CLI.lang` reads it), then runs the rest.
    static func main() async {
        let (_, rest, problem) = LanguageChoice.extract(Array(CommandLine.arguments.dropFirst()))
        if let problem {
            FileHandle.standardError.write(Data((problem + "\n").utf8))
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot(rest)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
