import CashierEngine
import CashierReceipts
import TOMLKit

/// The config's `[receipts]` and `[store]` tables:
///
///     [receipts]
///     width = 42                  # 32, 42 or 48 columns
///     printer = "lp -d thermal"   # a command taking the receipt on stdin; none: files only
///     escpos = true               # raw ESC/POS bytes to the printer (bold, cut)
///     encoding = "gb18030"        # ESC/POS text: "utf8" or "gb18030"
///     folder = "/srv/receipts"    # default: `receipts` beside the store
///     printer_timeout = 10        # seconds before a hanging printer command is stopped
///
///     [store]
///     name = "Cashier Demo Store"
///     header = ["1 Main Street", "Tel 021 5555 0100"]
///     footer = ["Thank you!"]
///     location = "postgres://cashier@db.shop.lan/store"   # the store (read by `Config`; after --store and $CASHIER_STORE)
enum ReceiptConfig {
    /// Nil when fine; else one sentence naming the file, the key and what to write instead.
    static func apply(key: String, _ value: any TOMLValueConvertible, file: String, to s: inout ReceiptSettings) -> String? {
        guard let table = value.table else { return "\(file): [\(key)] must be a table." }
        for k in table.keys {
            guard let v = table[k] else { continue }
            if let problem = key == "receipts" ? receipts(k, v, &s) : store(k, v, &s) {
                return "\(file): [\(key)] \(problem)"
            }
        }
        return nil
    }

    static func receipts(_ k: String, _ v: any TOMLValueConvertible, _ s: inout ReceiptSettings) -> String? {
        switch k {
        case "width":
            guard let w = v.int, ReceiptSettings.validWidth(w) else { return "width must be 32, 42 or 48 (printer columns)." }
            s.width = w
        case "printer":
            guard let p = v.string else { return "printer must be a command in quotes, such as \"lp -d thermal\"." }
            s.printerCommand = p.trimmingCharacters(in: .whitespaces).isEmpty ? nil : p
        case "escpos":
            guard let b = v.bool else { return "escpos must be true or false." }
            s.escpos = b
        case "encoding":
            guard let e = v.string.flatMap(ESCPOS.Encoding.init(rawValue:)) else { return "encoding must be \"utf8\" or \"gb18030\"." }
            s.encoding = e
        case "folder":
            guard let f = v.string, !f.isEmpty else { return "folder must be a path in quotes." }
            s.folder = StoreLocation.absolute(f)
        case "printer_timeout":
            guard let t = v.int.map(Double.init) ?? v.double, t > 0, t <= 300 else {
                return "printer_timeout must be a number of seconds between 1 and 300."
            }
            s.printerTimeoutSeconds = t
        default:
            return "unknown key \"\(k)\": remove it (known keys: width, printer, escpos, encoding, folder, printer_timeout)."
        }
        return nil
    }

    static func store(_ k: String, _ v: any TOMLValueConvertible, _ s: inout ReceiptSettings) -> String? {
        func lines(_ v: any TOMLValueConvertible) -> [String]? {
            guard let a = v.array else { return nil }
            let strings = a.compactMap { $0.string }
            return strings.count == a.count ? strings : nil
        }
        switch k {
        case "name":
            guard let n = v.string else { return "name must be a string in quotes." }
            s.header.insert(n, at: 0)
        case "header":
            guard let l = lines(v) else { return "header must be a list of strings, such as [\"1 Main Street\"]." }
            s.header += l
        case "footer":
            guard let l = lines(v) else { return "footer must be a list of strings, such as [\"Thank you!\"]." }
            s.footer = l
        case "location":
            // Read by `Config.storeLocation`; checked here with the table's other keys.
            guard let l = v.string, !l.trimmingCharacters(in: .whitespaces).isEmpty else {
                return "location must be a store path or a postgres:// URL in quotes."
            }
        default:
            return "unknown key \"\(k)\": remove it (known keys: name, header, footer, location)."
        }
        return nil
    }
}
