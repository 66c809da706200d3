import Foundation
import GB18030Text

/// Raw bytes for printers that speak ESC/POS (Epson and the many compatible thermal printers).
///
/// Text encoding, chosen per printer:
/// - `utf8`: sends `FS ( C` with fn 48, m 2 ("character encoding: UTF-8"), understood by current
///   Epson TM models and many recent clones; text goes as UTF-8.
/// - `gb18030`: sends `FS &` (Chinese character mode, the default on printers sold in mainland
///   China) and encodes the text in GB18030, which covers every Unicode character. Characters a
///   conversion cannot take are printed as "?".
/// Bold lines are wrapped in `ESC E 1` … `ESC E 0`; the receipt ends with a feed and a partial cut
/// (`GS V 66 n`). Line text has already been cleaned of control characters by the layout.
public enum ESCPOS {
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8, gb18030
    }

    static let esc: UInt8 = 0x1B, fs: UInt8 = 0x1C, gs: UInt8 = 0x1D, lf: UInt8 = 0x0A

    public static let initialize: [UInt8] = [esc, 0x40]
    public static let boldOn: [UInt8] = [esc, 0x45, 1]
    public static let boldOff: [UInt8] = [esc, 0x45, 0]
    public static let utf8Mode: [UInt8] = [fs, 0x28, 0x43, 0x02, 0x00, 0x30, 0x02]
    public static let chineseMode: [UInt8] = [fs, 0x26]
    /// Feed 4 lines, then a partial cut.
    public static let feedAndCut: [UInt8] = [gs, 0x56, 66, 4]

    public static func bytes(_ lines: [ReceiptLine], encoding: Encoding = .utf8) -> [UInt8] {
        var out = initialize
        out += encoding == .utf8 ? utf8Mode : chineseMode
        for line in lines {
            if line.bold { out += boldOn }
            out += encode(line.text, encoding)
            if line.bold { out += boldOff }
            out.append(lf)
        }
        out += feedAndCut
        return out
    }

    static func encode(_ text: String, _ encoding: Encoding) -> [UInt8] {
        switch encoding {
        case .utf8:
            return Array(text.utf8)
        case .gb18030:
            return GB18030.encode(text)
        }
    }
}
