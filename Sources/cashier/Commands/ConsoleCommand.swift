import ArgumentParser
import Foundation

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the full-screen console (the default); creates a demo store on first run.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Theme name (default, dark, light, high-contrast, mono) or a theme file path.") var theme: String?

    func run() throws {
        throw fail("The console is not wired yet.")
    }
}
