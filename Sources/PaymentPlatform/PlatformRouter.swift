import CashierCore

/// Which platform takes each kind of payment: one per kind, as the store's configuration names
/// them (`[platform.alipay]`, `[platform.wechat]`). A kind left out is refused before anything
/// is written.
public struct PlatformRoutes: Sendable {
    public var platforms: [PlatformKind: any PaymentPlatform]

    public init(_ platforms: [PlatformKind: any PaymentPlatform]) { self.platforms = platforms }

    /// One platform for every kind: the embedded sandbox, and tests that hold one platform.
    public static func every(_ platform: any PaymentPlatform) -> PlatformRoutes {
        PlatformRoutes(Dictionary(uniqueKeysWithValues: PlatformKind.allCases.map { ($0, platform) }))
    }

    public func platform(for kind: PlatformKind) -> (any PaymentPlatform)? { platforms[kind] }
    public var kinds: [PlatformKind] { PlatformKind.allCases.filter { platforms[$0] != nil } }
}

/// A `PaymentPlatform` that sends each call to the platform the payment belongs to: a new
/// payment by its mode (the code's prefix, or the platform the cashier picked for a QR), every
/// later call (query, cancel, close, refunds) by the platform recorded with the trade number.
public struct PlatformRouter: PaymentPlatform {
    public let routes: PlatformRoutes
    /// The platform recorded for a merchant trade number (the payment order's), nil when unknown.
    let platformOfTrade: @Sendable (String) -> PlatformKind?

    public init(routes: PlatformRoutes, platformOfTrade: @escaping @Sendable (String) -> PlatformKind?) {
        self.routes = routes
        self.platformOfTrade = platformOfTrade
    }

    /// The platform that serves this trade, if the store knows it and a platform is configured.
    public func platform(tradeNo: String) -> (any PaymentPlatform)? {
        platformOfTrade(tradeNo).flatMap(routes.platform(for:))
    }

    func unrouted(_ kind: PlatformKind) -> String { "no platform is configured for \(kind.displayName)" }
    func unrouted(tradeNo: String) -> String {
        platformOfTrade(tradeNo).map(unrouted) ?? "no payment \(tradeNo) is recorded here"
    }

    public func pay(_ request: PayRequest) async -> PayOutcome {
        // The engine refuses an unrouted kind before writing; this answers anyone else.
        guard let p = routes.platform(for: request.mode.platform) else { return .declined(reason: unrouted(request.mode.platform)) }
        return await p.pay(request)
    }

    public func precreate(_ request: PayRequest) async -> PrecreateOutcome {
        guard let p = routes.platform(for: request.mode.platform) else { return .failed(reason: unrouted(request.mode.platform)) }
        return await p.precreate(request)
    }

    // An unroutable trade is "unknown", never failed: a platform configured later may still answer.
    public func query(tradeNo: String) async -> QueryOutcome {
        guard let p = platform(tradeNo: tradeNo) else { return .unknown(reason: unrouted(tradeNo: tradeNo)) }
        return await p.query(tradeNo: tradeNo)
    }

    public func cancel(tradeNo: String) async -> CancelOutcome {
        guard let p = platform(tradeNo: tradeNo) else { return .unknown(reason: unrouted(tradeNo: tradeNo)) }
        return await p.cancel(tradeNo: tradeNo)
    }

    public func close(tradeNo: String) async -> CancelOutcome {
        guard let p = platform(tradeNo: tradeNo) else { return .unknown(reason: unrouted(tradeNo: tradeNo)) }
        return await p.close(tradeNo: tradeNo)
    }

    public func refund(_ request: RefundRequest) async -> RefundOutcome {
        guard let p = platform(tradeNo: request.tradeNo) else { return .unknown(reason: unrouted(tradeNo: request.tradeNo)) }
        return await p.refund(request)
    }

    public func refundQuery(tradeNo: String, refundNo: String) async -> RefundQueryOutcome {
        guard let p = platform(tradeNo: tradeNo) else { return .unknown(reason: unrouted(tradeNo: tradeNo)) }
        return await p.refundQuery(tradeNo: tradeNo, refundNo: refundNo)
    }
}
