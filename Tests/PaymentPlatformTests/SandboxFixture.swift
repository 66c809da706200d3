import CashierCore
import Foundation
import PaymentPlatform
import Testing

/// A sandbox on a fresh temporary file with a hand-driven clock. Delays are scaled by 1/1000,
/// so "10 s" of the sandbox is 10 ms of the manual clock and the unknown answer sleeps 2 ms.
final class Fixture: Sendable {
    static let scale = TimeScale(0.001)

    let clock = ManualClock()
    let path: String
    let sandbox: SandboxPlatform

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sandbox-test-\(UUID().uuidString).sqlite").path
        sandbox = try SandboxPlatform(path: path, clock: clock, timeScale: Self.scale)
    }

    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Another platform instance on the same file and clock, as another process would open it.
    func reopen() throws -> SandboxPlatform {
        try SandboxPlatform(path: path, clock: clock, timeScale: Self.scale)
    }

    /// Moves the clock by sandbox seconds (scaled like the sandbox's own delays).
    func advance(seconds: Double) { clock.advance(millis: Self.scale.millis(seconds)) }
}

func cny(_ minor: Int64) -> Money { Money(minor: minor, currency: .cny) }

/// WeChat: 18 digits starting 13. Alipay: 18 digits starting 28. The last digit is the behaviour.
func code(_ platform: PlatformKind = .wechat, behaviour digit: Int) -> PayMode {
    let prefix = platform == .alipay ? "28" : "13"
    return .code(try! PaymentCode(prefix + "123456789012345" + String(digit)))
}

func payRequest(_ tradeNo: String, _ amount: Money, _ mode: PayMode) -> PayRequest {
    PayRequest(tradeNo: tradeNo, amount: amount, subject: "test order", mode: mode)
}

/// 10.00 CNY, the amount of most tests.
func payRequest(_ tradeNo: String, _ mode: PayMode) -> PayRequest { payRequest(tradeNo, cny(1000), mode) }

func refundRequest(_ tradeNo: String, _ refundNo: String, _ amount: Money) -> RefundRequest {
    RefundRequest(tradeNo: tradeNo, refundNo: refundNo, amount: amount, reason: "test")
}

/// The platform trade number of a success, or nil (and a recorded issue) otherwise.
func succeeded(_ outcome: PayOutcome, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    guard case .succeeded(let number) = outcome else {
        Issue.record("expected success, got \(outcome)", sourceLocation: sourceLocation)
        return nil
    }
    return number
}

func status(_ outcome: QueryOutcome) -> TradeStatus? {
    guard case .trade(let trade) = outcome else { return nil }
    return trade.status
}

/// Pays a trade that succeeds at once (behaviour 0) and returns its platform trade number.
@discardableResult
func paidTrade(_ f: Fixture, _ tradeNo: String, _ amount: Money = cny(1000), behaviour: Int = 0) async -> String? {
    succeeded(await f.sandbox.pay(payRequest(tradeNo, amount, code(behaviour: behaviour))))
}
