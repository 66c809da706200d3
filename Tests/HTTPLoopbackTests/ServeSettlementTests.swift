import CashierCore
import Localization
@testable import CashierEngine
import CashierServer
@testable import CashierStore
import Foundation
import Testing

/// The poller inside `cashier serve`, and the counter racing the channel API.
@Suite struct ServeSettlementTests {
    @Test func whenTheCallbackIsLostThePollerInTheServerSettlesThePayment() async throws {
        let w = try await ServeWorld(runPoller: true, notify: NotifyKit.shared.settings)
        let key = try w.key()
        // The answer is lost and no notify ever comes: only the in-process poller's query can tell.
        let (tradeNo, reply) = try await w.startPayment(key: key, orders: ["D004"], code: ServeWorld.code(3))
        // Usually "waiting"; on a slow machine the poller may settle it before the answer is
        // written. Either way no notify was counted: the poller's query is what settled it.
        let outcome = reply.json["outcome"] as? String
        #expect(outcome == "waiting" || outcome == "paid", "\(reply.json)")
        try await w.eventually("the poller settles \(tradeNo)") { try w.paymentOrder(tradeNo).state == .succeeded }
        #expect(try w.order("D004").status == .paid)
        #expect(try w.store.notifyCounts(tradeNo: tradeNo).isEmpty)
        // A notify arriving after the poller settled it changes nothing and is acknowledged.
        let late = try await w.notify(try NotifyKit.shared.form(tradeNo, "TRADE_SUCCESS", amount: Money(minor: 50_000, currency: .cny), notifyId: "late"))
        #expect(late.text == "success")
        #expect(try w.store.notifyCounts(tradeNo: tradeNo) == ["duplicate": 1])
        await w.stop()
    }

    @Test func aPaymentStartedWhileThePlatformIsDownStaysPendingAndSettlesWhenItIsBack() async throws {
        // A hand-driven clock: the payment's deadline passes only if the test says so, however slow the machine.
        let clock = ManualClock()
        let w = try await ServeWorld(runPoller: true, clock: clock)
        let key = try w.key()
        w.platform.setDown(true)
        let (tradeNo, reply) = try await w.startPayment(key: key, orders: ["G001"], code: ServeWorld.code(0))
        #expect(reply.json["outcome"] as? String == "waiting")
        for asked in 1...2 {
            clock.advance(seconds: 0.1)  // the next query is due (code payments: every 30 ms at this scale)
            try await w.eventually("the poller asks while the platform is down (\(asked))") { w.platform.failedQueries >= asked }
        }
        let meanwhile = try w.paymentOrder(tradeNo)
        #expect(meanwhile.state == .pending)
        #expect(meanwhile.message?.contains("no answer") == true, "\(meanwhile.message ?? "")")
        #expect(try w.order("G001").status == .paying)
        w.platform.setDown(false)
        clock.advance(seconds: 0.1)
        try await w.eventually("settled once the platform is back") { try w.paymentOrder(tradeNo).state == .succeeded }
        #expect(try w.order("G001").status == .paid)
        #expect(try w.violations() == [])
        await w.stop()
    }

    @Test func theCounterAndTheChannelAPIPayingTheSameOrderAtOnceMakeExactlyOnePayment() async throws {
        let w = try await ServeWorld()
        let key = try w.key(.web)
        let counter = Engine(store: try w.openStore(), platform: w.sandbox,
                             config: EngineConfig(timeScale: TimeScale(0.01)), session: "counter-console")
        var apiWins = 0, counterWins = 0
        for (i, number) in ["G001", "S002", "M003", "D004", "G005"].enumerated() {
            let o = try w.order(number)
            async let api = w.call("POST", "/v1/payments", key: key, json: #"{"orders":["\#(number)"],"method":"code","code":"\#(ServeWorld.code(0, i))"}"#)
            async let desk: Result<PaymentSnapshot, CashierError> = {
                do { return .success(try await counter.pay(PaymentPlan(orderIds: [o.id], online: o.amount.minor,
                                                                        onlineMode: .code(ServeWorld.code(0, 100 + i)),
                                                                        operatorName: "cashier", channel: .counter))) }
                catch let e as CashierError { return .failure(e) } catch { return .failure(CashierError(.internal, "\(error)")) }
            }()
            let (a, d) = try await (api, desk)
            let apiPaid = a.status == 201
            let deskPaid = (try? d.get()) != nil
            #expect(apiPaid != deskPaid, "\(number): api \(a.status) \(a.text), counter \(d)")
            if apiPaid { apiWins += 1 } else {
                #expect(a.status == 409, "\(a.text)")
                // It names the counter, or (when the counter had already finished) says it is paid.
                #expect(a.errorMessage?.contains("counter") == true || a.errorMessage?.contains("already paid") == true, "\(a.text)")
            }
            if deskPaid { counterWins += 1 } else if case .failure(let e) = d {
                #expect(e.kind == .conflict)
                #expect(Language.en.words(e).contains("web") || Language.en.words(e).contains("already paid"), "\(Language.en.words(e))")
            }
            let payments = try w.store.probe(Int.self, "SELECT COUNT(*) FROM checkout_orders WHERE order_id = ?", o.id)
            #expect(payments == 1)
            #expect(try w.order(number).status == .paid)
        }
        #expect(apiWins + counterWins == 5)
        #expect(try w.violations() == [])
        await w.stop()
    }
}
