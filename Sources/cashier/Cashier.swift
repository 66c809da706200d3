import ArgumentParser
import CashierEngine
import Foundation
import Localization

@main
struct Cashier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cashier",
        abstract: CLI.lang.t("cli.help.cashier"),
        discussion: CLI.lang.t("cli.help.cashier_discussion"),
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
