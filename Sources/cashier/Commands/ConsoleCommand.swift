import ArgumentParser
import Localization
import CashierConsole
import ConsoleEngineBridge
import CashierCore
import CashierEngine
import CashierTerminal
import Foundation
import Webhooks

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: CLI.lang.t("cli.help.console"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.console_theme")))
    var theme: String?

    /// No store yet: no file at the path, or a PostgreSQL database that holds no store (an
    /// unreachable server is not a first run: opening it says why).
    static func isFirstRun(_ path: String) -> Bool {
        guard Engine.isStoreURL(path) else { return !FileManager.default.fileExists(atPath: path) }
        do {
            _ = try Engine.storeHoldsData(at: path)
            return false
        } catch let e as StoreError {
            if case .noStore = e { return true }
            return false
        } catch {
            return false
        }
    }

    func run() throws {
        let path = storeOptions.path
        var problems: [String] = []
        if Self.isFirstRun(path) {
            print(CLI.lang.t("cli.console.first_run", ["path": path]))
            do {
                try runBlocking { try await DemoStore.create(at: path, orders: 5_000, seed: 42, replace: false) }
            } catch {
                throw fail(CLI.lang.t("cli.console.demo_failed", ["why": Wording.sentence(error)]))
            }
            // The first thing a newcomer needs: who can log in to the store just made.
            problems.append(CLI.lang.t("cli.console.new_demo"))
        }
        let ctx: Context
        do { ctx = try Context(path: path) } catch { throw fail(Wording.sentence(error)) }

        let terminal: Terminal
        do { terminal = try Terminal() } catch { throw fail(error.description) }
        let (config, configError) = Config.load()
        let name = theme ?? config.theme ?? (terminal.prefersMonochrome ? "mono" : "default")
        let (chosen, themeError) = ThemeLoader.load(named: name, searchPaths: Config.themeSearchPaths)
        // Shown on the first screen (stderr would vanish behind the full-screen console).
        problems += [configError, themeError.map { CLI.lang.t("cli.console.theme_fallback", ["problem": $0.description, "theme": chosen.name]) }].compactMap { $0 }

        // The poller runs beside the screen; its writes reach the screen through the store.
        let engine = ctx.engine
        let poller = Task.detached { await engine.runPoller(idleSeconds: 0.5) }
        defer { poller.cancel() }
        // Webhooks go out from here too; leases keep a `cashier serve` beside it from sending the same one.
        let webhooks = Task.detached { await WebhookWorker(engine: engine).run() }
        defer { webhooks.cancel() }

        let app = ConsoleApp(backend: EngineBackend(engine: engine), theme: chosen, clock: SystemClock(),
                             waker: terminal.waker, storeLabel: (path as NSString).lastPathComponent,
                             // Times on screen in the store's zone, the one its business days are cut in.
                             timeZone: (try? ctx.engine.businessCalendar().timeZone) ?? .current, lang: CLI.lang,
                             notice: problems.isEmpty ? nil : problems.joined(separator: " "))
        let log = (StoreLocation.files(for: path) as NSString).deletingLastPathComponent + "/cashier.log"
        do { try terminal.run(app, stderrLog: log) } catch { throw fail(error.description) }
        // Receipts of the last payments are written before the process exits.
        _ = try? runBlocking { await engine.flushReceipts() }
    }
}
