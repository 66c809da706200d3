import ArgumentParser
import CashierCore
import CashierEngine
import CashierReceipts
import Foundation
import Localization

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

    /// English keeps the keys scripts read (payment, done); Chinese words them.
    static func kind(_ k: ReceiptRecord.Kind, _ l: Language) -> String {
        switch k {
        case .payment: return l.t("cli.receipt.kind_payment")
        case .refund: return l.t("cli.receipt.kind_refund")
        }
    }

    static func state(_ s: ReceiptState, _ l: Language) -> String {
        switch s {
        case .pending: return l.t("cli.receipt.state_pending")
        case .done: return l.t("cli.receipt.state_done")
        case .printFailed: return l.t("cli.receipt.state_print_failed")
        case .historic: return l.t("cli.receipt.state_historic")
        }
    }
}

struct ListReceipts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The newest receipts, with their state and file.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many (newest first).") var limit: Int = 20
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            guard limit > 0 else { throw Refusal(message: CLI.lang.t("cli.receipt.limit_min")) }
            let ctx = try Context(path: storeOptions.path)
            let all = try ctx.engine.receiptSummaries(limit: limit)
            if json { printJSON(all.map(ReceiptJSON.init)); return }
            let l = CLI.lang
            if all.isEmpty { print(l.t("cli.receipt.none")) }
            for s in all {
                let r = s.record
                var line = l.t("cli.receipt.line", ["number": Receipt.formatNumber(r.number), "kind": Columns.pad(Receipt.kind(r.kind, l), 7),
                                                    "subject": s.subject, "orders": s.orders.joined(separator: ","),
                                                    "amount": l.amount(s.amount), "state": Receipt.state(r.state, l)])
                if r.printed { line += l.t("cli.receipt.printed") }
                if r.reprints > 0 { line += l.plural("cli.receipt.reprints", count: r.reprints) }
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
                throw Refusal(message: CLI.lang.t("cli.receipt.width", ["width": width]))
            }
            var chosen: ESCPOS.Encoding?
            if let encoding {
                guard let e = ESCPOS.Encoding(rawValue: encoding) else { throw Refusal(message: CLI.lang.t("cli.receipt.encoding")) }
                guard escpos else { throw Refusal(message: CLI.lang.t("cli.receipt.encoding_needs_escpos")) }
                chosen = e
            }
            if escpos && isatty(1) == 1 {
                throw Refusal(message: CLI.lang.t("cli.receipt.escpos_on_terminal"))
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
            let l = CLI.lang
            for r in results {
                let number = Receipt.formatNumber(r.rendered.record.number)
                let args: [String: any CustomStringConvertible] = ["number": number, "copy": r.copy, "file": r.file, "error": r.printError ?? ""]
                print(r.printed ? l.t("cli.receipt.reprinted", args)
                      : r.printError == nil ? l.t("cli.receipt.reprinted_no_printer", args) : l.t("cli.receipt.reprinted_not_printed", args))
                if let e = r.printError { failed.append("\(number): \(e)") }
            }
            if !failed.isEmpty {
                throw fail(l.t("cli.receipt.reprint_not_printed", ["failures": failed.joined(separator: "; ")]))
            }
        }
    }
}
