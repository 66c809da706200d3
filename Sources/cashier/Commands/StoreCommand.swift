import ArgumentParser
import Foundation
import Localization
import CashierEngine

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: CLI.lang.t("cli.help.store"),
        subcommands: [StoreInit.self, StoreCopy.self])
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

struct StoreCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: CLI.lang.t("cli.help.store_copy"),
        discussion: CLI.lang.t("cli.help.store_copy_discussion"))

    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.store_copy_from"))) var from: String
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.store_copy_to"))) var to: String

    func run() async throws {
        try await guarded {
            let source = StoreLocation.absolute(from), target = StoreLocation.absolute(to)
            for address in [source, target] {
                if let refusal = Engine.refusal(forStoreAt: address) { throw Refusal(message: refusal) }
            }
            let outcome = try Engine.copyStore(from: source, to: target)
            print(CLI.lang.t("cli.store_copy.copied", ["rows": outcome.copy.rows, "tables": outcome.copy.tables.count,
                                                       "from": Engine.storeName(source), "to": Engine.storeName(target)]))
            for t in outcome.copy.tables { print(CLI.lang.t("cli.store_copy.table", ["table": t.name, "rows": t.rows])) }
            var failed = false
            for (address, violations) in [(source, outcome.sourceViolations), (target, outcome.targetViolations)] {
                let name = Engine.storeName(address)
                if violations == 0 { print(CLI.lang.t("cli.store_copy.checked", ["store": name])) } else {
                    failed = true
                    FileHandle.standardError.write(Data((CLI.lang.t("cli.store_copy.violations", ["store": name, "count": violations]) + "\n").utf8))
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
