import CashierCore
import CashierStore
import Foundation
import Logging
import PaymentPlatform

/// Timings of the payment flows, all multiplied by `CASHIER_TIME_SCALE`.
public struct EngineConfig: Sendable {
    public var timeScale: TimeScale
    /// Code payments are queried about every 3 s until their deadline.
    public var codeQueryInterval: Double = 3
    /// How long a QR code waits for the customer before it is closed.
    public var qrWindowSeconds: Double = 180
    /// A trade the platform has never heard of is given this long before it is closed
    /// (the pay call may still be on its way from another process).
    public var notFoundGraceSeconds: Double = 10
    /// The poller's claim on an item; real time, not scaled (platform calls take real time).
    public var pollLeaseMillis: Millis = 20_000
    public var maxPinAttempts = 5
    public var pinLockoutSeconds: Double = 300
    /// This console's name: a shift belongs to a terminal and an operator.
    public var terminal: String = EngineConfig.defaultTerminal()
    /// A drawer over or short by more than this (minor units) needs a supervisor to close.
    public var overShortLimit: Int64 = 1_000
    /// Receipt layout, folder and printer (ReceiptSettings.swift).
    public var receipts = ReceiptSettings()
    /// PBKDF2 rounds for PINs set by a supervisor (tests lower it; the app keeps the default).
    public var pinRounds = PinHasher.defaultRounds

    public init(timeScale: TimeScale = .fromEnvironment()) { self.timeScale = timeScale }

    func paymentWindow(_ mode: PayMode) -> Millis {
        switch mode {
        case .code(let c): return timeScale.millis(c.platform.codeDeadlineSeconds)
        case .qr: return timeScale.millis(qrWindowSeconds)
        }
    }

    /// The order lock outlives the longest payment window, so a slow customer never loses it.
    public var lockTTL: Millis { timeScale.millis(qrWindowSeconds + 30) }
}

/// The engine: checkout, re-payment, refunds and approvals, and the poller. It decides nothing
/// the store does not re-check inside its transactions; it calls the platform outside them.
public final class Engine: Sendable {
    public let store: Store
    public let platform: any PaymentPlatform
    public let config: EngineConfig
    /// Distinguishes this process's locks and poller leases from every other process's.
    public let session: String
    let logger = Logger(label: "cashier.engine")
    /// This process's background receipts worker (ReceiptQueue.swift).
    let receiptQueue = ReceiptQueue()

    public init(store: Store, platform: any PaymentPlatform, config: EngineConfig = EngineConfig(), session: String? = nil) {
        self.store = store
        self.platform = platform
        self.config = config
        self.session = session ?? "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    public var clock: any Clock { store.clock }
    func now() -> Millis { store.clock.now() }
    func after(_ seconds: Double) -> Millis { now() + config.timeScale.millis(seconds) }

    public func holder(_ user: String, _ channel: Channel) -> Holder {
        Holder(owner: user, channel: channel, session: session)
    }
}

extension CashierError {
    /// Wraps a store-level error that is not ours (SQLite trouble) in one clear sentence.
    static func from(_ error: any Error) -> CashierError {
        if let e = error as? CashierError { return e }
        if let e = error as? StoreError { return CashierError(.invalid, e.description) }
        return CashierError(.internal, "The store could not be written (\(error)): try again; if it persists, run `cashier check`.")
    }
}

/// Runs a store call and turns any error into a CashierError.
func storeCall<T>(_ body: () throws -> T) throws(CashierError) -> T {
    do { return try body() } catch { throw CashierError.from(error) }
}
