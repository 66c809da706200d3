import AlipayProtocol
import AsyncHTTPClient
import CashierCore
import Foundation
import Logging
import NIOCore
import PaymentPlatform
import WeChatPayProtocol

/// Turns trade changes into signed notifications and POSTs them to each trade's notify_url,
/// retrying on `NotifySchedule` until the receiver answers exactly `success` (WeChat's: XML on
/// `WeChatNotify`'s schedule until `<return_code>SUCCESS</return_code>`). The queue lives
/// in the sandbox's SQLite file, so a restart carries on where it stopped.
final class NotifyDispatcher: Sendable {
    let sandbox: SandboxPlatform
    let signer: AlipaySigner
    let wechat: WeChatMerchant
    let controls: SandboxControls
    let timeScale: TimeScale
    let client: HTTPClient
    let logger: Logger

    init(sandbox: SandboxPlatform, signer: AlipaySigner, wechat: WeChatMerchant, controls: SandboxControls,
         timeScale: TimeScale, client: HTTPClient, logger: Logger) {
        self.sandbox = sandbox
        self.signer = signer
        self.wechat = wechat
        self.controls = controls
        self.timeScale = timeScale
        self.client = client
        self.logger = logger
    }

    /// Until cancelled. One tick every half second (scaled, at least 50 ms).
    func run() async {
        let interval = max(50, timeScale.millis(0.5))
        while !Task.isCancelled {
            await tick()
            try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000)
        }
    }

    func tick() async {
        // While the platform is "down" nothing leaves it either.
        guard !controls.inOutage else { return }
        let mode = controls.mode
        let hold = timeScale.millis(controls.delaySeconds)
        do {
            try await sandbox.queueChanges(policy: controls.noticePolicy(timeScale: timeScale))
            var due = try await sandbox.dueNotices(newestFirst: mode == .reorder)
            // Reorder: hold everything until no change came for `hold`, then send the newest first.
            if mode == .reorder, let newest = due.map(\.changedAt).max(), sandbox.now - newest < hold { due = [] }
            for notice in due {
                if Task.isCancelled { return }
                if mode == .lost {
                    try await sandbox.noticeAttempted(id: notice.id, outcome: .lost)
                    continue
                }
                var answer = await deliver(notice)
                if mode == .duplicate {
                    let second = await deliver(notice)
                    if answer != nil { answer = second }
                }
                if let error = answer {
                    let retry = notice.protocol == .wechat
                        ? WeChatNotifySchedule.retryAt(after: notice.attempts + 1, now: sandbox.now, timeScale: timeScale)
                        : NotifySchedule.retryAt(after: notice.attempts + 1, now: sandbox.now, timeScale: timeScale)
                    try await sandbox.noticeAttempted(id: notice.id, outcome: .failed(error, retryAt: retry))
                    logger.info("notify \(notice.notifyID) for \(notice.tradeNo) not accepted (\(error)); \(retry == nil ? "giving up" : "will retry")")
                } else {
                    try await sandbox.noticeAttempted(id: notice.id, outcome: .delivered)
                }
            }
        } catch {
            logger.error("notify queue: \(error)")
        }
    }

    /// nil when the receiver answered `success` (WeChat: return_code SUCCESS); otherwise what went wrong.
    func deliver(_ notice: SandboxNotice) async -> String? {
        let body: String
        let isWeChat = notice.protocol == .wechat
        if isWeChat {
            body = WeChatNotify.body(notice, merchant: wechat)
        } else {
            do {
                body = FormEncoding.encode(try Self.message(notice, now: sandbox.now).form(signer: signer))
            } catch {
                return "cannot write the notify: \(error)"
            }
        }
        do {
            var request = HTTPClientRequest(url: notice.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: isWeChat ? "text/xml; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await client.execute(request, timeout: .seconds(10))
            let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            guard response.status.code == 200, isWeChat ? WeChatNotify.accepted(text) : text == "success" else {
                return "HTTP \(response.status.code): \(text.prefix(80))"
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func message(_ n: SandboxNotice, now: Millis) -> AlipayNotify {
        let status: String
        switch n.status {
        case .waiting: status = AlipayTradeStatus.waitBuyerPay
        case .succeeded: status = AlipayTradeStatus.success
        default: status = AlipayTradeStatus.closed
        }
        return AlipayNotify(notifyID: n.notifyID, notifyTime: now, appID: n.appID, tradeNo: n.platformTradeNo,
                            outTradeNo: n.tradeNo, tradeStatus: status, totalAmount: n.amount,
                            gmtPayment: n.status == .succeeded ? n.changedAt : nil, gmtClose: status == AlipayTradeStatus.closed ? n.changedAt : nil,
                            refundFee: n.refunded.minor > 0 ? n.refunded : nil)
    }
}
