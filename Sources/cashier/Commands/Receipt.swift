import ArgumentParser
import CashierCore
import CashierEngine
import CashierReceipts
import Foundation

struct Receipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Receipts of payments and refunds: list, show, reprint.",
        discussion: """
            Every settled payment and refund gets a numbered receipt, saved as a file in the receipts folder
            beside the store and sent to the printer command of the config's [receipts] table, if any.
            REFERENCE is a receipt number (R00000012), an order number, a trade number (CSH…) or a refund number (RF…).
            """,
        subcommands: [ListReceipts.self, ShowReceipt.self, ReprintReceipt.self])
}

struct ReceiptJSON: Encodable {
    var number: String
    var kind: String
    var state: String
    var subject: String
    var orders: [String]
    var amount: String
    var currency: String
    var file: String?
    var error: String?
    var printed: Bool
    var reprints: Int

    init(_ s: ReceiptSummary) {
        let r = s.record
        number = Receipt.formatNumber(r.number); kind = r.kind.rawValue; state = r.state.rawValue; subject = s.subject
        orders = s.orders; amount = s.amount.decimal; currency = s.amount.currency.code; file = r.file; error = r.error
        printed = r.printed; reprints = r.reprints
    }
}

extension Receipt {
    static func formatNumber(_ n: Int64) -> String { CashierReceipts.Receipt.formatNumber(n) }
}

struct ListReceipts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The newest receipts, with their state and file.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many (newest first).") var limit: Int = 20
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            guard limit > 0 else { throw Refusal(message: "--limit must be at least 1.") }
            let ctx = try Context(path: storeOptions.path)
            let all = try ctx.engine.receiptSummaries(limit: limit)
            if json { printJSON(all.map(ReceiptJSON.init)); return }
            if all.isEmpty { print("No receipts yet: every settled payment and refund gets one.") }
            for s in all {
                let r = s.record
                var line = "\(Receipt.formatNumber(r.number)) \(r.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                    + "\(s.subject) \(s.orders.joined(separator: ",")) \(s.amount.decimal) \(s.amount.currency.code) — \(r.state.rawValue)"
                if r.printed { line += ", printed" }
                if r.reprints > 0 { line += ", \(r.reprints) reprint(s)" }
                if let f = r.file { line += " — \(f)" }
                if let e = r.error { line += " — \(e)" }
                print(line)
            }
        }
    }
}

struct ShowReceipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a receipt's text (or ESC/POS bytes) to stdout.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Receipt number, order number, trade number or refund number.") var reference: String
    @Option(help: "Columns: 32, 42 or 48 (default: the config's, else 42).") var width: Int?
    @Flag(help: "Raw ESC/POS bytes instead of text (redirect to a file or a printer).") var escpos = false
    @Option(help: "ESC/POS text encoding: utf8 or gb18030 (default: the config's).") var encoding: String?

    func run() async throws {
        try await guarded {
            if let width, !ReceiptSettings.validWidth(width) {
                throw Refusal(message: "--width must be 32, 42 or 48 (printer columns), not \(width).")
            }
            var chosen: ESCPOS.Encoding?
            if let encoding {
                guard let e = ESCPOS.Encoding(rawValue: encoding) else { throw Refusal(message: "--encoding must be utf8 or gb18030.") }
                guard escpos else { throw Refusal(message: "--encoding applies to --escpos output only: add --escpos or drop --encoding.") }
                chosen = e
            }
            if escpos && isatty(1) == 1 {
                throw Refusal(message: "ESC/POS bytes are not for a terminal: redirect them to a file or a printer (… --escpos > receipt.bin).")
            }
            let ctx = try Context(path: storeOptions.path)
            let rendered = try ctx.engine.receipts(for: reference, width: width)
            if escpos {
                let enc = chosen ?? ctx.engine.config.receipts.encoding
                FileHandle.standardOutput.write(Data(rendered.flatMap { $0.escpos(enc) }))
            } else {
                print(rendered.map(\.text).joined(separator: "\n"), terminator: "")
            }
        }
    }
}

struct ReprintReceipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprint", abstract: "Write a receipt again as a copy marked REPRINT and send it to the printer (audited).")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Receipt number, order number, trade number or refund number.") var reference: String
    @Option(name: .customLong("operator"), help: "The user reprinting.") var operatorName: String = "cashier"

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let results = try await ctx.engine.reprint(reference, by: operatorName)
            var failed: [String] = []
            for r in results {
                let number = Receipt.formatNumber(r.rendered.record.number)
                let printer = r.printed ? "printed" : (r.printError.map { "not printed: \($0)" } ?? "no printer configured")
                print("\(number) reprint \(r.copy): \(r.file) (\(printer))")
                if let e = r.printError { failed.append("\(number): \(e)") }
            }
            if !failed.isEmpty {
                throw fail("The reprint was saved but not printed (\(failed.joined(separator: "; "))): check the printer and the [receipts] printer command.")
            }
        }
    }
}
