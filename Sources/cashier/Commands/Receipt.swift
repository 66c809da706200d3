import ArgumentParser
import CashierCore
import CashierEngine
import CashierReceipts
import Foundation
import Localization

struct Receipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: CLI.lang.t("cli.help.receipt"),
        discussion: CLI.lang.t("cli.help.receipt_discussion"),
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

    /// A payment without an online part is named by its checkout, which the store writes "checkout N".
    static func subject(_ s: ReceiptSummary, _ l: Language) -> String {
        guard let id = s.record.checkoutId, s.subject == "checkout \(id)" else { return s.subject }
        return l.t("cli.receipt.checkout", ["id": id])
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
    static let configuration = CommandConfiguration(commandName: "list", abstract: CLI.lang.t("cli.help.receipt_list"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.receipt_limit"))) var limit: Int = 20
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

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
                                                    "subject": Receipt.subject(s, l), "orders": s.orders.joined(separator: ","),
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
    static let configuration = CommandConfiguration(commandName: "show", abstract: CLI.lang.t("cli.help.receipt_show"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.receipt_reference"))) var reference: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.receipt_width"))) var width: Int?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.receipt_escpos"))) var escpos = false
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.receipt_encoding"))) var encoding: String?

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
        commandName: "reprint", abstract: CLI.lang.t("cli.help.receipt_reprint"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.receipt_reference"))) var reference: String
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.receipt_reprint_operator"))) var operatorName: String = "cashier"

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
