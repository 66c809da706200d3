import ArgumentParser
import Localization
import CashierCore
import CashierEngine
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.demo"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.demo_orders"))) var orders: Int = 2_000
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.demo_seed"))) var seed: UInt64 = 42
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.demo_replace"))) var replace = false

    func run() async throws {
        try await guarded {
            guard orders >= 0, orders <= 10_000_000 else { throw Refusal(message: CLI.lang.t("cli.demo.orders_range")) }
            let path = storeOptions.path
            let started = Date()
            try await DemoStore.create(at: path, orders: orders, seed: seed, replace: replace)
            let ctx = try Context(path: path)
            let count = try ctx.engine.orderCount()
            // The store's name: a URL's password is never printed.
            print(CLI.lang.t("cli.demo.ready", ["path": Engine.storeName(path), "count": count, "seconds": String(format: "%.1f", Date().timeIntervalSince(started))]))
        }
    }
}

enum DemoStore {
    /// Creates and seeds a store; refuses to overwrite one that holds data unless `replace`.
    static func create(at path: String, orders: Int, seed: UInt64, replace: Bool) async throws {
        let fm = FileManager.default
        // A PostgreSQL store has no file to look for: it holds data unless it is no store yet.
        if Engine.isStoreURL(path) {
            let holds: Bool
            do { holds = try Engine.storeHoldsData(at: path) } catch StoreError.noStore { holds = false }
            if holds {
                throw Refusal(message: CLI.lang.t(replace ? "cli.demo.holds_data_postgres" : "cli.demo.holds_data", ["path": Engine.storeName(path)]))
            }
        } else if fm.fileExists(atPath: path) {
            if try Engine.storeHoldsData(at: path) {
                guard replace else {
                    throw Refusal(message: CLI.lang.t("cli.demo.holds_data", ["path": path]))
                }
            }
            for suffix in ["", "-wal", "-shm"] {
                try? fm.removeItem(atPath: path + suffix)
                try? fm.removeItem(atPath: StoreLocation.sandbox(for: path) + suffix)
            }
        }
        let ctx = try Context(path: path, create: true)
        // A Chinese run seeds a Chinese shop (order types, line items); customers stay mixed.
        let seeder = DemoSeeder(orders: orders, seed: seed, pinRounds: pinRounds(), chinese: CLI.lang == .zh)
        try await seeder.seed(into: ctx.engine)
    }

    /// Tests may lower the PIN hashing cost with CASHIER_PIN_ROUNDS; the app never does.
    static func pinRounds() -> Int {
        ProcessInfo.processInfo.environment["CASHIER_PIN_ROUNDS"].flatMap(Int.init).map { max(1_000, $0) } ?? EngineConfig.defaultPinRounds
    }
}
