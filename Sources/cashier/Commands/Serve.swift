import ArgumentParser

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "The store's HTTP service (not built yet).")

    func run() async throws { throw ValidationError("`cashier serve` is not built yet.") }
}
