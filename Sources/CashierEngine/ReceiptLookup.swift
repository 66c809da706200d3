import CashierCore
import CashierReceipts
import CashierStore

/// A receipt from history, rendered.
public struct RenderedReceipt: Sendable, Equatable {
    public var record: ReceiptRecord
    public var receipt: Receipt
    public var lines: [ReceiptLine]
    public var text: String { lines.map { $0.text + "\n" }.joined() }
    /// What a cashier would call it: the refund number, the trade number, else the receipt number.
    public var reference: String { receipt.refund?.refundNo ?? receipt.tradeNo ?? receipt.formattedNumber }
    public func escpos(_ encoding: ESCPOS.Encoding = .utf8) -> [UInt8] { ESCPOS.bytes(lines, encoding: encoding) }
}

/// A reprint: the copy number, the file written and the printer's outcome.
public struct ReprintResult: Sendable, Equatable {
    public var rendered: RenderedReceipt
    public var copy: Int
    public var file: String
    /// Nil when printed or when no printer is configured.
    public var printError: String?
    public var printed: Bool
}

extension Engine {
    /// The receipts for a receipt number (R00000012), a trade number, a refund number or an order
    /// number (its payment and refunds), oldest first, laid out at `width` (default: the config's).
    public func receipts(for reference: String, width: Int? = nil) throws(CashierError) -> [RenderedReceipt] {
        let w = width ?? config.receipts.width
        guard ReceiptSettings.validWidth(w) else {
            throw .invalid("refusal.receipt.bad_width", ["width": "\(w)"])
        }
        let records = try storeCall { try store.receipts(reference: reference) }
        guard !records.isEmpty else {
            throw .notFound("refusal.receipt.none_for", ["reference": .text(reference)])
        }
        return try records.map { r throws(CashierError) in try render(r, copy: 0, width: w) }
    }

    /// An order's receipts (its payment and refunds), oldest first; empty when it has none.
    public func receipts(orderId: Int64, width: Int? = nil) throws(CashierError) -> [RenderedReceipt] {
        let w = width ?? config.receipts.width
        return try storeCall { try store.receipts(orderId: orderId) }.map { r throws(CashierError) in try render(r, copy: 0, width: w) }
    }

    /// Receipt texts, for screens that only show them.
    public func receiptTexts(for reference: String, width: Int? = nil) throws(CashierError) -> [String] {
        try receipts(for: reference, width: width).map(\.text)
    }

    func render(_ r: ReceiptRecord, copy: Int, width: Int) throws(CashierError) -> RenderedReceipt {
        let data = try storeCall { try store.receiptData(r) }
        let receipt = ReceiptBuilder.build(data, settings: config.receipts, copy: copy)
        return RenderedReceipt(record: r, receipt: receipt,
                               lines: ReceiptLayout.lines(receipt, width: width, language: config.receipts.language ?? .en, utcOffsetSeconds: utcOffset(at: receipt.time)))
    }

    /// Reprints: each receipt the reference names is written again as a numbered copy marked
    /// "REPRINT" and sent to the printer when one is configured. Audited.
    public func reprint(_ reference: String, by user: String) async throws(CashierError) -> [ReprintResult] {
        _ = try requireUser(user)
        var results: [ReprintResult] = []
        for r in try receipts(for: reference).map(\.record) { results.append(try await reprint(r, by: user)) }
        return results
    }

    /// Reprints one receipt by its id (the console's history screen).
    public func reprint(receiptId: Int64, by user: String) async throws(CashierError) -> ReprintResult {
        _ = try requireUser(user)
        guard let r = try storeCall({ try store.receipt(id: receiptId) }) else {
            throw .notFound("refusal.receipt.none_of_order", ["id": "\(receiptId)"])
        }
        return try await reprint(r, by: user)
    }

    func reprint(_ r: ReceiptRecord, by user: String) async throws(CashierError) -> ReprintResult {
        let copy = try storeCall { try store.receiptReprint(id: r.id, by: user) }
        let rendered = try render(r, copy: copy, width: config.receipts.width)
        let file: String
        do {
            file = try saveReceipt(rendered.receipt, name: "\(Receipt.formatNumber(r.number))-\(r.kind.rawValue)-reprint\(copy)")
        } catch {
            throw CashierError(.internal, "refusal.receipt.not_saved", ["number": .text(Receipt.formatNumber(r.number)), "folder": "\(receiptFolder)", "error": "\(error)"])
        }
        let command = config.receipts.printerCommand
        // A reprint is asked for by a person: the printer is tried even during an outage.
        let printError = command.flatMap { sendToPrinter(file: file, command: $0) }
        if let command { PrinterOutages.shared.record(command, error: printError) }
        let printed = command != nil && printError == nil
        if printed, r.state == .printFailed { try storeCall { try store.receiptPrintRecovered(id: r.id) } }
        return ReprintResult(rendered: rendered, copy: copy, file: file, printError: printError, printed: printed)
    }
}
