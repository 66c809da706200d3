import CashierCore
import CashierStore
import Foundation
import Logging
import PaymentPlatform

/// The engine's settings. Every interval of the payment and refund flows is in `poll`.
public struct EngineConfig: Sendable {
    /// When the platform is asked again, how long a customer may take, how the poller backs off.
    public var poll: PollSchedule
    /// `CASHIER_TIME_SCALE`: every wait of `poll` (and the PIN lockout) is multiplied by it.
    public var timeScale: TimeScale {
        get { poll.timeScale }
        set { poll.timeScale = newValue }
    }
    public var maxPinAttempts = 5
    public var pinLockoutSeconds: Double = 300
    /// This console's name: a shift belongs to a terminal and an operator.
    public var terminal: String = EngineConfig.defaultTerminal()
    /// A drawer over or short by more than this (minor units) needs a supervisor to close.
    public var overShortLimit: Int64 = 1_000
    /// Receipt layout, folder and printer (ReceiptSettings.swift).
    public var receipts = ReceiptSettings()
    /// PBKDF2 rounds for PINs set by a supervisor (tests lower it; the app keeps the default).
    public var pinRounds = EngineConfig.defaultPinRounds
    public static let defaultPinRounds = PinHasher.defaultRounds

    public init(timeScale: TimeScale = .fromEnvironment()) { poll = PollSchedule(timeScale: timeScale) }
}

/// The engine: checkout, re-payment, refunds and approvals, and the poller. It decides nothing
/// the store does not re-check inside its transactions; it calls the platform outside them.
public final class Engine: Sendable {
    /// The front ends never hold the store: every read and write goes through the engine.
    let store: Store
    /// Every platform call goes through the router: each payment to the platform of its kind.
    public let platform: PlatformRouter
    public let config: EngineConfig
    /// Distinguishes this process's locks and poller leases from every other process's.
    public let session: String
    let logger = Logger(label: "cashier.engine")
    /// This process's background receipts worker (ReceiptQueue.swift).
    let receiptQueue = ReceiptQueue()

    /// One platform for every kind of payment (the embedded sandbox; tests).
    public convenience init(store: Store, platform: any PaymentPlatform, config: EngineConfig = EngineConfig(), session: String? = nil) {
        self.init(store: store, routes: .every(platform), config: config, session: session)
    }

    /// One platform per kind, as the store's configuration names them; later calls follow the
    /// platform recorded with each payment order.
    public init(store: Store, routes: PlatformRoutes, config: EngineConfig = EngineConfig(), session: String? = nil) {
        self.store = store
        self.platform = PlatformRouter(routes: routes) { tradeNo in (try? store.paymentOrder(tradeNo: tradeNo))?.platform }
        self.config = config
        self.session = session ?? "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Opens the store at `path` (creating it when `create`, for a demo), then the platform, and
    /// the engine over both: how a front end starts. A store that cannot be opened throws `StoreError`.
    /// `filesFolder`: where a PostgreSQL store's host keeps its files (an SQLite store's is its folder).
    public convenience init(storeAt path: String, create: Bool = false, config: EngineConfig = EngineConfig(),
                            filesFolder: String? = nil, platforms: () throws -> PlatformRoutes) throws {
        let store = try Store(path: path, mode: create ? .createIfMissing : .existing, filesFolder: filesFolder)
        self.init(store: store, routes: try platforms(), config: config)
    }

    /// Whether the store at `path` (which must exist) holds orders or users: a demo refuses to overwrite it.
    public static func storeHoldsData(at path: String) throws -> Bool {
        try Store(path: path, mode: .existing).holdsData()
    }

    /// "14:03:07": how refusals and listings name a moment of today.
    public static func clockTime(_ millis: Millis) -> String { Store.clockTime(millis) }

    public var clock: any Clock { store.clock }
    func now() -> Millis { store.clock.now() }
    var schedule: PollSchedule { config.poll }

    public func holder(_ user: String, _ channel: Channel) -> Holder {
        Holder(owner: user, channel: channel, session: session)
    }
}

extension CashierError {
    /// Wraps a store-level error that is not ours (SQLite trouble) in one clear sentence.
    static func from(_ error: any Error) -> CashierError {
        if let e = error as? CashierError { return e }
        // Not "could not be written": it may have been, and taking the money again would be wrong.
        if let why = Store.commitOutcomeUnknown(error) { return CashierError(.internal, "refusal.outcome_unknown", ["error": "\(why)"]) }
        // A server restarting or a network gone: one plain sentence, not the driver's words.
        if Store.isUnreachable(error) { return CashierError(.internal, "refusal.store_unreachable") }
        return CashierError(.internal, "refusal.store_unwritable", ["error": "\(error)"], remedy: .retryThenCheckStore)
    }
}

/// Runs a store call and turns any error into a CashierError.
func storeCall<T>(_ body: () throws -> T) throws(CashierError) -> T {
    do { return try body() } catch { throw CashierError.from(error) }
}
