import ArgumentParser
import CashierEngine
import Foundation
import Localization

struct Poll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.poll"))

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.poll_once"))) var once = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            if once {
                let r = await ctx.engine.pollOnce()
                print("Polled \(r.payments) payment(s) and \(r.refunds) refund(s); \(r.settled) reached a final state.")
                return
            }
            print("Polling (Ctrl-C to stop)…")
            await ctx.engine.runPoller()
        }
    }
}
