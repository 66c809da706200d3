import AlipayProtocol
import CashierCore
import Foundation
import HTTPPlatform
import PaymentPlatform
import SandboxServer
import Testing

/// The sandbox server's notifications: signed forms POSTed to notify_url, retried until the
/// receiver answers exactly `success`, and the lost, duplicated, delayed and reordered modes.
@Suite(.serialized) struct GatewayNotifyTests {
    let money = Money(minor: 4_560, currency: .cny)

    func pay(_ client: HTTPPlatform, _ digit: Int, _ tradeNo: String) async -> PayOutcome {
        await client.pay(PayRequest(tradeNo: tradeNo, amount: money, subject: "Order", mode: .code(alipayCode(digit))))
    }

    @Test func aPaymentIsAnnouncedSignedToTheNotifyURL() async throws {
        let receiver = try await NotifyRecorder()
        let s = try await LoopbackSandbox()
        let client = try s.client(notifyURL: receiver.url)
        guard case .succeeded(let platformNo) = await pay(client, 0, "CSHN1") else { Issue.record("pay"); return }
        let forms = await receiver.wait { $0.count >= 1 }
        #expect(forms.count == 1)
        let n = try AlipayNotify.verified(forms[0], verifier: try s.keys.platformVerifier())
        #expect(n.outTradeNo == "CSHN1" && n.tradeNo == platformNo && n.appID == "2021000000000001")
        #expect(n.tradeStatus == AlipayTradeStatus.success && n.totalAmount == money && n.gmtPayment != nil)
        #expect(forms[0]["sign_type"] == "RSA2")
        // A full refund is announced as TRADE_CLOSED with the refunded amount.
        #expect(await client.refund(RefundRequest(tradeNo: "CSHN1", refundNo: "R1", amount: money, reason: "")) == .succeeded)
        // (A slow machine may also see the first one again: a retry is how notifications work.)
        let after = await receiver.wait { $0.contains { $0["trade_status"] == AlipayTradeStatus.closed } }
        let form = try #require(after.first { $0["trade_status"] == AlipayTradeStatus.closed })
        let closed = try AlipayNotify.verified(form, verifier: try s.keys.platformVerifier())
        #expect(closed.refundFee == money && closed.outTradeNo == "CSHN1")
        // Marked delivered once the receiver's answer is back (just after it arrived here).
        let states = await eventually { () -> [SandboxNotice.State]? in
            let states = try? s.sandbox.notices(tradeNo: "CSHN1").map(\.state)
            return states == [.delivered, .delivered] ? states : nil
        }
        #expect(states == [.delivered, .delivered])
        await s.stop()
        await receiver.stop()
    }

    @Test func retriedOnTheScheduleUntilTheAnswerIsExactlySuccess() async throws {
        // Answers "fail", then "SUCCESS", then "success": three attempts (4 min, then 10 min later, scaled).
        let receiver = try await NotifyRecorder { _, count in ["fail", "SUCCESS", "success"][min(count, 3) - 1] }
        let s = try await LoopbackSandbox(timeScale: 0.001)
        let client = try s.client(notifyURL: receiver.url)
        guard case .succeeded = await pay(client, 0, "CSHN2") else { Issue.record("pay"); return }
        let forms = await receiver.wait { $0.count >= 3 }
        #expect(forms.count >= 3)
        #expect(Set(forms.map { $0["notify_id"] ?? "" }).count == 1, "one notify_id across retries")
        let notice = await eventually { try? s.sandbox.notices(tradeNo: "CSHN2").first(where: { $0.state == .delivered }) }
        #expect(notice?.attempts == forms.count, "delivered at the attempt answered exactly success")
        await s.stop()
        await receiver.stop()
    }

    @Test func theScheduleIsAlipays() {
        let scale = TimeScale(1)
        #expect(NotifySchedule.retrySeconds == [240, 600, 600, 3600, 7200, 21600, 54000])
        #expect(NotifySchedule.retryAt(after: 1, now: 0, timeScale: scale) == 240_000)
        #expect(NotifySchedule.retryAt(after: 7, now: 0, timeScale: scale) == 54_000_000)
        #expect(NotifySchedule.retryAt(after: 8, now: 0, timeScale: scale) == nil, "eight attempts, then it gives up")
    }

