import ArgumentParser
import Localization
import CashierEngine

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: CLI.lang.t("cli.help.store"),
        subcommands: [StoreInit.self])
}

struct StoreInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: CLI.lang.t("cli.help.store_init"),
        discussion: CLI.lang.t("cli.help.store_init_discussion"))

    // Its own option (not StoreOptions, which refuses postgres:// URLs for every other command).
    @Option(name: .long, help: ArgumentHelp(CLI.lang.t("cli.help.store_init_store")))
    var store: String?

    func run() async throws {
        try await guarded {
            let outcome = try Engine.initializeStore(at: StoreLocation.resolve(store))
            switch outcome.kind {
            case .created: print("Created a Cashier store at \(outcome.location).")
            case .upgraded(let steps): print("Brought the Cashier store at \(outcome.location) up to date (\(steps.joined(separator: ", "))).")
            case .upToDate: print("\(outcome.location) is a Cashier store and up to date.")
            }
        }
    }
}
