import CashierCore
import CashierReceipts
import CashierStore
import Foundation

/// What one pass over the receipts outbox did.
public struct ReceiptRun: Sendable, Equatable {
    public init() {}
    /// Receipt files written (printed or not).
    public var written = 0
    public var printed = 0
    public var printFailed = 0
    /// Could not even be written (folder missing rights, disk full): still pending, tried later.
    public var notWritten = 0
}

/// The receipts worker: the store's triggers put a numbered row in the outbox whenever a payment
/// or refund settles; this renders each to a file in the receipts folder and, when a printer is
/// configured, sends it there. A printer failure keeps the file and records the error; nothing
/// here can fail or delay a payment, which is settled before a receipt exists.
extension Engine {
    /// The configured folder, else `receipts` in the store's files folder (an SQLite store's own
    /// folder); a PostgreSQL store opened without either keeps them in the temporary folder,
    /// never in a folder named after its URL.
    public var receiptFolder: String {
        config.receipts.folder ?? ((store.filesFolder ?? (NSTemporaryDirectory() + "cashier")) + "/receipts")
    }

    /// Called after this process settled something, and on each poller cycle. Nil when there was
    /// nothing to do.
    @discardableResult
    func receiptsAfterSettlement(limit: Int = 20) async -> ReceiptRun? { receiptPass(limit: limit) }

    /// The same, synchronously: the background worker runs it on a thread of its own.
    func receiptPass(limit: Int = 20) -> ReceiptRun? {
        guard config.receipts.enabled,
              store.hasClaimableReceipts(terminal: config.terminal, othersBefore: now() - Engine.otherTerminalsWait) else { return nil }
        return writePendingReceipts(limit: limit)
    }

    /// Another terminal's receipt is left to that terminal's worker (and printer) this long.
    static let otherTerminalsWait: Millis = 120_000

    /// One pass over the outbox: claims pending receipts with a lease, renders, saves, prints.
    @discardableResult
    public func printPendingReceipts(limit: Int = 20) async -> ReceiptRun { writePendingReceipts(limit: limit) }

    /// The pass itself: synchronous (the store, the files and the printer command all block).
    func writePendingReceipts(limit: Int) -> ReceiptRun {
        var run = ReceiptRun()
        let s = config.receipts
        // A pass tries the printer at most once after it fails (PrinterOutages), so it ends well within this.
        let lease = Millis((s.printerTimeoutSeconds * 2 + 60) * 1000)
        let claimed: [ReceiptRecord]
        do {
            claimed = try store.claimPendingReceipts(owner: session, lease: lease, limit: limit, terminal: config.terminal,
                                                     othersBefore: now() - Engine.otherTerminalsWait)
        } catch {
            logger.error("claiming receipts failed: \(error)")
            return run
        }
        for r in claimed {
            let file: String
            var elsewhere: String?
            do {
                let data = try store.receiptData(r)
                if let t = data.terminal, t != config.terminal { elsewhere = t }
                let receipt = ReceiptBuilder.build(data, settings: s, copy: 0)
                file = try saveReceipt(receipt, name: Receipt.formatNumber(r.number) + "-" + r.kind.rawValue)
            } catch {
                logger.error("receipt \(r.number) could not be written: \(error)")
                run.notWritten += 1
                try? store.receiptNotWritten(id: r.id, owner: session, error: "\(error)", retryAt: now() + 30_000)
                continue
            }
            run.written += 1
            // Another terminal's customer is not at this printer: save it, print nothing here.
            let printError = s.printerCommand.flatMap { command in
                elsewhere.map { "not printed: terminal \($0) did not take it within 2 minutes; reprint it there" }
                    ?? PrinterOutages.shared.reason(command) ?? {
                    let error = sendToPrinter(file: file, command: command)
                    PrinterOutages.shared.record(command, error: error)
                    return error
                }()
            }
            if s.printerCommand != nil {
                if printError == nil { run.printed += 1 } else { run.printFailed += 1 }
            }
            if let printError { logger.error("receipt \(r.number): \(printError)") }
            do {
                try store.receiptWritten(id: r.id, owner: session, file: file, printed: s.printerCommand != nil && printError == nil,
                                         printError: printError)
            } catch {
                logger.error("receipt \(r.number) written to \(file) but not marked: \(error)")
            }
        }
        return run
    }

    /// Writes `<name>.txt` (and `<name>.escpos` when ESC/POS is on) and returns the file the
    /// printer takes: the bytes for ESC/POS printers, else the text.
    func saveReceipt(_ receipt: Receipt, name: String) throws -> String {
        let s = config.receipts
        let folder = receiptFolder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lines = ReceiptLayout.lines(receipt, width: s.width, language: s.language ?? .en, utcOffsetSeconds: utcOffset(at: receipt.time))
        let textFile = folder + "/" + name + ".txt"
        try Data(lines.map { $0.text + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: textFile), options: .atomic)
        guard s.escpos else { return textFile }
        let bytesFile = folder + "/" + name + ".escpos"
        try Data(ESCPOS.bytes(lines, encoding: s.encoding)).write(to: URL(fileURLWithPath: bytesFile), options: .atomic)
        return bytesFile
    }

    func sendToPrinter(file: String, command: String) -> String? {
        ReceiptPrinter.print(file: file, command: command, timeoutSeconds: config.receipts.printerTimeoutSeconds)
    }

    /// The store's time zone offset at that moment: receipts show the shop's wall clock, the same
    /// zone its business days (and the console's times) are in.
    func utcOffset(at millis: Millis) -> Int {
        let zone = (try? store.businessCalendar().timeZone) ?? .current
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
