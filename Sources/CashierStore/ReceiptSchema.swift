/// Migration "v2-receipts": receipts. Empty until its tables exist (an empty one is not registered).
enum ReceiptSchema {
    static let v2 = ("v2-receipts", "")
}
