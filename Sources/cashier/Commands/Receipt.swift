import ArgumentParser

struct Receipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receipt", abstract: "Receipts: show and reprint (not built yet).")

    func run() async throws { throw ValidationError("`cashier receipt` is not built yet.") }
}