    @Test func lostNotificationsNeverArriveButTheQueryTells() async throws {
        let receiver = try await NotifyRecorder()
        let s = try await LoopbackSandbox(mode: .lost)
        let client = try s.client(notifyURL: receiver.url)
        guard case .succeeded = await pay(client, 0, "CSHN3") else { Issue.record("pay"); return }
        let lost = await eventually { try? s.sandbox.notices(tradeNo: "CSHN3").first(where: { $0.state == .lost }) }
        #expect(lost != nil)
        #expect(receiver.received.isEmpty)
        guard case .trade(let t) = await client.query(tradeNo: "CSHN3") else { Issue.record("query"); return }
        #expect(t.status == .succeeded)
        await s.stop()
        await receiver.stop()
    }

    @Test func duplicatedNotificationsArriveTwiceWithOneNotifyID() async throws {
        let receiver = try await NotifyRecorder()
        let s = try await LoopbackSandbox()
        #expect(try await s.admin("/sandbox/notify?mode=duplicate").0 == 200)
        let client = try s.client(notifyURL: receiver.url)
        guard case .succeeded = await pay(client, 0, "CSHN4") else { Issue.record("pay"); return }
        let forms = await receiver.wait { $0.count >= 2 }
        #expect(forms.count >= 2)
        #expect(forms.first?["notify_id"] != nil && Set(forms.map { $0["notify_id"] ?? "" }).count == 1)
        #expect(try await s.admin("/sandbox/notify?mode=sideways").0 == 400)
        await s.stop()
        await receiver.stop()
    }

    @Test func reorderedNotificationsBringTheLaterStatusFirst() async throws {
        let receiver = try await NotifyRecorder()
        // Digit 1: waiting, then paid 10 s later (1 s here); held until 2 s pass without a change,
        // so the paid change always falls inside the hold (a hold equal to it raced on a loaded machine).
        let s = try await LoopbackSandbox(timeScale: 0.1, mode: .reorder, delaySeconds: 20)
        let client = try s.client(notifyURL: receiver.url)
        #expect(await pay(client, 1, "CSHN5") == .waitingForCustomer)
        let forms = await receiver.wait { $0.count >= 2 }
        #expect(forms.map { $0["trade_status"] ?? "" } == [AlipayTradeStatus.success, AlipayTradeStatus.waitBuyerPay])
        await s.stop()
        await receiver.stop()
    }

    @Test func delayedNotificationsWaitThenArrive() async throws {
        let receiver = try await NotifyRecorder()
        let s = try await LoopbackSandbox(timeScale: 0.01, mode: .delayed, delaySeconds: 20)
        let client = try s.client(notifyURL: receiver.url)
        guard case .succeeded = await pay(client, 0, "CSHN6") else { Issue.record("pay"); return }
        let queued = await eventually { try? s.sandbox.notices(tradeNo: "CSHN6").first }
        #expect(queued.map { $0.nextAt! - $0.changedAt } == 200, "held 20 s scaled")
        #expect(await receiver.wait { $0.count >= 1 }.count == 1)
        await s.stop()
        await receiver.stop()
    }

    @Test func aRestartKeepsTheQueue() async throws {
        let answer = Flag()
        let receiver = try await NotifyRecorder { _, _ in answer.isSet ? "success" : "busy" }
        let first = try await LoopbackSandbox(timeScale: 0.001)
        guard case .succeeded = await pay(try first.client(notifyURL: receiver.url), 0, "CSHN7") else { Issue.record("pay"); return }
        await receiver.wait { $0.count >= 1 }
        await first.stop()
        #expect(try first.sandbox.notices(tradeNo: "CSHN7").first?.state == .pending)

        answer.set()
        let second = try await LoopbackSandbox(timeScale: 0.001, dir: first.dir)
        let delivered = await eventually { try? second.sandbox.notices(tradeNo: "CSHN7").first(where: { $0.state == .delivered }) }
        #expect(delivered != nil)
        #expect(receiver.received.last?["out_trade_no"] == "CSHN7")
        await second.stop()
        await receiver.stop()
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
