import AlipayProtocol
import CashierCore
import Localization
import Foundation
import Hummingbird
import PaymentPlatform

/// `/sandbox/...`: the switches tests and demos use, and the customer simulator for QR scans.
struct SandboxAdmin: Sendable {
    let sandbox: SandboxPlatform
    let controls: SandboxControls

    func add(to router: Router<BasicRequestContext>) {
        let sandbox = self.sandbox
        let controls = self.controls
        router.get("/sandbox/health") { _, _ in Self.text(.ok, "ok") }
        router.post("/sandbox/outage") { request, _ in
            guard let seconds = request.uri.queryParameters.get("seconds", as: Double.self), seconds >= 0, seconds.isFinite else {
                return Self.text(.badRequest, "seconds must be a number of seconds such as 5 (0 ends the outage).")
            }
            controls.outage(seconds: seconds)
            return Self.text(.ok, seconds > 0 ? "the platform is unreachable for \(seconds) s" : "the platform is reachable")
        }
        router.post("/sandbox/notify") { request, _ in
            let q = request.uri.queryParameters
            guard let text = q.get("mode"), let mode = NotifyMode(rawValue: text) else {
                return Self.text(.badRequest, "mode must be one of \(NotifyMode.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let delay = q.get("delay", as: Double.self)
            if let delay, !(delay >= 0 && delay.isFinite) { return Self.text(.badRequest, "delay must be a number of seconds.") }
            controls.set(mode: mode, delaySeconds: delay)
            return Self.text(.ok, "notifications: \(mode.rawValue)")
        }
        router.post("/sandbox/scan") { request, _ in
            let q = request.uri.queryParameters
            guard let tradeNo = q.get("trade_no"), !tradeNo.isEmpty else { return Self.text(.badRequest, "trade_no is missing.") }
            guard let outcome = ScanOutcome(rawValue: q.get("outcome") ?? "success") else {
                return Self.text(.badRequest, "outcome must be success, fail or abandon.")
            }
            do {
                try sandbox.scan(tradeNo: tradeNo, outcome: outcome)
                return Self.text(.ok, "Customer scanned \(tradeNo): \(outcome.rawValue).")
            } catch let e as CashierError {
                return Self.text(e.kind == .notFound ? .notFound : .conflict, Language.en.sentence(e))
            }
        }
        router.post("/sandbox/fault") { request, _ in
            var q: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { q[String(k)] = String(v) }
            return Self.fault(q, sandbox)
        }
        router.post("/sandbox/fee") { request, _ in
            guard let text = request.uri.queryParameters.get("rate"), let rate = try? Yuan.parse(text), rate.minor <= 10_000 else {
                return Self.text(.badRequest, "rate must be a percentage with at most two decimals, such as 0.60 (0 to 100).")
            }
            try sandbox.setBillFeeRate(basisPoints: rate.minor)
            return Self.text(.ok, "service fee: \(text) %")
        }
        router.get("/sandbox/notices") { request, _ in
            let list = try sandbox.notices(tradeNo: request.uri.queryParameters.get("trade_no")).map(NoticeJSON.init)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(list))))
        }
    }

    /// `POST /sandbox/fault?kind=K&trade_no=T[&amount=Y][&refund_no=R][&platform=P]`: the
    /// platform disagrees with the store on purpose (SandboxBillFault).
    static func fault(_ q: [String: String], _ sandbox: SandboxPlatform) -> Response {
        guard let kindText = q["kind"], let kind = SandboxBillFault(rawValue: kindText) else {
            return text(.badRequest, "kind must be one of \(SandboxBillFault.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let tradeNo = q["trade_no"], !tradeNo.isEmpty else { return text(.badRequest, "trade_no is missing.") }
        var amount: Money?
        if let a = q["amount"] {
            guard let m = try? Yuan.parse(a), m.minor > 0 else { return text(.badRequest, "amount must be yuan such as 12.30.") }
            amount = m
        }
        do {
            switch kind {
            case .charged:
                guard let platform = PlatformKind(rawValue: q["platform"] ?? "alipay"), platform != .unionpay else {
                    return text(.badRequest, "platform must be alipay or wechat.")
                }
                try sandbox.faultCharged(tradeNo: tradeNo, amount: amount, platform: platform)
                return text(.ok, "\(tradeNo) charged at the platform; the store was never told.")
            case .amount:
                guard let amount else { return text(.badRequest, "amount is missing: the amount the bill shows.") }
                try sandbox.faultBillAmount(tradeNo: tradeNo, amount: amount)
                return text(.ok, "the bill shows \(tradeNo) at \(q["amount"] ?? "").")
            case .refund:
                guard let refundNo = q["refund_no"], !refundNo.isEmpty else { return text(.badRequest, "refund_no is missing.") }
                try sandbox.faultRefundSucceeded(tradeNo: tradeNo, refundNo: refundNo)
                return text(.ok, "refund \(refundNo) of \(tradeNo) went through at the platform.")
            case .nextDay:
                try sandbox.faultBillNextDay(tradeNo: tradeNo)
                return text(.ok, "\(tradeNo) lands on the next day's bill.")
            }
        } catch let e as CashierError {
            return text(e.kind == .notFound ? .notFound : e.kind == .conflict ? .conflict : .badRequest, Language.en.sentence(e))
        } catch {
            return text(.internalServerError, "\(error)")
        }
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

struct NoticeJSON: Encodable {
    let id: Int64
    let notifyId: String
    let tradeNo: String
    let status: String
    let state: String
    let attempts: Int
    let lastError: String?

    init(_ n: SandboxNotice) {
        id = n.id
        notifyId = n.notifyID
        tradeNo = n.tradeNo
        status = n.status.rawValue
        state = n.state.rawValue
        attempts = n.attempts
        lastError = n.lastError
    }
}
