import ArgumentParser

struct Shift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shift", abstract: "Shifts and the cash drawer (not built yet).")

    func run() async throws { throw ValidationError("`cashier shift` is not built yet.") }
}
