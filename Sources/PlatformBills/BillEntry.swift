import CashierCore

public enum BillPlatform: String, Sendable, Codable, CaseIterable {
    case alipay, wechat
}

/// One line of a platform's bill: a trade that took the customer's money, or a refund of one.
/// Amounts are positive minor units (fen); `feeMinor` is what the platform keeps: positive on a
/// trade, negative on a refund (the share of the fee given back).
public struct BillEntry: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case trade, refund }
    /// A trade row's state as the bill tells it; refunds on a bill have all succeeded.
    public enum Status: String, Sendable, Codable {
        case succeeded
        /// WeChat's REVOKED: paid, then reversed by the merchant.
        case revoked
        case refunded
    }

    public var kind: Kind
    public var merchantTradeNo: String
    /// nil on Alipay's refund row of a cancelled trade (no request number was given).
    public var merchantRefundNo: String?
    public var platformTradeNo: String
    public var platformRefundNo: String?
    public var amountMinor: Int64
    public var feeMinor: Int64
    public var status: Status
    public var subject: String
    /// Beijing wall clock, as millis since the epoch.
    public var createdAt: Millis?
    public var finishedAt: Millis

    public init(kind: Kind, merchantTradeNo: String, merchantRefundNo: String? = nil, platformTradeNo: String,
                platformRefundNo: String? = nil, amountMinor: Int64, feeMinor: Int64, status: Status,
                subject: String, createdAt: Millis?, finishedAt: Millis) {
        self.kind = kind
        self.merchantTradeNo = merchantTradeNo
        self.merchantRefundNo = merchantRefundNo
        self.platformTradeNo = platformTradeNo
        self.platformRefundNo = platformRefundNo
        self.amountMinor = amountMinor
        self.feeMinor = feeMinor
        self.status = status
        self.subject = subject
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// One platform's statement for one Beijing calendar day.
public struct Bill: Equatable, Sendable {
    public var platform: BillPlatform
    /// yyyy-MM-dd
    public var date: String
    public var entries: [BillEntry]

    public init(platform: BillPlatform, date: String, entries: [BillEntry]) {
        self.platform = platform
        self.date = date
        self.entries = entries
    }

    public var trades: [BillEntry] { entries.filter { $0.kind == .trade } }
    public var refunds: [BillEntry] { entries.filter { $0.kind == .refund } }
}

/// A bill that cannot be trusted whole: nothing from it may be used.
public struct BillError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the trouble is the file as a whole.
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, _ reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line > 0 ? "The bill is refused: \(file) line \(line): \(reason)."
            : "The bill is refused: \(file): \(reason)."
    }
}

/// Service fees at a rate in hundredths of a percent (60 = 0.60 %, WeChat's and Alipay's usual
/// offline rate), rounded half up to the fen as both platforms do.
public enum ServiceFee {
    public static func of(_ amountMinor: Int64, rateBasisPoints: Int64) -> Int64 {
        (amountMinor * rateBasisPoints + 5_000) / 10_000
    }

    /// "0.60%", as WeChat's 费率 column writes it.
    public static func percent(_ rateBasisPoints: Int64) -> String {
        "\(rateBasisPoints / 100).\(pad2(rateBasisPoints % 100))%"
    }

    static func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

/// Why a day's bill could not be had: the platform was not reached or refused, or what it sent
/// is not a bill that can be trusted (BillError).
public struct BillUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A platform that publishes daily bills (the HTTP adapters, the embedded sandbox).
public protocol BillPublisher: Sendable {
    /// The bill of one Beijing day (yyyy-MM-dd), parsed strictly.
    func downloadBill(date: String) async throws -> Bill
}
