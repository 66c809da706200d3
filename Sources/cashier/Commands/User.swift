import ArgumentParser

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Users: add, disable, reset a PIN (not built yet).")

    func run() async throws { throw ValidationError("`cashier user` is not built yet.") }
}
