import Foundation

/// GB18030 (a superset of GBK) both ways, through Foundation's CoreFoundation encodings, which
/// swift-corelibs-foundation carries on Linux too. Shared by receipts (ESC/POS printers in
/// mainland China) and the platforms' bills (Alipay's CSV files are GBK).
public enum GB18030 {
    /// NSStringEncoding for kCFStringEncodingGB_18030_2000 (0x0632).
    public static let encoding = String.Encoding(rawValue: 0x8000_0632)

    /// Every character GB18030 can take; any it cannot (none in practice) becomes "?".
    public static func encode(_ text: String) -> [UInt8] {
        if let data = text.data(using: encoding, allowLossyConversion: false) { return Array(data) }
        return text.map { ch in String(ch).data(using: encoding).map(Array.init) ?? [UInt8(ascii: "?")] }.flatMap { $0 }
    }

    /// nil when the bytes are not valid GB18030.
    public static func decode(_ bytes: some Collection<UInt8>) -> String? {
        String(data: Data(bytes), encoding: encoding)
    }
}
