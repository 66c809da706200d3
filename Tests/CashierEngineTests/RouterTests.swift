import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import PaymentPlatform
import Testing

/// The engine's router: a new payment goes to the platform of its kind (a code's prefix, the
/// cashier's QR choice); every later call to the platform recorded with the payment.
@Suite struct RouterTests {
    /// Alipay to the world's sandbox, WeChat to a second one on its own file: where a trade
    /// lands shows where it was sent.
    func twoPlatforms(_ w: World) throws -> (SandboxPlatform, Engine) {
        let wechat = try SandboxPlatform(path: w.dir + "/wechat.sqlite", clock: w.clock, timeScale: w.scale)
        let engine = Engine(store: w.store, routes: PlatformRoutes([.alipay: w.sandbox, .wechat: wechat]),
                            config: EngineConfig(timeScale: w.scale), session: "router")
        return (wechat, engine)
    }

    @Test func eachPaymentGoesToItsKindsPlatformAndStaysThere() async throws {
        let w = try World()
        let (wechat, engine) = try twoPlatforms(w)
        let a = try #require(try await engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000,
                                                              onlineMode: .code(World.alipay(0)), operatorName: "cashier")).paymentOrder)
        let b = try #require(try await engine.pay(PaymentPlan(orderIds: [try w.id("S002")], online: 3_333,
                                                              onlineMode: .code(World.wechat(1)), operatorName: "cashier")).paymentOrder)
        let q = try #require(try await engine.pay(PaymentPlan(orderIds: [try w.id("M003")], online: 29_900,
                                                              onlineMode: .qr(.wechat), operatorName: "cashier")).paymentOrder)
        #expect(try w.sandbox.trade(tradeNo: a.tradeNo) != nil && wechat.trade(tradeNo: a.tradeNo) == nil)
        #expect(try wechat.trade(tradeNo: b.tradeNo) != nil && w.sandbox.trade(tradeNo: b.tradeNo) == nil)
        #expect(try wechat.trade(tradeNo: q.tradeNo)?.isQR == true && w.sandbox.trade(tradeNo: q.tradeNo) == nil)
        // The poller's queries follow the recorded platform: the WeChat code settles from WeChat's sandbox.
        w.clock.advance(seconds: 0.15)
        for _ in 0..<5 { _ = await engine.pollOnce() }
        #expect(try w.store.paymentOrder(tradeNo: b.tradeNo)?.state == .succeeded)
        // So does a refund: back through WeChat's sandbox only.
        let request = try engine.requestRefund(orderId: try w.id("S002"), amount: 1_000, reason: "part", by: "cashier")
        let refunds = try await engine.approve(requestId: request.id, supervisor: "supervisor", pin: "9999")
        #expect(refunds.map(\.state) == [.succeeded])
        #expect(try wechat.trade(tradeNo: b.tradeNo)?.refunded.minor == 1_000)
        // The report names the platform of each online payment and refund (the QR still waits).
        let x = try engine.reportX(by: "cashier")
        #expect(x.onlineByPlatform == [ReportLine(key: "alipay", count: 1, amount: 10_000), ReportLine(key: "wechat", count: 1, amount: 3_333)])
        #expect(x.onlineRefundsByPlatform == [ReportLine(key: "wechat", count: 1, amount: 1_000)])
        #expect(x.sections.contains { $0.title == "Online by platform" && $0.rows.contains(["wechat", "1", "33.33"]) })
        #expect(try w.violations() == [])
    }

    @Test func aKindWithoutAPlatformIsRefusedAndNothingIsWritten() async throws {
        let w = try World(bothPlatforms: true)
        let audit = try w.store.auditCount()
        for mode in [PaymentPlan.Online.code(World.unionpay(0)), .qr(.unionpay)] {
            #expect(await Refused.ofAsync {
                _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: mode, operatorName: "cashier"))
            } == Refused(CashierError.noPlatform(.unionpay)))
        }
        #expect(try w.store.auditCount() == audit)
        #expect(try w.order("G001").status == .unpaid)
        #expect(CashierError.noPlatform(.unionpay).remedy == .configurePlatform(.unionpay))
        // The router itself answers a stray call for an unrouted kind without reaching anything.
        let stray = await w.engine.platform.pay(PayRequest(tradeNo: "CSHX", amount: Money(minor: 1, currency: .cny), subject: "x",
                                                           mode: .code(try PaymentCode(World.unionpay(0)))))
        #expect(stray == .declined(reason: "no platform is configured for UnionPay"))
        #expect(await w.engine.platform.query(tradeNo: "CSH-NONE") == .unknown(reason: "no payment CSH-NONE is recorded here"))
    }

    @Test func theEmbeddedDefaultServesEveryKind() async throws {
        let w = try World()
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.unionpay(0)), operatorName: "cashier"))
        #expect(s.paymentOrder?.state == .succeeded && s.paymentOrder?.platform == .unionpay)
    }
}
