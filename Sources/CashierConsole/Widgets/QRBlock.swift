/// Turns QR content into half-block text lines for the payment screen.
typealias QRRenderer = @Sendable (String) -> [String]?

enum QRBlock {
    /// The single place the console asks for a QR code; tests inject a small stand-in.
    static let standard: QRRenderer = { QRCode.halfBlockLines(for: $0) }
}
