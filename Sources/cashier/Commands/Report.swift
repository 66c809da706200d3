import ArgumentParser

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "X and Z reports (not built yet).")

    func run() async throws { throw ValidationError("`cashier report` is not built yet.") }
}
