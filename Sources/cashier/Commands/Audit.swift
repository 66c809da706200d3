import ArgumentParser

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log (not built yet).")

    func run() async throws { throw ValidationError("`cashier audit` is not built yet.") }
}
