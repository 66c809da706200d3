import ArgumentParser
import CashierCore
import Foundation
import PaymentPlatform

struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The sandbox platform's customer simulator.", subcommands: [Scan.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Play the customer who scans a QR payment.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The trade number shown under the QR code (CSH…).") var tradeNo: String
        @Option(help: "success, fail or abandon.") var outcome: String = "success"

        func run() async throws {
            try await guarded {
                guard let o = SandboxPlatform.ScanOutcome(rawValue: outcome) else {
                    throw Refusal(message: "Unknown outcome \"\(outcome)\": use success, fail or abandon.")
                }
                let ctx = try Context(path: storeOptions.path)
                try ctx.sandbox.scan(tradeNo: tradeNo, outcome: o)
                print("Customer scanned \(tradeNo): \(o.rawValue).")
            }
        }
    }
}
