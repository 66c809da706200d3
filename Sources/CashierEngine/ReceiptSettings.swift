import CashierReceipts
import Foundation

/// How receipts are laid out and where they go (the config's `[receipts]` and `[store]` tables).
public struct ReceiptSettings: Sendable, Equatable {
    /// Printer columns: 32, 42 or 48.
    public var width = 42
    /// A shell command that takes the receipt on its standard input, e.g. `lp -d thermal`.
    /// Nil: receipts are only saved as files.
    public var printerCommand: String?
    /// Send ESC/POS bytes (bold, cut) instead of plain text to the printer; a `.escpos` file is
    /// saved beside the text.
    public var escpos = false
    public var encoding: ESCPOS.Encoding = .utf8
    /// The labels' language: zh, en or both on one receipt (nil: the language of the run).
    public var language: ReceiptLanguage?
    /// Store name, address… centred and bold at the top; footer lines centred at the bottom.
    public var header: [String] = []
    public var footer: [String] = []
    /// Default: a `receipts` folder beside the store.
    public var folder: String?
    /// A printer command still running after this long is killed and the print counts as failed.
    public var printerTimeoutSeconds: Double = 10
    /// Render and print in this process right after it settles something, and on each poller
    /// cycle. Off only for tools that must not write files (receipts then wait in the outbox).
    public var enabled = true

    public init() {}

    public static func validWidth(_ w: Int) -> Bool { ReceiptLayout.widths.contains(w) }
}
