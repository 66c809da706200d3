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
        abstract: "Create the store: an SQLite file, or the schema in an empty PostgreSQL database.",
        discussion: """
            The store is --store PATH or --store postgres://USER[:PASS]@HOST[:PORT]/DB, else $CASHIER_STORE,
            else ~/.local/share/cashier/store.sqlite. A Cashier store is brought up to date; a file or
            database that is something else, or a store written by a newer version, is refused untouched.
            """)

    // Its own option (not StoreOptions, which refuses postgres:// URLs for every other command).
    @Option(name: .long, help: "The store: a file path or postgres://USER[:PASS]@HOST[:PORT]/DB.")
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
