import AlipayProtocol
import CashierCore
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
                return Self.text(e.kind == .notFound ? .notFound : .conflict, e.message)
            }
        }
        router.get("/sandbox/notices") { request, _ in
            let list = try sandbox.notices(tradeNo: request.uri.queryParameters.get("trade_no")).map(NoticeJSON.init)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(list))))
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
