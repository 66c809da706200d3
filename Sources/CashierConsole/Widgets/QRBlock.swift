/// Turns QR content into half-block text lines for the payment screen.
typealias QRRenderer = @Sendable (String) -> [String]?

enum QRBlock {
    /// QR-CALL-SITE: the single place the console asks for a QR code. Until
    /// `QRCode.halfBlockLines(for:)` (Sources/CashierConsole/QR/) exists this draws nothing and
    /// the payment screen shows the QR content as text instead.
    static let standard: QRRenderer = { _ in nil }
}
